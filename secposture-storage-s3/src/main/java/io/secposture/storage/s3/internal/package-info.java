/** Not public API: the S3 binding (store provider, client construction, object store) behind the S3 publisher. */
package io.secposture.storage.s3.internal;
