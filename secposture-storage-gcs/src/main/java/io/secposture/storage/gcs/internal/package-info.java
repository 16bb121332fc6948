/** Not public API: the GCS binding (store provider, client construction, object store) behind the GCS publisher. */
package io.secposture.storage.gcs.internal;
