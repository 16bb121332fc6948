package io.secposture.cloud.aws.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.secposture.api.SecpostureException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Not public API: a loopback HTTP endpoint in the container-credentials format that AWS SDKs (boto3 included)
 * read when {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} are set.
 *
 * <p>Each registration gets a random path and a random token; a {@code GET} of that path with exactly that token in
 * the {@code Authorization} header returns the registration's current credentials
 * ({@code {"AccessKeyId", "SecretAccessKey", "Token", "Expiration", "AccountId"}}), taken from its supplier, which
 * renews them before they expire. A request without the header gets 401, one with another token 403, an unknown or
 * revoked path 404, any method but {@code GET} 405; none of them says why beyond the status. The server listens on
 * the loopback address only and refuses any other peer. Responses are never cached ({@code Cache-Control:
 * no-store}); nothing secret is logged.
 *
 * <p>Thread-safe. Started on the first registration; {@link #close()} stops it.
 */
public final class CredentialsEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialsEndpoint.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger SERVERS = new AtomicInteger();

  private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  /** What one lease serves. */
  public interface Source {
    /**
     * Returns the current credentials, renewing them when they are about to expire.
     *
     * @return session credentials with an expiration
     * @throws SdkException if they cannot be obtained
     */
    AwsCredentials credentials();
  }

  /**
   * One lease's place on the endpoint.
   *
   * @param uri the full URI to hand to the scanner ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI})
   * @param token the authorization token ({@code AWS_CONTAINER_AUTHORIZATION_TOKEN})
   * @param path the random path, the key to revoke it
   */
  public record Registration(URI uri, String token, String path, Source source, String accountId,
      Supplier<String> description) {
    @Override
    public String toString() {
      return "Registration[" + description.get() + "]";
    }
  }

  /**
   * Registers a source under a fresh random path and token, starting the server if needed.
   *
   * @param source where the credentials come from
   * @param accountId the account the credentials are for, reported as {@code AccountId}
   * @param description what is served, for logs (no secret)
   * @return the registration
   * @throws SecpostureException if the server cannot be started
   */
  public synchronized Registration register(Source source, String accountId, Supplier<String> description) {
    if (closed) {
      throw new IllegalStateException("the credentials endpoint is closed");
    }
    start();
    byte[] pathBytes = new byte[16];
    byte[] tokenBytes = new byte[32];
    RANDOM.nextBytes(pathBytes);
    RANDOM.nextBytes(tokenBytes);
    String path = "/" + HexFormat.of().formatHex(pathBytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
    InetSocketAddress address = server.getAddress();
    URI uri = URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path);
    Registration registration = new Registration(uri, token, path, source, accountId, description);
    registrations.put(path, registration);
    return registration;
  }

  /**
   * Revokes a registration: its path answers 404 from now on.
   *
   * @param registration the registration
   */
  public void revoke(Registration registration) {
    registrations.remove(registration.path(), registration);
  }

  /**
   * Returns how many registrations are live.
   *
   * @return the count
   */
  public int live() {
    return registrations.size();
  }

  private void start() {
    if (server != null) {
      return;
    }
    try {
      HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      int number = SERVERS.incrementAndGet();
      AtomicInteger threads = new AtomicInteger();
      executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "secposture-aws-credentials-" + number + "-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
      created.setExecutor(executor);
      created.createContext("/", this::handle);
      created.start();
      server = created;
      LOG.debug("AWS credentials endpoint listening on {}", created.getAddress());
    } catch (IOException e) {
      throw new SecpostureException("cannot start the loopback AWS credentials endpoint: " + e.getMessage()
          + "; the job must be allowed to listen on 127.0.0.1", e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
        send(exchange, 403, "{\"message\":\"forbidden\"}");
        return;
      }
      Registration registration = registrations.get(exchange.getRequestURI().getRawPath());
      if (registration == null) {
        send(exchange, 404, "{\"message\":\"not found\"}");
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, "{\"message\":\"method not allowed\"}");
        return;
      }
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization == null || authorization.isEmpty()) {
        send(exchange, 401, "{\"message\":\"missing authorization\"}");
        return;
      }
      if (!MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8),
          registration.token().getBytes(StandardCharsets.UTF_8))) {
        send(exchange, 403, "{\"message\":\"forbidden\"}");
        return;
      }
      AwsCredentials credentials;
      try {
        credentials = registration.source().credentials();
      } catch (RuntimeException e) {
        LOG.warn("cannot renew the credentials of {} for its scanner: {}", registration.description().get(),
            e.getClass().getSimpleName() + (e instanceof SdkException ? ": " + firstLine(e.getMessage()) : ""));
        send(exchange, 500, "{\"message\":\"credentials unavailable\"}");
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      byte[] body = json(credentials, registration.accountId());
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static byte[] json(AwsCredentials credentials, String accountId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("AccessKeyId", credentials.accessKeyId());
      json.writeStringField("SecretAccessKey", credentials.secretAccessKey());
      if (credentials instanceof AwsSessionCredentials session) {
        json.writeStringField("Token", session.sessionToken());
      }
      Instant expiration = credentials.expirationTime().orElse(null);
      if (expiration != null) {
        json.writeStringField("Expiration", expiration.truncatedTo(ChronoUnit.SECONDS).toString());
      }
      if (accountId != null) {
        json.writeStringField("AccountId", accountId);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops the server; every registration is revoked. */
  @Override
  public synchronized void close() {
    closed = true;
    registrations.clear();
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      server = null;
    }
  }

  @Override
  public String toString() {
    return "CredentialsEndpoint[" + (server == null ? "stopped" : server.getAddress()) + ", " + registrations.size()
        + " live]";
  }
}
