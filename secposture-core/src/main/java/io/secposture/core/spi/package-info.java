/**
 * What plugin authors build on: the documented, stable types a module outside core uses to add a tool or a
 * destination to secposture. Unlike {@code io.secposture.core.internal}, which may change in any release and which no
 * other module may import, these types are public API.
 *
 * <p><b>Command-line scanners.</b> {@link io.secposture.core.spi.CommandLineScan} skips accounts the tool does not
 * scan, finds its executable and runs one {@link io.secposture.core.spi.ToolCommand} per scan under
 * {@link io.secposture.core.ProcessRunner}: it applies the environment allow-list, wires in and masks the
 * credentials, puts secret files in a {@link io.secposture.core.spi.PrivateFolder} deleted afterwards and logs the
 * masked command line. {@link io.secposture.core.spi.CloudEnvironment} maps credentials to each cloud SDK's
 * variables, {@link io.secposture.core.spi.ToolVersions} caches {@code --version} answers per executable and
 * {@link io.secposture.core.spi.CommandLines} quotes command lines for logs. ScoutSuite, Prowler and the examples
 * module's {@code acme-audit} scanner are built on them.
 *
 * <p><b>Object stores.</b> The extension point is {@link io.secposture.core.spi.ObjectStoreProvider} (a destination
 * URL and settings in, an {@link io.secposture.core.ObjectStore} out), served by the one publisher of every store,
 * {@link io.secposture.core.spi.ObjectStorePublisher}; with it come the settings reader
 * ({@link io.secposture.core.spi.StoreOptions}, {@link io.secposture.core.spi.QueryOptions}), bucket and prefix
 * parsing ({@link io.secposture.core.spi.BucketSites}), in-process locks for conditional writes
 * ({@link io.secposture.core.spi.KeyLocks}) and their read-compare-write fallback
 * ({@link io.secposture.core.spi.EmulatedConditionalWrites}), secret-free SDK failures
 * ({@link io.secposture.core.spi.RedactedFailures}), cleanup of interrupted uploads
 * ({@link io.secposture.core.spi.AbandonedUploads}) and part uploads read straight from the file, aborted on failure
 * ({@link io.secposture.core.spi.PartUploads}, {@link io.secposture.core.spi.FileSlice}). A storage module keeps only
 * its SDK calls and its own settings.
 *
 * <p>Types are immutable and thread-safe unless their javadoc says otherwise. Parameters and return values are never
 * {@code null} unless documented as nullable.
 */
package io.secposture.core.spi;
