package io.secposture.scoutsuite.internal;

import io.secposture.api.ScanStatus;
import io.secposture.core.ProcessResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: turns how the ScoutSuite process ended into a scan status and a reason a user can act on, from
 * the exit codes of ScoutSuite 5.x ({@code ScoutSuite/__main__.py}, reference §1.5) and the state of the results
 * file. Stateless.
 *
 * @param status how the scan ended
 * @param reason why it did not succeed; {@code null} when it did
 */
public record ScanOutcome(ScanStatus status, String reason) {
  private static final Map<Integer, String> STAGES = Map.of(
      102, "while initialising the provider (are there subscriptions or projects the credentials can see?)",
      103, "while initialising the report",
      104, "while gathering data",
      105, "in the pre-processing engine",
      106, "in the rule engine",
      107, "while applying the display filters",
      108, "in the post-processing engine",
      109, "while saving the results or writing the HTML report");
  private static final Pattern LOG_LEVEL = Pattern.compile("\\b(?:ERROR|CRITICAL)\\b\\s*(.*)$");
  private static final Pattern ARGPARSE = Pattern.compile("\\berror: (.*)$");
  private static final Pattern TRACEBACK_FRAME = Pattern.compile("^\\s*(File \"|Traceback \\(most recent call|\\^+$)");
  /** A coloredlogs line: {@code 2024-03-11 06:31:21 host scout[2128708] INFO message}. */
  private static final Pattern LOG_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\S+\\[\\d+\\] ([A-Z]+) (.*)$");
  private static final int MAX_DETAIL = 300;
  /**
   * What botocore, urllib3, requests and the OS say when no answer came back: the endpoint, DNS, a proxy, TLS or a
   * timeout failed before any credential was looked at. ScoutSuite prints them after {@code Authentication failure:}
   * and exits 101, as for rejected keys.
   */
  private static final Pattern UNREACHABLE = Pattern.compile("(?i)Could not connect to the endpoint URL"
      + "|Connect timeout on endpoint URL|Read timeout on endpoint URL|Failed to connect to proxy URL"
      + "|Connection was closed before we received a valid response|SSL validation failed"
      + "|Name or service not known|Temporary failure in name resolution|nodename nor servname provided"
      + "|getaddrinfo failed|No address associated with hostname|Failed to establish a new connection"
      + "|Connection refused|Network is unreachable|No route to host|Connect(?:ion)? timeout|\\btimed out\\b"
      + "|ConnectTimeoutError|EndpointConnectionError|ProxyConnectionError");

  /**
   * Decides the outcome of a finished (or stopped) process.
   *
   * @param result how the process ended
   * @param timeout the scan's time limit
   * @param results the results file ScoutSuite should have written
   * @param account the account, as {@code provider/id}, for messages
   * @param credentialsKind the kind of credentials used, for messages
   * @return the outcome
   */
  public static ScanOutcome of(ProcessResult result, Duration timeout, Path results, String account,
      String credentialsKind) {
    String detail = lastError(result.tail()).map(line -> ": " + line).orElse("");
    if (result.timedOut()) {
      String activity = lastLogMessage(result.tail()).map(line -> "; the last thing it logged: " + line).orElse("");
      return new ScanOutcome(ScanStatus.TIMED_OUT, "ScoutSuite did not finish within " + timeout
          + " and was stopped; raise the timeout or narrow the scan (scoutsuite.services, scoutsuite.regions)"
          + activity);
    }
    if (result.cancelled()) {
      return new ScanOutcome(ScanStatus.FAILED,
          "the scan was cancelled (the calling thread was interrupted) and ScoutSuite was stopped");
    }
    int code = result.exitCode() == null ? -1 : result.exitCode();
    String missing = missingResults(results);
    switch (code) {
      case 0:
        return missing == null ? new ScanOutcome(ScanStatus.SUCCEEDED, null)
            : new ScanOutcome(ScanStatus.FAILED, "ScoutSuite exited 0 but " + missing + detail);
      case 200:
        return missing == null ? new ScanOutcome(ScanStatus.PARTIAL, "ScoutSuite exited 200: it wrote its results"
            + " but some data could not be collected, so findings may be incomplete (see the warnings)")
            : new ScanOutcome(ScanStatus.FAILED, "ScoutSuite exited 200 and " + missing + detail);
      case 101:
        if (unreachable(result.tail())) {
          return new ScanOutcome(ScanStatus.FAILED, "could not reach the cloud API from this machine: check the"
              + " network, the proxy (HTTPS_PROXY, NO_PROXY), the CA bundle and any custom endpoint (ScoutSuite"
              + " exits 101 for this as for rejected credentials, but the credentials of " + account + " ("
              + credentialsKind + ") were never checked)" + detail);
        }
        return new ScanOutcome(ScanStatus.FAILED, "authentication failed: check the credentials of " + account + " ("
            + credentialsKind + ")" + detail);
      case 2:
        return new ScanOutcome(ScanStatus.FAILED, "ScoutSuite rejected its command line (exit 2); check the"
            + " scoutsuite.* options and scoutsuite.extra-args" + detail);
      case 1:
        return new ScanOutcome(ScanStatus.FAILED, "ScoutSuite crashed (exit 1: an uncaught Python exception; is it"
            + " installed with every provider's dependencies?)" + detail);
      case 130:
        return new ScanOutcome(ScanStatus.FAILED, "ScoutSuite was interrupted (exit 130)" + detail);
      case 137:
        return new ScanOutcome(ScanStatus.FAILED, "ScoutSuite was killed (exit 137, SIGKILL: often the"
            + " out-of-memory killer; give it more memory or scan fewer services or regions per run)" + detail);
      case 143:
        return new ScanOutcome(ScanStatus.FAILED, "ScoutSuite was terminated (exit 143, SIGTERM)" + detail);
      default:
        String stage = STAGES.get(code);
        if (stage != null) {
          return new ScanOutcome(ScanStatus.FAILED, "ScoutSuite failed " + stage + " (exit " + code + ")" + detail);
        }
        return new ScanOutcome(ScanStatus.FAILED, "ScoutSuite exited with the unexpected code " + code + detail);
    }
  }

