package io.secposture.core;

import io.secposture.api.ConfigurationException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a scanner's executable: a configured path, or a name looked up on {@code PATH}. Stateless.
 */
public final class Executables {
  private Executables() {
  }

  /**
   * Finds an executable.
   *
   * @param configured a configured path or bare name (e.g. from {@code scoutsuite.executable}); nullable for the
   *     default name
   * @param defaultName the name to look up on {@code PATH}, e.g. {@code scout}
   * @param setting the setting a user changes to point at it, for the error message
   * @param environment the environment whose {@code PATH} is searched
   * @return the absolute path of the executable
   * @throws ConfigurationException if it cannot be found or is not executable, saying where it looked
   */
  public static Path find(String configured, String defaultName, String setting, Map<String, String> environment) {
    String wanted = configured == null || configured.isBlank() ? defaultName : configured.trim();
    if (wanted.contains(File.separator) || wanted.contains("/")) {
      Path path;
      try {
        path = Path.of(wanted).toAbsolutePath();
      } catch (InvalidPathException e) {
        throw new ConfigurationException("the executable '" + wanted.replaceAll("\\p{Cntrl}", "?") + "' ("
            + setting + ") is not a valid path: " + e.getReason() + "; fix " + setting);
      }
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return path;
      }
      throw new ConfigurationException("the executable '" + wanted + "' (" + setting + ") "
          + (Files.exists(path) ? "is not executable" : "does not exist") + "; install the tool or fix " + setting);
    }
    Optional<Path> found = onPath(wanted, environment.getOrDefault("PATH", ""));
    return found.orElseThrow(() -> new ConfigurationException("cannot find '" + wanted + "' on PATH ("
        + environment.getOrDefault("PATH", "") + "); install it or set " + setting + " to its full path"));
  }

  /**
   * Looks a name up on a {@code PATH} value.
   *
   * @param name the executable name
   * @param path the {@code PATH} value
   * @return the first executable regular file of that name, or empty; entries that are not valid paths are
   *     skipped
   */
  public static Optional<Path> onPath(String name, String path) {
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate;
      try {
        candidate = Path.of(directory, name).toAbsolutePath();
      } catch (InvalidPathException e) {
        continue;
      }
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
