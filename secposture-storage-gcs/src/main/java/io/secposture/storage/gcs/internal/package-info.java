/** Not public API: the GCS object store and client construction behind the GCS publisher. */
package io.secposture.storage.gcs.internal;
