package io.secposture.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The GCS publisher's check before a run, against the Cloud Storage emulator: a probe object, then nothing left. */
@ExtendWith(GcsEmulatorExtension.class)
class GcsPreflightTest {

  @Test
  void preflight_writableBucket_probeWrittenReadBackAndDeleted(GcsEmulator emulator) {
    URI destination = GcsEmulator.newSite();

    Preflight result = GcsArtifactPublisher.builder().options(emulator.options()).build().preflight(destination,
        Settings.empty());

    assertThat(result.problems()).isEmpty();
    assertThat(result.details()).singleElement().asString()
        .isEqualTo("wrote, read back and deleted a probe object under " + destination);
    Storage storage = emulator.client();
    try {
      assertThat(storage.list(GcsEmulator.BUCKET, BlobListOption.prefix(destination.getPath().substring(1)))
          .iterateAll()).as("nothing left under the prefix").isEmpty();
    } finally {
      GcsEmulator.close(storage);
    }
  }

  @Test
  void preflight_missingBucket_aProblemNamingTheDestination(GcsEmulator emulator) {
    Preflight result = GcsArtifactPublisher.builder().options(emulator.options()).build()
        .preflight(URI.create("gs://no-such-bucket-4711/site"), Settings.empty());

    assertThat(result.problems()).singleElement().asString().startsWith("cannot write to gs://no-such-bucket-4711/site");
  }
}
