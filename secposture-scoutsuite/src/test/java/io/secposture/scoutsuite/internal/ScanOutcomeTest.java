package io.secposture.scoutsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.ScanStatus;
import io.secposture.core.ProcessResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finding the line that explains a failed run. */
class ScanOutcomeTest {
  @Test
  void lastError_coloredlogsErrorLine_isItsMessage() {
    List<String> tail = List.of(
        "2024-03-11 06:31:21 host scout[2128708] INFO Launching Scout",
        "2024-03-11 06:31:22 host scout[2128708] ERROR authentication_strategy.py L50: Authentication failure: The"
            + " security token included in the request is invalid.",
        "2024-03-11 06:31:22 host scout[2128708] INFO Exiting");

    assertThat(ScanOutcome.lastError(tail)).contains("authentication_strategy.py L50: Authentication failure: The"
        + " security token included in the request is invalid.");
  }

  @Test
  void lastError_argparseError_isItsMessage() {
    assertThat(ScanOutcome.lastError(List.of("usage: scout aws [-h] [--profile PROFILE]",
        "scout aws: error: argument --max-workers: invalid int value: 'many'")))
        .contains("argument --max-workers: invalid int value: 'many'");
  }

  @Test
  void lastError_pythonCrash_isTheExceptionLine() {
    assertThat(ScanOutcome.lastError(List.of("Traceback (most recent call last):",
        "  File \"/usr/bin/scout\", line 5, in <module>", "    from ScoutSuite.__main__ import run_from_cli",
        "ModuleNotFoundError: No module named 'ScoutSuite'")))
        .contains("ModuleNotFoundError: No module named 'ScoutSuite'");
  }

  @Test
  void lastError_onlyInfoLines_isEmpty() {
    assertThat(ScanOutcome.lastError(List.of("2024-03-11 06:31:21 host scout[1] INFO Launching Scout"))).isEmpty();
    assertThat(ScanOutcome.lastLogMessage(List.of("2024-03-11 06:31:21 host scout[1] INFO Fetching resources for"
        + " the IAM service"))).contains("Fetching resources for the IAM service");
  }

  @Test
  void lastError_veryLongLine_isShortened() {
    assertThat(ScanOutcome.lastError(List.of("x".repeat(1000)))).hasValueSatisfying(line ->
        assertThat(line).hasSize(303).endsWith("..."));
  }

  private static ScanOutcome exit101(String errorMessage) {
    List<String> tail = List.of("2026-12-06 03:31:30 host scout[2128708] INFO Launching Scout",
        "2026-12-06 03:31:30 host scout[2128708] INFO Authenticating to cloud provider",
        "2026-12-06 03:31:32 host scout[2128708] ERROR " + errorMessage);
    return ScanOutcome.of(new ProcessResult(101, false, false, Duration.ofSeconds(2), tail, Path.of("out.log"),
        Path.of("err.log")), Duration.ofMinutes(5), Path.of("missing.js"), "aws/123456789012", "aws-keys");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // the real ScoutSuite 5.14.0 line (shared/fixtures/README.md, real-runs)
      "Authentication failure: Could not connect to the endpoint URL: \"...\"",
      "__main__.py L85: Authentication failure: Could not connect to the endpoint URL:"
          + " \"https://sts.amazonaws.com/\"",
      "Authentication failure: Connect timeout on endpoint URL: \"https://sts.amazonaws.com/\"",
      "Authentication failure: Read timeout on endpoint URL: \"https://sts.eu-west-1.amazonaws.com/\"",
      "Authentication failure: Failed to connect to proxy URL: \"http://proxy.internal:3128\"",
      "Authentication failure: SSL validation failed for https://sts.amazonaws.com/ [SSL: CERTIFICATE_VERIFY_FAILED]",
      "Authentication failure: HTTPSConnectionPool(host='login.microsoftonline.com', port=443): Max retries exceeded"
          + " with url: /common (Caused by NewConnectionError('<urllib3.connection.HTTPSConnection object at"
          + " 0x7f>: Failed to establish a new connection: [Errno -2] Name or service not known'))",
      "Authentication failure: HTTPSConnectionPool(host='oauth2.googleapis.com', port=443): Read timed out."
          + " (read timeout=120)",
      "Authentication failure: [Errno -3] Temporary failure in name resolution"})
  void exit101_unreachableEndpoint_isANetworkProblemNotTheCredentials(String message) {
    ScanOutcome outcome = exit101(message);

    assertThat(outcome.status()).isEqualTo(ScanStatus.FAILED);
    assertThat(outcome.reason()).startsWith("could not reach the cloud API from this machine: check the network,"
        + " the proxy (HTTPS_PROXY, NO_PROXY), the CA bundle and any custom endpoint (ScoutSuite exits 101 for this"
        + " as for rejected credentials, but the credentials of aws/123456789012 (aws-keys) were never checked): ")
        .endsWith(message.length() > 300 ? message.substring(0, 300) + "..." : message)
        .doesNotContain("check the credentials");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // the real ScoutSuite 5.14.0 line (shared/fixtures/README.md, real-runs)
      "Authentication failure: An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity"
          + " operation: ...",
      "Authentication failure: An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity"
          + " operation: The security token included in the request is invalid.",
      "Authentication failure: An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The"
          + " security token included in the request is expired",
      "Authentication failure: Unable to locate credentials"})
  void exit101_rejectedOrMissingCredentials_staysACredentialsProblem(String message) {
    assertThat(exit101(message).reason()).isEqualTo("authentication failed: check the credentials of"
        + " aws/123456789012 (aws-keys): " + message);
  }
}
