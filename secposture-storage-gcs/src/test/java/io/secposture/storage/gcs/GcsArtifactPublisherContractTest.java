package io.secposture.storage.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import io.secposture.api.ArtifactPublisher;
import io.secposture.core.ObjectMetadata;
import io.secposture.testkit.ArtifactPublisherContract;
import java.net.URI;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publisher contract, run against the Cloud Storage emulator of firebase-tools. */
@ExtendWith(GcsEmulatorExtension.class)
class GcsArtifactPublisherContractTest extends ArtifactPublisherContract {
  private GcsEmulator emulator;
  private Storage storage;

  @BeforeEach
  void connect(GcsEmulator emulator) {
    this.emulator = emulator;
    this.storage = emulator.client();
  }

  @AfterEach
  void disconnect() {
    GcsEmulator.close(storage);
  }

  @Override
  protected ArtifactPublisher publisher() {
    return GcsArtifactPublisher.builder().options(emulator.options()).build();
  }

  @Override
  protected URI newDestination() {
    return GcsEmulator.newSite();
  }

  @Override
  protected SortedSet<String> listKeys(URI destination) {
    String prefix = destination.getPath().substring(1) + "/";
    SortedSet<String> keys = new TreeSet<>();
    for (Blob blob : storage.list(destination.getAuthority(), BlobListOption.prefix(prefix)).iterateAll()) {
      keys.add(blob.getName().substring(prefix.length()));
    }
    return keys;
  }

  @Override
  protected Optional<ObjectMetadata> storedMetadata(URI destination, String key) {
    Blob blob = storage.get(BlobId.of(destination.getAuthority(), destination.getPath().substring(1) + "/" + key));
    return blob == null ? Optional.empty() : Optional.of(new ObjectMetadata(blob.getContentType(),
        blob.getCacheControl()));
  }
}
