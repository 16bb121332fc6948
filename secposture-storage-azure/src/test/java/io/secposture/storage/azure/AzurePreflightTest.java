package io.secposture.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.models.ListBlobsOptions;
import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Azure Blob publisher's check before a run, against Azurite: a probe blob, then nothing left. */
@ExtendWith(AzuriteExtension.class)
class AzurePreflightTest {

  @Test
  void preflight_writableContainer_probeWrittenReadBackAndDeleted(Azurite azurite) {
    URI destination = Azurite.newSite();

    Preflight result = AzureBlobArtifactPublisher.builder().options(azurite.options()).build()
        .preflight(destination, Settings.empty());

    assertThat(result.problems()).isEmpty();
    assertThat(result.details()).singleElement().asString().startsWith("wrote, read back and deleted a probe object");
    assertThat(azurite.container().listBlobs(new ListBlobsOptions().setPrefix(destination.getPath()
        .substring(("/" + Azurite.CONTAINER + "/").length())), null)).as("nothing left under the prefix").isEmpty();
  }

  @Test
  void preflight_wrongAccountKey_aProblem_andNoSecret(Azurite azurite) {
    String wrongKey = java.util.Base64.getEncoder().encodeToString("not-the-account-key-0123456789".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    Preflight result = AzureBlobArtifactPublisher.builder().build().preflight(Azurite.newSite(),
        azurite.options().with(Settings.of(Map.of("azure.account-key", wrongKey))));

    assertThat(result.problems()).singleElement().asString().startsWith("cannot write to")
        .doesNotContain(wrongKey);
  }
}
