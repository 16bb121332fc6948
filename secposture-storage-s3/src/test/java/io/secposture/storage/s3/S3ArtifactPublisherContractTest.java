package io.secposture.storage.s3;

import io.secposture.api.ArtifactPublisher;
import io.secposture.core.ObjectMetadata;
import io.secposture.testkit.ArtifactPublisherContract;
import java.net.URI;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The publisher contract, run against S3Proxy embedded in the test JVM. */
class S3ArtifactPublisherContractTest extends ArtifactPublisherContract {
  private static S3TestServer server;
  private static S3Client s3;

  @BeforeAll
  static void startServer() {
    server = S3TestServer.shared();
    s3 = server.client();
  }

  @AfterAll
  static void closeClient() {
    s3.close();
  }

  @Override
  protected ArtifactPublisher publisher() {
    return S3ArtifactPublisher.builder().options(server.options()).build();
  }

  @Override
  protected URI newDestination() {
    return S3TestServer.newSite();
  }

  @Override
  protected SortedSet<String> listKeys(URI destination) {
    String prefix = destination.getPath().substring(1) + "/";
    SortedSet<String> keys = new TreeSet<>();
    for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(destination.getAuthority()).prefix(prefix))
        .contents()) {
      keys.add(object.key().substring(prefix.length()));
    }
    return keys;
  }

  @Override
  protected Optional<ObjectMetadata> storedMetadata(URI destination, String key) {
    try {
      HeadObjectResponse head = s3.headObject(h -> h.bucket(destination.getAuthority())
          .key(destination.getPath().substring(1) + "/" + key));
      return Optional.of(new ObjectMetadata(head.contentType(), head.cacheControl()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

}