  /** Tells whether ScoutSuite's output says the cloud API could not be reached, rather than that it said no. */
  static boolean unreachable(List<String> tail) {
    Optional<String> error = lastError(tail);
    if (error.isPresent()) {
      return UNREACHABLE.matcher(error.get()).find();
    }
    return tail.stream().anyMatch(line -> UNREACHABLE.matcher(line).find());
  }

  /** Says what is wrong with the results file, or returns null if it looks like a results file. */
  private static String missingResults(Path results) {
    Path name = results.getParent() == null ? results.getFileName()
        : results.getParent().getFileName().resolve(results.getFileName());
    if (!Files.isRegularFile(results, LinkOption.NOFOLLOW_LINKS)) {
      return Files.isSymbolicLink(results) ? "its results file " + name + " is a symbolic link (not followed)"
          : "wrote no results file " + name;
    }
    if (!Files.isReadable(results)) {
      return "its results file " + name + " cannot be read";
    }
    byte[] head;
    try (var in = Files.newInputStream(results, LinkOption.NOFOLLOW_LINKS)) {
      head = in.readNBytes(256);
    } catch (java.io.IOException e) {
      return "its results file " + name + " cannot be read (" + e.getMessage() + ")";
    }
    if (head.length == 0) {
      return "its results file " + name + " is empty";
    }
    if (ResultsInput.prefix(head).shape() == ResultsInput.Shape.OTHER) {
      return "its results file " + name + " does not start like a ScoutSuite results file";
    }
    return null;
  }

  /**
   * Finds the most useful line of a failed run's output: the last {@code ERROR} or {@code CRITICAL} log message,
   * else the last argparse {@code error:} line, else the last line that is neither another log line nor part of a
   * Python stack trace (for a crash, the exception line).
   *
   * @param tail the last lines of output, already redacted
   * @return the line, shortened, without the log prefix
   */
  public static Optional<String> lastError(List<String> tail) {
    for (int i = tail.size() - 1; i >= 0; i--) {
      Matcher level = LOG_LEVEL.matcher(tail.get(i));
      if (level.find() && !level.group(1).isBlank()) {
        return Optional.of(shorten(level.group(1)));
      }
    }
    for (int i = tail.size() - 1; i >= 0; i--) {
      Matcher argparse = ARGPARSE.matcher(tail.get(i));
      if (argparse.find()) {
        return Optional.of(shorten(argparse.group(1)));
      }
    }
    for (int i = tail.size() - 1; i >= 0; i--) {
      String line = tail.get(i);
      if (!line.isBlank() && !TRACEBACK_FRAME.matcher(line).find() && !line.startsWith("    ")
          && !LOG_LINE.matcher(line).matches()) {
        return Optional.of(shorten(line.strip()));
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the message of the last log line of any level, e.g. {@code Gathering data from APIs}: where a stopped
   * run was.
   *
   * @param tail the last lines of output, already redacted
   * @return the message, shortened
   */
  public static Optional<String> lastLogMessage(List<String> tail) {
    for (int i = tail.size() - 1; i >= 0; i--) {
      Matcher line = LOG_LINE.matcher(tail.get(i));
      if (line.matches()) {
        return Optional.of(shorten(line.group(2)));
      }
    }
    return Optional.empty();
  }

  private static String shorten(String line) {
    String text = line.strip();
    return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
  }
}
