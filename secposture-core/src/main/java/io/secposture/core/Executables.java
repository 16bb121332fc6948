package io.secposture.core;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.core.spi.PrivateFolder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a scanner's executable (a configured path, or a name looked up on {@code PATH}) and asks it its version
 * before a run. Stateless.
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
  /**
   * Checks a command-line scanner before a run, for {@link io.secposture.api.Scanner#preflight}: finds the
   * executable ({@link #find}), runs it with {@code versionArguments} (no shell, standard input closed, the job's
   * {@code SECPOSTURE_*} variables removed, at most {@code timeout}) and reads the version from the first line of
   * its output that {@code versionPattern} finds (group 1). Never throws for a problem it can describe.
   *
   * @param configured a configured path or bare name; nullable for the default name
   * @param defaultName the name to look up on {@code PATH}, e.g. {@code prowler}
   * @param setting the setting that points at it, for messages, e.g. {@code prowler.executable}
   * @param environment the environment whose {@code PATH} is searched
   * @param versionArguments the arguments that print the version, e.g. {@code --version}
   * @param versionPattern finds the version in a line of output, as group 1, e.g. {@code Prowler (\S+)}
   * @param timeout how long the program may take to answer
   * @return the executable and version, or the problem (not found, did not answer, exit code, no version printed)
   */
  public static Preflight probeVersion(String configured, String defaultName, String setting,
      Map<String, String> environment, List<String> versionArguments, Pattern versionPattern,
      Duration timeout) {
    Path executable;
    try {
      executable = find(configured, defaultName, setting, environment);
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(versionArguments);
    String shown = executable + " " + String.join(" ", versionArguments);
    Path directory = null;
    try {
      directory = PrivateFolder.create("secposture-preflight-");
      ProcessResult result = new ProcessRunner().run(ProcessSpec.builder(command).workingDirectory(directory)
          .logs(directory.resolve("stdout.log"), directory.resolve("stderr.log")).timeout(timeout)
          .gracePeriod(Duration.ofSeconds(2)).tailLines(200).build());
      if (result.timedOut()) {
        return new Preflight(executable.toString(), null, List.of(), List.of(
            "'" + shown + "' did not answer within " + timeout.toSeconds() + " s; check the installation ("
                + setting + ")"));
      }
      String version = null;
      for (String line : result.tail()) {
        Matcher matcher = versionPattern.matcher(line);
        if (matcher.find()) {
          version = matcher.group(1);
          break;
        }
      }
      if (!result.exited(0) || version == null) {
        String last = result.tail().isEmpty() ? "no output" : result.tail().get(result.tail().size() - 1);
        return new Preflight(executable.toString(), version, List.of(), List.of(
            "'" + shown + "' " + (result.exited(0) ? "printed no version" : "exited " + result.exitCode())
                + " (last line: " + last + "); check that " + executable + " is the tool (" + setting
                + ") and that it runs"));
      }
      return new Preflight(executable.toString(), version, List.of(), List.of());
    } catch (RuntimeException e) {
      return new Preflight(executable.toString(), null, List.of(), List.of(
          "cannot run '" + shown + "': " + e.getMessage() + "; check the installation (" + setting + ")"));
    } finally {
      if (directory != null) {
        PrivateFolder.delete(directory);
      }
    }
  }
}
