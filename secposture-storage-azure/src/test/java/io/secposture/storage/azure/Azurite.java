package io.secposture.storage.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.secposture.api.Settings;
import io.secposture.testkit.NodeTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Azurite's blob service from {@code test-servers/} on a free loopback port with its own data directory, offline
 * ({@code --disableTelemetry}) and accepting the SDK's newer API version ({@code --skipApiVersionCheck}); stopped on
 * {@link #close()} or JVM exit. Uses Azurite's documented development account.
 */
final class Azurite implements AutoCloseable {
  static final String ACCOUNT = "devstoreaccount1";
  static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  static final String CONTAINER = "secposture-tests";
  private static final Pattern READY = Pattern.compile("successfully listens on (?<url>http://\\S+)");
  private static final AtomicInteger SITES = new AtomicInteger();

  private final NodeTestServer server;
  private final Path location;

  private Azurite(NodeTestServer server, Path location) {
    this.server = server;
    this.location = location;
  }

  /** Starts Azurite over a new data directory, with the test container. */
  static Azurite start() {
    try {
      return start(Files.createTempDirectory("azurite-"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts Azurite over a data directory (an existing one keeps its blobs), on a port (0 for a free one). */
  static Azurite start(Path location, int port) {
    NodeTestServer server = NodeTestServer.start("azurite", "azurite-blob.js",
        List.of("--silent", "--location", location.toString(), "--blobHost", "127.0.0.1", "--blobPort",
            Integer.toString(port), "--skipApiVersionCheck", "--disableTelemetry", "--exit-with-stdin"),
        READY, Map.of("TMPDIR", location.toString()), Duration.ofSeconds(60));
    Azurite azurite = new Azurite(server, location);
    BlobContainerClient container = azurite.service().getBlobContainerClient(CONTAINER);
    if (!container.exists()) {
      container.create();
    }
    return azurite;
  }

  Path location() {
    return location;
  }

  int port() {
    return server.port();
  }

  /** Returns the blob service endpoint of an address (this Azurite's, or a proxy in front of it). */
  static URI endpoint(URI address) {
    return URI.create("http://" + address.getHost() + ":" + address.getPort() + "/" + ACCOUNT);
  }

  URI endpoint() {
    return endpoint(server.uri());
  }

  /** Returns a new site root in the test container. */
  static URI newSite() {
    return URI.create("azblob://" + ACCOUNT + "/" + CONTAINER + "/sites/site-" + SITES.incrementAndGet());
  }

  /** Returns publisher options that reach Azurite at an address (its own, or a proxy's). */
  static Settings options(URI address) {
    return Settings.of(Map.of("azure.endpoint", endpoint(address).toString(), "azure.account-key", KEY));
  }

  Settings options() {
    return options(server.uri());
  }

  BlobServiceClient service() {
    return new BlobServiceClientBuilder().endpoint(endpoint().toString())
        .credential(new StorageSharedKeyCredential(ACCOUNT, KEY)).buildClient();
  }

  BlobContainerClient container() {
    return service().getBlobContainerClient(CONTAINER);
  }

  String output() {
    return server.output();
  }

  @Override
  public void close() {
    server.close();
  }
}
