package io.secposture.storage.azure;

import io.secposture.core.ObjectStore;
import io.secposture.storage.azure.internal.AzureBlobStoreProvider;
import io.secposture.testkit.ObjectStoreContract;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The object store contract, run against Azurite. */
@ExtendWith(AzuriteExtension.class)
class AzureBlobObjectStoreContractTest extends ObjectStoreContract {
  private Azurite azurite;

  @BeforeEach
  void connect(Azurite azurite) {
    this.azurite = azurite;
  }

  @Override
  protected ObjectStore openStore() {
    return new AzureBlobStoreProvider(null).open(AzureBlobPublisherConfig.from(Azurite.newSite(), azurite.options(),
        Map.of()));
  }
}
