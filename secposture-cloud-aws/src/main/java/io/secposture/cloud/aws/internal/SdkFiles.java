package io.secposture.cloud.aws.internal;

import io.secposture.api.SecpostureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: a lease's own AWS shared config and credentials files, in a private (0700) temporary directory:
 * the config file holds only the region (so a scanner without {@code AWS_REGION} still has one), the credentials
 * file does not exist. Pointing {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE} at them keeps a
 * {@code [default]} profile of the machine from winning over the lease's endpoint, since every SDK reads the shared
 * files before the container credentials. Deleted on {@link #close()}.
 *
 * @param directory the private directory
 * @param config the config file
 * @param credentials the credentials file (never created)
 */
record SdkFiles(Path directory, Path config, Path credentials) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SdkFiles.class);

  /**
   * Creates the directory and the config file.
   *
   * @param region the region to write; nullable for none
   * @return the files
   * @throws SecpostureException if the temporary directory cannot be written
   */
  static SdkFiles create(String region) {
    try {
      Path directory = Files.getFileStore(Path.of(System.getProperty("java.io.tmpdir"))).supportsFileAttributeView(
          "posix") ? Files.createTempDirectory("secposture-aws-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("secposture-aws-");
      Path config = directory.resolve("config");
      Files.writeString(config, region == null ? "" : "[default]\nregion = " + region + "\n",
          StandardCharsets.UTF_8);
      return new SdkFiles(directory, config, directory.resolve("credentials"));
    } catch (IOException e) {
      throw new SecpostureException("cannot create the private AWS config directory for a scan in "
          + System.getProperty("java.io.tmpdir") + ": " + e.getMessage() + "; check the temporary directory", e);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(config);
      Files.deleteIfExists(credentials);
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", directory, e.toString());
    }
  }
}
