package io.secposture.cloud.aws;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local AWS Organizations speaking the real JSON 1.1 protocol ({@code X-Amz-Target:
 * AWSOrganizationsV20161128.<Operation>}, {@code application/x-amz-json-1.1}): {@code ListAccounts},
 * {@code ListChildren}, {@code ListTagsForResource} and {@code DescribeOrganization} over an organisation built by
 * the test, every list paginated two items a page with {@code NextToken}. Records each operation called.
 */
final class FakeOrganizations implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET = "AWSOrganizationsV20161128.";
  private static final int PAGE = 2;

  /** One account of the organisation. */
  record Account(String id, String name, String state, String parent, Map<String, String> tags) {
  }

  private final HttpServer server;
  private final Map<String, Account> accounts = new LinkedHashMap<>();
  private final Map<String, String> ouParents = new LinkedHashMap<>();
  private final List<String> operations = new CopyOnWriteArrayList<>();
  private final Map<String, String> denied = new ConcurrentHashMap<>();
  private volatile String management = "000000000001";

  FakeOrganizations() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  FakeOrganizations ou(String id, String parent) {
    ouParents.put(id, parent);
    return this;
  }

  FakeOrganizations account(String id, String name, String state, String parent, Map<String, String> tags) {
    accounts.put(id, new Account(id, name, state, parent, tags));
    return this;
  }

  FakeOrganizations management(String accountId) {
    this.management = accountId;
    return this;
  }

  /** Makes an operation fail with AccessDeniedException. */
  FakeOrganizations deny(String operation) {
    denied.put(operation, "You don't have permissions to access this resource.");
    return this;
  }

  List<String> operations() {
    return List.copyOf(operations);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (target == null || !target.startsWith(TARGET) || !"application/x-amz-json-1.1".equals(contentType)
          || exchange.getRequestHeaders().getFirst("Authorization") == null) {
        error(exchange, "UnrecognizedClientException", "not a signed JSON 1.1 request");
        return;
      }
      String operation = target.substring(TARGET.length());
      operations.add(operation);
      if (denied.containsKey(operation)) {
        error(exchange, "AccessDeniedException", denied.get(operation));
        return;
      }
      switch (operation) {
        case "ListAccounts":
          page(exchange, request, "Accounts", new ArrayList<>(accounts.values()), this::account);
          break;
        case "ListChildren":
          String parent = request.path("ParentId").asText();
          String type = request.path("ChildType").asText();
          List<String> children = new ArrayList<>();
          if (type.equals("ACCOUNT")) {
            accounts.values().stream().filter(a -> a.parent().equals(parent)).forEach(a -> children.add(a.id()));
          } else {
            ouParents.forEach((ou, up) -> {
              if (up.equals(parent)) {
                children.add(ou);
              }
            });
          }
          page(exchange, request, "Children", children, id -> {
            ObjectNode child = JSON.createObjectNode();
            child.put("Id", id);
            child.put("Type", type);
            return child;
          });
          break;
        case "ListTagsForResource":
          Account account = accounts.get(request.path("ResourceId").asText());
          List<Map.Entry<String, String>> tags = account == null ? List.of() : new ArrayList<>(account.tags()
              .entrySet());
          page(exchange, request, "Tags", tags, tag -> {
            ObjectNode node = JSON.createObjectNode();
            node.put("Key", tag.getKey());
            node.put("Value", tag.getValue());
            return node;
          });
          break;
        case "DescribeOrganization":
          ObjectNode organization = JSON.createObjectNode();
          ObjectNode body = organization.putObject("Organization");
          body.put("Id", "o-exampleorgid");
          body.put("MasterAccountId", management);
          body.put("FeatureSet", "ALL");
          respond(exchange, 200, organization);
          break;
        default:
          error(exchange, "InvalidAction", "unknown operation " + operation);
      }
    }
  }

  private ObjectNode account(Account account) {
    ObjectNode node = JSON.createObjectNode();
    node.put("Id", account.id());
    node.put("Arn", "arn:aws:organizations::000000000001:account/o-exampleorgid/" + account.id());
    node.put("Email", account.name() + "@example.com");
    node.put("Name", account.name());
    node.put("Status", account.state().equals("PENDING_ACTIVATION") || account.state().equals("CLOSED") ? "SUSPENDED"
        : account.state());
    node.put("State", account.state());
    node.put("JoinedMethod", "CREATED");
    node.put("JoinedTimestamp", 1.7e9);
    return node;
  }

  private <T> void page(HttpExchange exchange, JsonNode request, String field, List<T> items,
      Function<T, ObjectNode> render) throws IOException {
    int start = request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asText()) : 0;
    ObjectNode response = JSON.createObjectNode();
    ArrayNode array = response.putArray(field);
    for (int i = start; i < Math.min(items.size(), start + PAGE); i++) {
      array.add(render.apply(items.get(i)));
    }
    if (start + PAGE < items.size()) {
      response.put("NextToken", String.valueOf(start + PAGE));
    }
    respond(exchange, 200, response);
  }

  private static void error(HttpExchange exchange, String type, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", type);
    body.put("Message", message);
    exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
    respond(exchange, 400, body);
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
