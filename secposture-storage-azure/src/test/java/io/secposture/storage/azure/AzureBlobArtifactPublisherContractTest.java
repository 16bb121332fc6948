package io.secposture.storage.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.secposture.api.ArtifactPublisher;
import io.secposture.core.ObjectMetadata;
import io.secposture.testkit.ArtifactPublisherContract;
import java.net.URI;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publisher contract, run against Azurite. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobArtifactPublisherContractTest extends ArtifactPublisherContract {
  private Azurite azurite;
  private BlobContainerClient container;

  @BeforeEach
  void connect(Azurite azurite) {
    this.azurite = azurite;
    this.container = azurite.container();
  }

  @Override
  protected ArtifactPublisher publisher() {
    return AzureBlobArtifactPublisher.builder().options(azurite.options()).build();
  }

  @Override
  protected URI newDestination() {
    return Azurite.newSite();
  }

  @Override
  protected SortedSet<String> listKeys(URI destination) {
    String prefix = prefix(destination);
    SortedSet<String> keys = new TreeSet<>();
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
      keys.add(item.getName().substring(prefix.length()));
    }
    return keys;
  }

  @Override
  protected Optional<ObjectMetadata> storedMetadata(URI destination, String key) {
    try {
      BlobProperties properties = container.getBlobClient(prefix(destination) + key).getProperties();
      return Optional.of(new ObjectMetadata(properties.getContentType(), properties.getCacheControl()));
    } catch (BlobStorageException e) {
      return Optional.empty();
    }
  }

  private static String prefix(URI destination) {
    String path = destination.getPath();
    return path.substring(path.indexOf('/', 1) + 1) + "/";
  }
}
