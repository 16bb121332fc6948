package io.secposture.testkit;

import io.secposture.core.ObjectStore;
import io.secposture.core.internal.publish.LocalObjectStore;

/** The object store contract, run against the local folder store of the {@code file} publisher. */
class LocalObjectStoreContractTest extends ObjectStoreContract {
  @Override
  protected ObjectStore openStore() {
    return new LocalObjectStore(contractDirectory.resolve("site"));
  }
}
