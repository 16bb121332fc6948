package io.secposture.examples.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a command's scanner outputs go before publishing. A folder the user named is theirs and stays. A temporary
 * folder the command made is deleted once the command has published (scanner outputs reach gigabytes, and a
 * scheduled job must not fill the disk week after week), but kept, with its path logged, when the command ends with
 * an error: those outputs are what the user needs to publish again by hand ({@code aggregate}) or to report a bug.
 *
 * <p>Used by the job's commands, one per command call; not thread-safe.
 */
final class WorkDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

  /** The command's work, given the folder to use. */
  @FunctionalInterface
  interface Body {
    int run(Path work) throws Exception;
  }

  private WorkDirectory() {
  }

  /**
   * Runs {@code body} in {@code configured}, or in a new temporary folder named {@code prefix...} when
   * {@code configured} is null, and deletes that temporary folder when the body returns an exit code.
   */
  static int within(Path configured, String prefix, Body body) throws Exception {
    if (configured != null) {
      return body.run(configured);
    }
    Path temporary = Files.createTempDirectory(prefix);
    boolean returned = false;
    try {
      int code = body.run(temporary);
      returned = true;
      return code;
    } finally {
      if (returned) {
        delete(temporary);
      } else {
        LOG.warn("the scanner outputs of this run are kept in {} (aggregate can publish them again); delete the "
            + "folder when done", temporary);
      }
    }
  }

  /** Deletes a folder and everything in it; a file that cannot be deleted is logged and the rest still goes. */
  static void delete(Path folder) {
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
          deleteOne(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          deleteOne(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException e) {
          deleteOne(directory);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      LOG.warn("could not delete the temporary work folder {}: {}; delete it by hand", folder, e.toString());
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not delete {} from the temporary work folder: {}; delete it by hand", path, e.toString());
    }
  }
}
