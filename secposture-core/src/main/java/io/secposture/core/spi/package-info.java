/**
 * What plugin authors build on: the documented, stable types a module outside core uses to add a destination or a
 * tool to secposture. For object stores, the extension point is {@link io.secposture.core.spi.ObjectStoreProvider}
 * (a destination URL and settings in, an {@link io.secposture.core.ObjectStore} out), served by the one publisher of
 * every store, {@link io.secposture.core.spi.ObjectStorePublisher}; with it come the settings reader
 * ({@link io.secposture.core.spi.StoreOptions}, {@link io.secposture.core.spi.QueryOptions}), in-process locks for
 * conditional writes ({@link io.secposture.core.spi.KeyLocks}), secret-free SDK failures
 * ({@link io.secposture.core.spi.RedactedFailures}), cleanup of interrupted uploads
 * ({@link io.secposture.core.spi.AbandonedUploads}) and ranged file reads for part uploads
 * ({@link io.secposture.core.spi.FileSlice}). Later also the helpers of command-line scanners. Unlike
 * {@code io.secposture.core.internal}, which may change in any release, these types are public API. Parameters and
 * return values are never {@code null} unless documented as nullable.
 */
package io.secposture.core.spi;
