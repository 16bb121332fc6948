package io.secposture.cloud.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local STS speaking the real Query protocol: form-encoded {@code POST}s answered with STS's XML. It implements
 * {@code AssumeRole} (roles it trusts, with an optional external id each; sessions expire after a configurable,
 * possibly very short, lifetime) and {@code GetCallerIdentity} (which checks that the request is signed with keys it
 * issued that have not expired, with their session token), and records every call.
 */
final class FakeSts implements AutoCloseable {
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One issued session. */
  record Issued(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration, String roleArn,
      String sessionName) {
  }

  /** One AssumeRole call as received. */
  record AssumeRoleCall(Map<String, String> form, String signedBy) {
  }

  private final HttpServer server;
  private final Map<String, String> trustedRoles = new ConcurrentHashMap<>();
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final List<AssumeRoleCall> assumeRoleCalls = new CopyOnWriteArrayList<>();
  private final List<String> callerIdentityKeys = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile Duration lifetime = Duration.ofHours(1);

  FakeSts() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Trusts a role; {@code externalId} is required when not null. */
  void trust(String roleArn, String externalId) {
    trustedRoles.put(roleArn, externalId == null ? "" : externalId);
  }

  void sessionLifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }

  List<AssumeRoleCall> assumeRoleCalls() {
    return List.copyOf(assumeRoleCalls);
  }

  List<String> callerIdentityKeys() {
    return List.copyOf(callerIdentityKeys);
  }

  Map<String, Issued> issued() {
    return Map.copyOf(issued);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      Matcher signer = CREDENTIAL.matcher(authorization == null ? "" : authorization);
      String signedBy = signer.find() ? signer.group(1) : null;
      String action = form.getOrDefault("Action", "");
      if (!exchange.getRequestMethod().equals("POST") || signedBy == null) {
        error(exchange, 403, "MissingAuthenticationToken", "Request is missing Authentication Token");
      } else if (action.equals("AssumeRole")) {
        assumeRole(exchange, form, signedBy);
      } else if (action.equals("GetCallerIdentity")) {
        callerIdentity(exchange, signedBy, exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"));
      } else {
        error(exchange, 400, "InvalidAction", "Could not find operation " + action + " for version "
            + form.get("Version"));
      }
    }
  }

  private void assumeRole(HttpExchange exchange, Map<String, String> form, String signedBy) throws IOException {
    assumeRoleCalls.add(new AssumeRoleCall(Map.copyOf(form), signedBy));
    String role = form.get("RoleArn");
    String expectedExternalId = trustedRoles.get(role);
    if (expectedExternalId == null || !expectedExternalId.equals(form.getOrDefault("ExternalId", ""))) {
      error(exchange, 403, "AccessDenied", "User: arn:aws:sts::999999999999:assumed-role/hub/ci is not authorized to"
          + " perform: sts:AssumeRole on resource: " + role);
      return;
    }
    int n = counter.incrementAndGet();
    Issued session = new Issued(String.format("ASIAFAKE%012d", n), random(30), random(60),
        Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1), role,
        form.get("RoleSessionName"));
    issued.put(session.accessKeyId(), session);
    String account = role.split(":")[4];
    String roleName = role.substring(role.lastIndexOf('/') + 1);
    respond(exchange, 200, "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        + "  <AssumeRoleResult>\n"
        + "    <AssumedRoleUser>\n"
        + "      <Arn>arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session.sessionName() + "</Arn>\n"
        + "      <AssumedRoleId>AROAFAKE" + n + ":" + session.sessionName() + "</AssumedRoleId>\n"
        + "    </AssumedRoleUser>\n"
        + "    <Credentials>\n"
        + "      <AccessKeyId>" + session.accessKeyId() + "</AccessKeyId>\n"
        + "      <SecretAccessKey>" + session.secretAccessKey() + "</SecretAccessKey>\n"
        + "      <SessionToken>" + session.sessionToken() + "</SessionToken>\n"
        + "      <Expiration>" + session.expiration() + "</Expiration>\n"
        + "    </Credentials>\n"
        + "  </AssumeRoleResult>\n"
        + "  <ResponseMetadata>\n"
        + "    <RequestId>" + java.util.UUID.randomUUID() + "</RequestId>\n"
        + "  </ResponseMetadata>\n"
        + "</AssumeRoleResponse>\n");
  }

  private void callerIdentity(HttpExchange exchange, String signedBy, String token) throws IOException {
    Issued session = issued.get(signedBy);
    if (session == null || !session.sessionToken().equals(token)) {
      error(exchange, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
      return;
    }
    if (Instant.now().isAfter(session.expiration())) {
      error(exchange, 403, "ExpiredToken", "The security token included in the request is expired");
      return;
    }
    callerIdentityKeys.add(signedBy);
    String account = session.roleArn().split(":")[4];
    String roleName = session.roleArn().substring(session.roleArn().lastIndexOf('/') + 1);
    respond(exchange, 200, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        + "  <GetCallerIdentityResult>\n"
        + "    <Arn>arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session.sessionName() + "</Arn>\n"
        + "    <UserId>AROAFAKE:" + session.sessionName() + "</UserId>\n"
        + "    <Account>" + account + "</Account>\n"
        + "  </GetCallerIdentityResult>\n"
        + "  <ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata>\n"
        + "</GetCallerIdentityResponse>\n");
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    respond(exchange, status, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        + "  <Error>\n    <Type>Sender</Type>\n    <Code>" + code + "</Code>\n    <Message>" + message
        + "</Message>\n  </Error>\n  <RequestId>" + java.util.UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n");
  }

  private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      form.put(key, value);
    }
    return form;
  }

  private static String random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes).substring(0, length).replace('+', 'x').replace('/', 'y');
  }

  /** Every secret value the fake handed out, for leak checks. */
  Set<String> secretsIssued() {
    Set<String> secrets = new java.util.HashSet<>();
    issued.values().forEach(session -> {
      secrets.add(session.secretAccessKey());
      secrets.add(session.sessionToken());
    });
    return secrets;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
