package io.secposture.export.aws.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsRequest;
import software.amazon.awssdk.services.securityhub.model.BatchImportFindingsResponse;
import software.amazon.awssdk.services.securityhub.model.ImportFindingsError;

/**
 * Not public API: sends one batch with {@code BatchImportFindings}, paced by the destination's token bucket. Findings
 * Security Hub lists in {@code FailedFindings} are sent again (all but invalid input, which would fail again), and a
 * throttled (HTTP 429) or failed (5xx) request is repeated whole, each time after an exponential backoff
 * (0.5 s, 1 s, 2 s ... at most 20 s), {@value #MAX_ATTEMPTS} attempts in all; what still fails is counted in the
 * warnings, as are the retries. The SDK's own retries are off, so that every request passes the pacing. Not
 * thread-safe.
 */
public final class BatchImporter {
  /** Attempts per batch (the first and the retries). */
  public static final int MAX_ATTEMPTS = 6;
  private static final Logger LOG = LoggerFactory.getLogger(BatchImporter.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

  private final Ticker ticker;
  private final Warnings warnings;
  private long requests;

  /**
   * Creates an importer.
   *
   * @param ticker the clock the backoff waits on
   * @param warnings where problems are counted
   */
  public BatchImporter(Ticker ticker, Warnings warnings) {
    this.ticker = ticker;
    this.warnings = warnings;
  }

  /**
   * Returns how many requests were sent.
   *
   * @return the count
   */
  public long requests() {
    return requests;
  }

  /**
   * Returns the wait before attempt {@code attempt + 1}.
   *
   * @param attempt the attempt that failed, from 1
   * @return 0.5 s doubled per attempt, at most 20 s
   */
  static Duration backoff(int attempt) {
    Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }

  /**
   * Imports a batch.
   *
   * @param destination the account and region
   * @param batch at most 100 findings, all of the destination's account and region
   * @return the ids of the findings Security Hub did not accept in the end; empty when it took them all
   * @throws InterruptedException if interrupted while pacing or backing off
   */
  public Set<String> send(Destination destination, List<AsffFinding> batch) throws InterruptedException {
    Map<String, AsffFinding> pending = new LinkedHashMap<>();
    for (AsffFinding finding : batch) {
      pending.put(finding.id(), finding);
    }
    Set<String> lost = new HashSet<>();
    for (int attempt = 1; !pending.isEmpty(); attempt++) {
      destination.bucket().acquire();
      requests++;
      BatchImportFindingsResponse response;
      try {
        List<AwsSecurityFinding> findings = new ArrayList<>(pending.size());
        pending.values().forEach(finding -> findings.add(finding.toSdk()));
        response = destination.client().batchImportFindings(BatchImportFindingsRequest.builder().findings(findings)
            .build());
      } catch (AwsServiceException e) {
        boolean retryable = e.isThrottlingException() || e.statusCode() == 429 || e.statusCode() >= 500;
        String code = e.awsErrorDetails() == null ? "HTTP " + e.statusCode() : e.awsErrorDetails().errorCode();
        if (retryable && attempt < MAX_ATTEMPTS) {
          warnings.add("request(s) to " + destination.describe() + " " + (e.statusCode() == 429 || e.isThrottlingException()
              ? "throttled (" + code + ", HTTP " + e.statusCode() + ")" : "failed (" + code + ", HTTP "
              + e.statusCode() + ")") + " and retried with backoff", 1);
          ticker.sleep(backoff(attempt));
          continue;
        }
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        warnings.add("finding(s) not imported into " + destination.describe() + ": Security Hub answered " + code
            + " (HTTP " + e.statusCode() + ")" + (message == null ? "" : ": " + firstLine(message))
            + (retryable ? " after " + MAX_ATTEMPTS + " attempts" : "") + hint(code), pending.size());
        lost.addAll(pending.keySet());
        return lost;
      } catch (SdkException e) {
        warnings.add("finding(s) not imported into " + destination.describe() + ": " + e.getClass().getSimpleName()
            + ": " + firstLine(String.valueOf(e.getMessage())), pending.size());
        LOG.debug("importing into {} failed", destination.describe(), e);
        lost.addAll(pending.keySet());
        return lost;
      }
      List<ImportFindingsError> failed = response.hasFailedFindings() ? response.failedFindings() : List.of();
      Map<String, AsffFinding> retry = new LinkedHashMap<>();
      Map<String, Long> given = new HashMap<>();
      for (ImportFindingsError error : failed) {
        AsffFinding finding = pending.get(error.id());
        if (finding == null) {
          continue;
        }
        String code = error.errorCode() == null ? "unknown" : error.errorCode();
        if (!code.toLowerCase(Locale.ROOT).startsWith("invalidinput") && attempt < MAX_ATTEMPTS) {
          retry.put(finding.id(), finding);
          warnings.add("finding(s) refused by " + destination.describe() + " (" + code + ") and sent again", 1);
        } else {
          given.merge(code + (error.errorMessage() == null ? "" : ": " + firstLine(error.errorMessage())), 1L,
              Long::sum);
          lost.add(finding.id());
        }
      }
      given.forEach((reason, count) -> warnings.add("finding(s) not imported into " + destination.describe()
          + ": " + reason, count));
      pending = retry;
      if (!pending.isEmpty()) {
        ticker.sleep(backoff(attempt));
      }
    }
    return lost;
  }

  private static String hint(String code) {
    if (code.contains("InvalidAccess")) {
      return " (is Security Hub enabled in this account and region?)";
    }
    if (code.contains("AccessDenied")) {
      return " (the account's credentials need securityhub:BatchImportFindings)";
    }
    return "";
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
