package io.secposture.examples.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a command's scanner outputs go before publishing. A folder the user named is theirs and stays. A temporary
 * folder the command made is deleted once the command has published (scanner outputs reach gigabytes, and a
 * scheduled job must not fill the disk week after week), but kept, with its path logged, when the command ends with
 * an error or is stopped by a signal (SIGINT, SIGTERM): those outputs are what the user needs to publish again by
 * hand ({@code aggregate}) or to report a bug. The path is logged as soon as the signal arrives, because the JVM
 * may halt before the command's own thread gets that far.
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
   * {@code configured} is null, and deletes that temporary folder when the body returns an exit code other than
   * {@link ExitCode#INTERRUPTED} and no signal arrived meanwhile.
   */
  static int within(Path configured, String prefix, Body body) throws Exception {
    boolean temporary = configured == null;
    Path folder = temporary ? Files.createTempDirectory(prefix) : configured;
    Path shown = folder.toAbsolutePath().normalize();
    AtomicBoolean stopping = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      stopping.set(true);
      LOG.warn("stopping on a signal (SIGINT or SIGTERM; exit code 130 or 143): scans in flight are stopped; the "
          + "scanner outputs so far are kept in {} (aggregate can publish them){}", shown,
          temporary ? "; delete the folder when done" : "");
    }, "secposture-work-folder");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean returned = false;
    int code = ExitCode.INTERNAL_ERROR;
    try {
      code = body.run(folder);
      returned = true;
      return code;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or ran: it logged the folder
      }
      boolean kept = !returned || code == ExitCode.INTERRUPTED || stopping.get();
      if (temporary && !kept) {
        delete(folder);
      } else if (kept && !stopping.get()) {
        LOG.warn("the scanner outputs of this run are kept in {} (aggregate can publish them again){}", shown,
            temporary ? "; delete the folder when done" : "");
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
