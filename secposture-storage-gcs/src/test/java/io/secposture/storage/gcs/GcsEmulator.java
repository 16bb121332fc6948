package io.secposture.storage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.secposture.api.Settings;
import io.secposture.testkit.NodeTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The Cloud Storage emulator of firebase-tools, started offline by {@code test-servers/gcs-emulator.js} on a free
 * loopback port with its own data directory, and stopped on {@link #close()} (or JVM exit).
 */
final class GcsEmulator implements AutoCloseable {
  static final String BUCKET = "secposture-tests";
  static final String PROJECT = "secposture-test";
  private static final Pattern READY = Pattern.compile("GCS_EMULATOR_READY (?<url>http://\\S+)");
  private static final AtomicInteger SITES = new AtomicInteger();

  private final NodeTestServer server;
  private final String token;

  private GcsEmulator(NodeTestServer server, String token) {
    this.server = server;
    this.token = token;
  }

  /**
   * Starts an emulator with the test bucket.
   *
   * @param token the bearer token it requires; null to accept any request
   */
  static GcsEmulator start(String token) {
    Path data;
    try {
      data = Files.createTempDirectory("gcs-emulator-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> arguments = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", "0", "--data",
        data.toString(), "--exit-with-stdin"));
    if (token != null) {
      arguments.addAll(List.of("--token", token));
    }
    NodeTestServer server = NodeTestServer.start("gcs-emulator", "gcs-emulator.js", arguments, READY,
        Map.of("TMPDIR", data.toString(), "XDG_CONFIG_HOME", data.toString()), Duration.ofSeconds(60));
    GcsEmulator emulator = new GcsEmulator(server, token);
    Storage storage = emulator.client();
    try {
      storage.create(BucketInfo.of(BUCKET));
    } catch (RuntimeException e) {
      emulator.close();
      throw new IllegalStateException("cannot create the test bucket in the GCS emulator: " + e.getMessage()
          + "\n" + server.output(), e);
    } finally {
      close(storage);
    }
    return emulator;
  }

  URI endpoint() {
    return server.uri();
  }

  int port() {
    return server.port();
  }

  /** Returns a new site root in the test bucket. */
  static URI newSite() {
    return URI.create("gs://" + BUCKET + "/sites/site-" + SITES.incrementAndGet());
  }

  /** Returns publisher options for an endpoint (this emulator's, or a proxy in front of it). */
  Settings options(URI endpoint) {
    Settings settings = Settings.of(Map.of("gcs.endpoint", endpoint.toString(), "gcs.project", PROJECT));
    return token == null ? settings.with("gcs.anonymous", "true") : settings.with("gcs.access-token", token);
  }

  Settings options() {
    return options(endpoint());
  }

  /** Returns a plain client of this emulator, for reading back. */
  Storage client() {
    StorageOptions.Builder builder = StorageOptions.http().setHost(endpoint().toString()).setProjectId(PROJECT);
    if (token == null) {
      builder.setCredentials(NoCredentials.getInstance());
    } else {
      builder.setCredentials(com.google.auth.oauth2.GoogleCredentials.create(
          new com.google.auth.oauth2.AccessToken(token, null)));
    }
    return builder.build().getService();
  }

  /** Closes a client; the JDK-based transport holds nothing that matters if this fails. */
  static void close(Storage storage) {
    try {
      storage.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  String output() {
    return server.output();
  }

  @Override
  public void close() {
    server.close();
  }
}
