package io.secposture.storage.s3;

import io.secposture.api.Settings;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy embedded in the test JVM over an in-memory blob store, on a free loopback port. The store outlives the
 * server, so a test can stop the server mid-publish and start a new one over the same objects. One shared instance
 * serves the whole test run ({@link #shared()}); fault tests start their own.
 */
final class S3TestServer implements AutoCloseable {
  static final String ACCESS_KEY = "local-access-key";
  static final String SECRET_KEY = "local-secret-key-0123456789";
  static final String BUCKET = "secposture-tests";

  private static S3TestServer shared;
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private final BlobStore blobs;
  private S3Proxy proxy;

  private S3TestServer(BlobStore blobs) throws Exception {
    this.blobs = blobs;
    start();
  }

  /** Starts a server over a new, empty in-memory store with the test bucket. */
  static S3TestServer startNew() {
    try {
      Properties properties = new Properties();
      properties.setProperty("jclouds.identity", ACCESS_KEY);
      properties.setProperty("jclouds.credential", SECRET_KEY);
      S3TestServer server = new S3TestServer(BlobStores.create("transient", properties));
      server.blobs.createContainer(BUCKET);
      return server;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy", e);
    }
  }

  /** Returns the server shared by all S3 tests of this JVM. */
  static synchronized S3TestServer shared() {
    if (shared == null) {
      shared = startNew();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-s3proxy"));
    }
    return shared;
  }

  /** Starts (again) on a new free port over the same objects. */
  void start() throws Exception {
    proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .stopTimeout(0).build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
  }

  /** Stops the server; the objects stay in memory. */
  void stop() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    }
  }

  int port() {
    return proxy.getPort();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Returns a new site root in the test bucket. */
  static URI newSite() {
    return URI.create("s3://" + BUCKET + "/sites/site-" + PREFIXES.incrementAndGet());
  }

  /** Returns the options that point the publisher at an endpoint with the test credentials. */
  static Settings options(URI endpoint) {
    return Settings.of(Map.of("s3.endpoint", endpoint.toString(), "s3.access-key-id", ACCESS_KEY,
        "s3.secret-access-key", SECRET_KEY));
  }

  /** Returns the options that point the publisher at this server. */
  Settings options() {
    return options(endpoint());
  }

  /** Returns a plain client for this server, for reading back what a test published. */
  S3Client client() {
    return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception ignored) {
      // already stopped
    }
  }
}
