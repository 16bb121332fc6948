package io.secposture.export.aws;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * A local Security Hub answering its REST JSON paths as AWS does: {@code POST /findings/import}
 * ({@code {"Findings": [...]}} to {@code {"FailedCount", "SuccessCount", "FailedFindings": [{"Id", "ErrorCode",
 * "ErrorMessage"}]}}) and {@code POST /findings} (GetFindings, over what was imported). Keeps every import request
 * with the access key and region of its SigV4 signature, and the latest state of each finding by id. Tests script
 * throttling (HTTP 429), refused findings and errors.
 */
final class FakeSecurityHub implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CREDENTIAL =
      Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/\\d{8}/([^/]+)/securityhub/aws4_request,.*");

  /** One import request as received. */
  record Import(String accessKeyId, String region, int bodyBytes, List<JsonNode> findings) {
    List<String> ids() {
      return findings.stream().map(f -> f.path("Id").asText()).toList();
    }
  }

  private final HttpServer server;
  private final List<Import> imports = new CopyOnWriteArrayList<>();
  private final Map<String, JsonNode> stored = new ConcurrentHashMap<>();
  private final AtomicInteger throttleNext = new AtomicInteger();
  private final Map<String, AtomicInteger> refuseTimes = new ConcurrentHashMap<>();
  private final Map<String, String> refuseCodes = new ConcurrentHashMap<>();
  private volatile int errorStatus;
  private volatile String errorCode;
  private final AtomicInteger otherRequests = new AtomicInteger();

  FakeSecurityHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code times} import requests get HTTP 429 TooManyRequestsException. */
  FakeSecurityHub throttle(int times) {
    throttleNext.set(times);
    return this;
  }

  /** The finding with this id is listed in FailedFindings the next {@code times} times it is sent. */
  FakeSecurityHub refuse(String id, String code, int times) {
    refuseTimes.put(id, new AtomicInteger(times));
    refuseCodes.put(id, code);
    return this;
  }

  /** Every import request fails with this status and error code. */
  FakeSecurityHub failAll(int status, String code) {
    errorStatus = status;
    errorCode = code;
    return this;
  }

  List<Import> imports() {
    return List.copyOf(imports);
  }

  /** Import requests that Security Hub answered 200. */
  List<Import> accepted() {
    return imports.stream().filter(i -> i.findings != null).toList();
  }

  /** The latest state of each finding imported, by id. */
  Map<String, JsonNode> stored() {
    return Map.copyOf(stored);
  }

  int otherRequests() {
    return otherRequests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      if (!exchange.getRequestMethod().equals("POST")) {
        otherRequests.incrementAndGet();
        send(exchange, 404, error("ResourceNotFoundException", "no such path"), "ResourceNotFoundException");
        return;
      }
      if (path.equals("/findings")) {
        getFindings(exchange);
        return;
      }
      if (!path.equals("/findings/import")) {
        otherRequests.incrementAndGet();
        send(exchange, 404, error("ResourceNotFoundException", "no such path " + path), "ResourceNotFoundException");
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      Matcher credential = CREDENTIAL.matcher(authorization == null ? "" : authorization);
      String accessKey = credential.matches() ? credential.group(1) : null;
      String region = credential.matches() ? credential.group(2) : null;
      if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        imports.add(new Import(accessKey, region, body.length, null));
        send(exchange, 429, error("TooManyRequestsException", "Rate exceeded"), "TooManyRequestsException");
        return;
      }
      if (errorStatus != 0) {
        imports.add(new Import(accessKey, region, body.length, null));
        send(exchange, errorStatus, error(errorCode, "Account is not subscribed to AWS Security Hub"), errorCode);
        return;
      }
      JsonNode request = JSON.readTree(body);
      List<JsonNode> findings = new ArrayList<>();
      request.path("Findings").forEach(findings::add);
      imports.add(new Import(accessKey, region, body.length, List.copyOf(findings)));
      ArrayNode failed = JSON.createArrayNode();
      int success = 0;
      for (JsonNode finding : findings) {
        String id = finding.path("Id").asText();
        AtomicInteger times = refuseTimes.get(id);
        if (times != null && times.getAndDecrement() > 0) {
          failed.addObject().put("Id", id).put("ErrorCode", refuseCodes.get(id))
              .put("ErrorMessage", "refused by the test");
        } else if (!finding.path("AwsAccountId").asText().isEmpty()) {
          stored.put(id, finding);
          success++;
        }
      }
      ObjectNode response = JSON.createObjectNode();
      response.put("FailedCount", failed.size());
      response.put("SuccessCount", success);
      response.set("FailedFindings", failed);
      send(exchange, 200, response, null);
    }
  }

  private void getFindings(HttpExchange exchange) throws IOException {
    ObjectNode response = JSON.createObjectNode();
    ArrayNode findings = response.putArray("Findings");
    stored.values().forEach(findings::add);
    send(exchange, 200, response, null);
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("Code", code);
    error.put("Message", message);
    return error;
  }

  private static void send(HttpExchange exchange, int status, JsonNode body, String errorType) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "test-request");
    if (errorType != null) {
      exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
