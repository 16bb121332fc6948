package io.secposture.cloud.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Local Entra ID and Resource Manager over HTTPS (both refuse plain HTTP in real life, and MSAL insists on an https
 * authority), with a certificate for 127.0.0.1 that {@code keytool} makes per test: the v2.0 token endpoint
 * ({@code client_credentials} with a client secret or a {@code jwt-bearer} client assertion, answering
 * {@code AADSTS} errors as Entra does) and {@code GET /subscriptions} (paged with {@code nextLink}, bearer tokens it
 * issued only). Records what it was sent.
 */
final class FakeAzure implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A subscription of the fake tenant. */
  record Subscription(String id, String name, String state, Map<String, String> tags) {
  }

  private final HttpsServer server;
  private final SSLContext clientContext;
  private final String tenant;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, Instant> assertions = new ConcurrentHashMap<>();
  private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
  private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
  private final List<String> otherRequests = new CopyOnWriteArrayList<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private volatile int pageSize = 2;
  private volatile String foreignNextLink;

  FakeAzure(Path directory, String tenant) throws Exception {
    this.tenant = tenant;
    Path keyStore = directory.resolve("fake-azure.p12");
    Process keytool = new ProcessBuilder("keytool", "-genkeypair", "-alias", "fake", "-keyalg", "RSA", "-keysize",
        "2048", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore",
        keyStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, "changeit".toCharArray());
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    Certificate certificate = keys.getCertificate("fake");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("fake", certificate);
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trustManagers.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  URI root() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  SSLContext clientContext() {
    return clientContext;
  }

  void application(String clientId, String secret) {
    secrets.put(clientId, secret == null ? "" : secret);
  }

  /** Accepts a federated token until its expiry. */
  void acceptAssertion(String token, Instant expiry) {
    assertions.put(token, expiry);
  }

  void subscription(String id, String name, String state, Map<String, String> tags) {
    subscriptions.add(new Subscription(id, name, state, tags));
  }

  void foreignNextLink(String link) {
    this.foreignNextLink = link;
  }

  List<Map<String, String>> tokenRequests() {
    return List.copyOf(tokenRequests);
  }

  List<String> otherRequests() {
    return List.copyOf(otherRequests);
  }

  Set<String> accessTokens() {
    return Set.copyOf(accessTokens);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/" + tenant + "/oauth2/v2.0/token") && exchange.getRequestMethod().equals("POST")) {
        token(exchange);
      } else if (path.equals("/subscriptions") && exchange.getRequestMethod().equals("GET")) {
        subscriptions(exchange);
      } else {
        otherRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "not_found");
        respond(exchange, 404, body);
      }
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    tokenRequests.add(Map.copyOf(form));
    String client = form.getOrDefault("client_id", "");
    String expected = secrets.get(client);
    if (expected == null) {
      tokenError(exchange, 400, "unauthorized_client", 700016, "Application with identifier '" + client
          + "' was not found in the directory '" + tenant + "'.");
      return;
    }
    String assertion = form.get("client_assertion");
    if (assertion != null) {
      Instant expiry = assertions.get(assertion);
      if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
          || expiry == null) {
        tokenError(exchange, 400, "invalid_client", 700211, "No matching federated identity record found for"
            + " presented assertion issuer.");
        return;
      }
      if (Instant.now().isAfter(expiry)) {
        tokenError(exchange, 400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
        return;
      }
    } else if (!expected.equals(form.getOrDefault("client_secret", ""))) {
      tokenError(exchange, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being"
          + " sent in the request is the client secret value, not the client secret ID.");
      return;
    }
    String token = "eyJ0eXAiOiJKV1QifQ.arm-" + counter.incrementAndGet() + ".sig";
    accessTokens.add(token);
    ObjectNode body = JSON.createObjectNode();
    body.put("token_type", "Bearer");
    body.put("expires_in", 3599);
    body.put("ext_expires_in", 3599);
    body.put("access_token", token);
    respond(exchange, 200, body);
  }

  private void tokenError(HttpExchange exchange, int status, String error, int code, String message)
      throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("error", error);
    body.put("error_description", "AADSTS" + code + ": " + message + " Trace ID: 00000000-0000-0000-0000-"
        + "000000000000 Correlation ID: 00000000-0000-0000-0000-000000000000 Timestamp: 2026-11-22 10:00:00Z");
    body.putArray("error_codes").add(code);
    respond(exchange, status, body);
  }

  private void subscriptions(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !accessTokens.contains(authorization.replace("Bearer ", ""))) {
      ObjectNode body = JSON.createObjectNode();
      ObjectNode error = body.putObject("error");
      error.put("code", "InvalidAuthenticationToken");
      error.put("message", "The access token is invalid.");
      respond(exchange, 401, body);
      return;
    }
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    if (!"2022-12-01".equals(query.get("api-version"))) {
      ObjectNode body = JSON.createObjectNode();
      body.putObject("error").put("code", "InvalidApiVersionParameter");
      respond(exchange, 400, body);
      return;
    }
    int start = query.containsKey("$skiptoken") ? Integer.parseInt(query.get("$skiptoken")) : 0;
    ObjectNode body = JSON.createObjectNode();
    ArrayNode value = body.putArray("value");
    List<Subscription> all = new ArrayList<>(subscriptions);
    for (int i = start; i < Math.min(all.size(), start + pageSize); i++) {
      Subscription subscription = all.get(i);
      ObjectNode item = value.addObject();
      item.put("id", "/subscriptions/" + subscription.id());
      item.put("authorizationSource", "RoleBased");
      item.put("subscriptionId", subscription.id());
      item.put("tenantId", tenant);
      item.put("displayName", subscription.name());
      item.put("state", subscription.state());
      ObjectNode tags = item.putObject("tags");
      subscription.tags().forEach(tags::put);
    }
    if (start + pageSize < all.size()) {
      body.put("nextLink", foreignNextLink != null ? foreignNextLink
          : root() + "/subscriptions?api-version=2022-12-01&$skiptoken=" + (start + pageSize));
    }
    respond(exchange, 200, body);
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> form(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    if (text == null) {
      return values;
    }
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      values.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
          equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
