package io.secposture.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local STS for the job's end-to-end tests, speaking the Query protocol: {@code AssumeRole} for the roles it
 * trusts (with their external id), sessions that expire after a short lifetime, every issued secret recorded. On the
 * same port it answers AWS Organizations' {@code ListAccounts} (JSON 1.1) with the accounts it was given.
 */
final class LocalSts implements AutoCloseable {
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");

  private final HttpServer server;
  private final Map<String, String> trusted = new ConcurrentHashMap<>();
  private final Set<String> secrets = ConcurrentHashMap.newKeySet();
  private final Set<String> accessKeys = ConcurrentHashMap.newKeySet();
  private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
  private final List<String> signers = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final Duration lifetime;
  private final List<String[]> organization = new CopyOnWriteArrayList<>();

  LocalSts(Duration lifetime) throws IOException {
    this.lifetime = lifetime;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void trust(String roleArn, String externalId) {
    trusted.put(roleArn, externalId);
  }

  /** Adds an account to the organisation ListAccounts returns. */
  void member(String id, String name, String state) {
    organization.add(new String[] {id, name, state});
  }

  Set<String> secrets() {
    return Set.copyOf(secrets);
  }

  Set<String> accessKeys() {
    return Set.copyOf(accessKeys);
  }

  List<Map<String, String>> calls() {
    return List.copyOf(calls);
  }

  List<String> signers() {
    return List.copyOf(signers);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if ("AWSOrganizationsV20161128.ListAccounts".equals(target)) {
        exchange.getRequestBody().readAllBytes();
        StringBuilder json = new StringBuilder("{\"Accounts\":[");
        for (String[] account : organization) {
          json.append(json.charAt(json.length() - 1) == '[' ? "" : ",").append("{\"Id\":\"").append(account[0])
              .append("\",\"Name\":\"").append(account[1]).append("\",\"Status\":\"").append(account[2])
              .append("\",\"State\":\"").append(account[2]).append("\"}");
        }
        byte[] body = json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
        return;
      }
      Map<String, String> form = new java.util.LinkedHashMap<>();
      for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
      calls.add(Map.copyOf(form));
      Matcher signer = CREDENTIAL.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      signers.add(signer.find() ? signer.group(1) : "unsigned");
      String role = form.get("RoleArn");
      if (!"AssumeRole".equals(form.get("Action")) || role == null || !trusted.containsKey(role)
          || !trusted.get(role).equals(form.get("ExternalId"))) {
        respond(exchange, 403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender"
            + "</Type><Code>AccessDenied</Code><Message>not authorized to perform: sts:AssumeRole on resource: " + role
            + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
        return;
      }
      int n = counter.incrementAndGet();
      String key = String.format("ASIALOCAL%011d", n);
      String secret = "local-secret-" + UUID.randomUUID();
      String token = "local-session-" + UUID.randomUUID() + UUID.randomUUID();
      accessKeys.add(key);
      secrets.add(secret);
      secrets.add(token);
      Instant expiry = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
      respond(exchange, 200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
          + "<AssumedRoleUser><Arn>" + role.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/s</Arn>"
          + "<AssumedRoleId>AROALOCAL:s</AssumedRoleId></AssumedRoleUser><Credentials><AccessKeyId>" + key
          + "</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey><SessionToken>" + token
          + "</SessionToken><Expiration>" + expiry + "</Expiration></Credentials></AssumeRoleResult><ResponseMetadata>"
          + "<RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></AssumeRoleResponse>");
    }
  }

  private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
