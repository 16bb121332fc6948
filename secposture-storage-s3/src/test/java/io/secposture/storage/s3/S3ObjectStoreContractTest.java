package io.secposture.storage.s3;

import io.secposture.core.ObjectStore;
import io.secposture.storage.s3.internal.S3StoreProvider;
import io.secposture.testkit.ObjectStoreContract;
import java.util.Map;

/** The object store contract, run against S3Proxy embedded in the test JVM. */
class S3ObjectStoreContractTest extends ObjectStoreContract {
  @Override
  protected ObjectStore openStore() {
    S3TestServer server = S3TestServer.shared();
    return new S3StoreProvider(null).open(S3PublisherConfig.from(S3TestServer.newSite(), server.options(), Map.of()));
  }
}
