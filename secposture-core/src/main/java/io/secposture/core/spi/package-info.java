/**
 * What plugin authors build on: the documented, stable helpers a module outside core uses to add a destination or a
 * tool to secposture. For object stores: the settings reader ({@link io.secposture.core.spi.StoreOptions},
 * {@link io.secposture.core.spi.QueryOptions}), in-process locks for conditional writes
 * ({@link io.secposture.core.spi.KeyLocks}), secret-free SDK failures
 * ({@link io.secposture.core.spi.RedactedFailures}), cleanup of interrupted uploads
 * ({@link io.secposture.core.spi.AbandonedUploads}) and ranged file reads for part uploads
 * ({@link io.secposture.core.spi.FileSlice}); later also the helpers of command-line scanners. Unlike
 * {@code io.secposture.core.internal}, which may change in any release, these types are public API. Parameters and
 * return values are never {@code null} unless documented as nullable.
 */
package io.secposture.core.spi;
