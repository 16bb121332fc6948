package io.secposture.cloud.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local Google endpoints speaking the real protocols: the OAuth 2.0 token endpoint (the JWT-bearer grant of a
 * service-account key, whose RS256 signature it verifies with the key it generated), IAM Credentials
 * {@code generateAccessToken} (bearer-authenticated with a token it issued; only the service accounts the test
 * allows) and Resource Manager v3 {@code projects.list} and {@code folders.list} (paged, two per page). Records the
 * calls.
 */
final class FakeGoogle implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 2;

  /** A project or folder of the fake hierarchy. */
  record Node(String name, String parent, String id, String displayName, String state, Map<String, String> labels) {
  }

  /** A generateAccessToken call. */
  record Impersonation(String serviceAccount, String bearer, JsonNode body) {
  }

  private final HttpServer server;
  private final KeyPair key;
  private final AtomicInteger tokens = new AtomicInteger();
  private final Set<String> issuedSourceTokens = ConcurrentHashMap.newKeySet();
  private final Map<String, String> impersonatedTokens = new ConcurrentHashMap<>();
  private final Set<String> impersonable = ConcurrentHashMap.newKeySet();
  private final List<Impersonation> impersonations = new CopyOnWriteArrayList<>();
  private final List<String> listCalls = new CopyOnWriteArrayList<>();
  private final List<Node> nodes = new CopyOnWriteArrayList<>();

  FakeGoogle() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    key = generator.generateKeyPair();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  URI root() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A service-account key file whose token endpoint is this fake. */
  String serviceAccountKey(String email) {
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    ObjectNode json = JSON.createObjectNode();
    json.put("type", "service_account");
    json.put("project_id", "ci-project");
    json.put("private_key_id", "test-key-1");
    json.put("private_key", pem);
    json.put("client_email", email);
    json.put("client_id", "100000000000000000001");
    json.put("token_uri", root() + "/token");
    return json.toPrettyString();
  }

  void allowImpersonation(String serviceAccount) {
    impersonable.add(serviceAccount);
  }

  FakeGoogle project(String parent, String projectId, String displayName, String state, Map<String, String> labels) {
    nodes.add(new Node("projects/" + (1000 + nodes.size()), parent, projectId, displayName, state, labels));
    return this;
  }

  FakeGoogle folder(String parent, String folderId, String displayName, String state) {
    nodes.add(new Node("folders/" + folderId, parent, folderId, displayName, state, Map.of()));
    return this;
  }

  List<Impersonation> impersonations() {
    return List.copyOf(impersonations);
  }

  List<String> listCalls() {
    return List.copyOf(listCalls);
  }

  Set<String> issuedTokens() {
    Set<String> all = new java.util.HashSet<>(issuedSourceTokens);
    all.addAll(impersonatedTokens.keySet());
    return all;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/token") && exchange.getRequestMethod().equals("POST")) {
        token(exchange);
      } else if (path.startsWith("/v1/projects/-/serviceAccounts/") && path.endsWith(":generateAccessToken")) {
        generateAccessToken(exchange, path.substring("/v1/projects/-/serviceAccounts/".length(),
            path.length() - ":generateAccessToken".length()));
      } else if (path.equals("/v3/projects") || path.equals("/v3/folders")) {
        list(exchange, path.endsWith("projects"));
      } else {
        error(exchange, 404, "NOT_FOUND", "no such method " + path);
      }
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String assertion = form.getOrDefault("assertion", "");
    String[] parts = assertion.split("\\.");
    boolean valid = false;
    if (form.getOrDefault("grant_type", "").equals("urn:ietf:params:oauth:grant-type:jwt-bearer")
        && parts.length == 3) {
      try {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        valid = verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
      } catch (Exception e) {
        valid = false;
      }
    }
    if (!valid) {
      ObjectNode body = JSON.createObjectNode();
      body.put("error", "invalid_grant");
      body.put("error_description", "Invalid JWT Signature.");
      respond(exchange, 400, body);
      return;
    }
    String token = "ya29.source-" + tokens.incrementAndGet();
    issuedSourceTokens.add(token);
    ObjectNode body = JSON.createObjectNode();
    body.put("access_token", token);
    body.put("expires_in", 3599);
    body.put("token_type", "Bearer");
    respond(exchange, 200, body);
  }

  private void generateAccessToken(HttpExchange exchange, String serviceAccount) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    String bearer = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    if (bearer == null || !issuedSourceTokens.contains(bearer)) {
      error(exchange, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
      return;
    }
    impersonations.add(new Impersonation(serviceAccount, bearer, body));
    if (!impersonable.contains(serviceAccount)) {
      error(exchange, 403, "PERMISSION_DENIED", "Permission 'iam.serviceAccounts.getAccessToken' denied on resource"
          + " (or it may not exist).");
      return;
    }
    String token = "ya29.impersonated-" + tokens.incrementAndGet();
    impersonatedTokens.put(token, serviceAccount);
    ObjectNode response = JSON.createObjectNode();
    response.put("accessToken", token);
    response.put("expireTime", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
    respond(exchange, 200, response);
  }

  private void list(HttpExchange exchange, boolean projects) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !issuedSourceTokens.contains(authorization.replace("Bearer ", ""))) {
      error(exchange, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
      return;
    }
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery() == null ? ""
        : exchange.getRequestURI().getRawQuery());
    String parent = query.get("parent");
    listCalls.add((projects ? "projects " : "folders ") + parent);
    if (parent != null && parent.equals("organizations/999")) {
      error(exchange, 403, "PERMISSION_DENIED", "The caller does not have permission");
      return;
    }
    List<Node> children = new ArrayList<>();
    for (Node node : nodes) {
      if (node.parent().equals(parent) && node.name().startsWith(projects ? "projects/" : "folders/")) {
        children.add(node);
      }
    }
    int start = query.containsKey("pageToken") ? Integer.parseInt(query.get("pageToken")) : 0;
    ObjectNode response = JSON.createObjectNode();
    ArrayNode array = response.putArray(projects ? "projects" : "folders");
    for (int i = start; i < Math.min(children.size(), start + PAGE); i++) {
      Node node = children.get(i);
      ObjectNode item = array.addObject();
      item.put("name", node.name());
      item.put("parent", node.parent());
      item.put("displayName", node.displayName());
      item.put("state", node.state());
      if (projects) {
        item.put("projectId", node.id());
        ObjectNode labels = item.putObject("labels");
        node.labels().forEach(labels::put);
      }
    }
    if (start + PAGE < children.size()) {
      response.put("nextPageToken", String.valueOf(start + PAGE));
    }
    respond(exchange, 200, response);
  }

  private static void error(HttpExchange exchange, int status, String reason, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", status);
    error.put("message", message);
    error.put("status", reason);
    respond(exchange, status, body);
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> form(String text) {
    Map<String, String> values = new LinkedHashMap<>();
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
