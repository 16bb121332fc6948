package io.secposture.storage.gcs;

import io.secposture.core.ObjectStore;
import io.secposture.storage.gcs.internal.GcsStoreProvider;
import io.secposture.testkit.ObjectStoreContract;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The object store contract, run against the GCS emulator. */
@ExtendWith(GcsEmulatorExtension.class)
class GcsObjectStoreContractTest extends ObjectStoreContract {
  private GcsEmulator emulator;

  @BeforeEach
  void connect(GcsEmulator emulator) {
    this.emulator = emulator;
  }

  @Override
  protected ObjectStore openStore() {
    return new GcsStoreProvider(null).open(GcsPublisherConfig.from(GcsEmulator.newSite(), emulator.options(),
        Map.of()));
  }
}
