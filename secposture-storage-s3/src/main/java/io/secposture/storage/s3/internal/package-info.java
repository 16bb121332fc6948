/** Not public API: the S3 object store and client construction behind the S3 publisher. */
package io.secposture.storage.s3.internal;
