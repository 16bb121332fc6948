package io.secposture.exporters;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * A real local HTTP server standing in for a webhook endpoint (Slack, Teams, any receiver): records every request
 * (path, headers, body) and answers with the statuses queued, then 200.
 */
final class LocalHook implements AutoCloseable {
  /** One request as received. */
  record Request(String method, String path, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<int[]> answers = new ArrayDeque<>();

  LocalHook() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
      int status;
      int retryAfter;
      synchronized (this) {
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        int[] answer = answers.poll();
        status = answer == null ? 200 : answer[0];
        retryAfter = answer == null ? -1 : answer[1];
      }
      if (retryAfter >= 0) {
        exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfter));
      }
      // a receiver that echoes the path it was called on, as some do in their error pages
      byte[] reply = (status == 200 ? "ok" : "error at " + exchange.getRequestURI().getPath())
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    });
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.start();
  }

  /** Queues a status for the next request (then 200 again). */
  synchronized LocalHook answer(int status) {
    answers.add(new int[] {status, -1});
    return this;
  }

  /** Queues a status with a Retry-After header. */
  synchronized LocalHook answer(int status, int retryAfterSeconds) {
    answers.add(new int[] {status, retryAfterSeconds});
    return this;
  }

  /** Returns the URL of a path on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
