package io.secposture.scoutsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
}
