package io.secposture.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.RunDiff;
import io.secposture.api.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FailOnOptionTest {
  private static final RunDiff DIFF = new RunDiff("prev", Instant.parse("2026-11-15T02:00:00Z"),
      new RunDiff.Counts(3, 1, 1, 5), Map.of(Severity.CRITICAL, new RunDiff.Counts(0, 0, 1, 1),
          Severity.HIGH, new RunDiff.Counts(1, 0, 0, 2), Severity.LOW, new RunDiff.Counts(2, 1, 0, 2)),
      new TreeMap<>(Map.of(CloudProvider.AWS, new RunDiff.Counts(3, 1, 1, 5))), new TreeMap<>());

  private static FailOnOption gate(String... rules) {
    FailOnOption option = new FailOnOption();
    option.rules = List.of(rules);
    return option;
  }

  @Test
  void tripped_ruleCountsItsSeverityAndWorse() {
    assertThat(gate("new:high").tripped(DIFF)).containsExactly("1 new finding at high or worse (--fail-on new:high)");
    assertThat(gate("new:low").tripped(DIFF)).containsExactly("3 new findings at low or worse (--fail-on new:low)");
    assertThat(gate("new:critical").tripped(DIFF)).isEmpty();
    assertThat(gate("reopened:critical").tripped(DIFF))
        .containsExactly("1 reopened finding at critical (--fail-on reopened:critical)");
    assertThat(gate("NEW:Any", "reopened:info").tripped(DIFF))
        .containsExactly("3 new findings (--fail-on NEW:Any)", "1 reopened finding at informational or worse"
            + " (--fail-on reopened:info)");
  }

  @Test
  void verdict_noPreviousRun_tripsNothingAndSaysSo() {
    StringWriter out = new StringWriter();

    int exit = gate("new:any").verdict(null, new Console(new PrintWriter(out, true)));

    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(out.toString()).contains("no previous run to compare with");
    assertThat(gate().verdict(DIFF, new Console(new PrintWriter(new StringWriter())))).isEqualTo(ExitCode.OK);
    assertThat(gate("new:high").verdict(DIFF, new Console(new PrintWriter(new StringWriter()))))
        .isEqualTo(ExitCode.GATE);
  }

  @Test
  void validate_malformedRules_listsEveryOne() {
    assertThatThrownBy(() -> gate("new:hgh", "added:high", "new", ":high", "new:high").validate())
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(4)
            .allMatch(problem -> problem.contains("is not KIND:SEVERITY")))
        .hasMessageContaining("'new:hgh'").hasMessageContaining("'added:high'");
  }

  @Test
  void trippedSla_countsBreachesAtTheSeverityAndWorse_andIgnoresTheDiffRules() {
    io.secposture.api.SlaSummary sla = new io.secposture.api.SlaSummary(io.secposture.api.SlaPolicy.DEFAULT,
        Map.of(), Map.of(Severity.CRITICAL, 1L, Severity.HIGH, 2L, Severity.LOW, 4L), List.of(), new TreeMap<>(),
        new TreeMap<>());

    assertThat(gate("sla:high").trippedSla(sla))
        .containsExactly("3 findings at high or worse past their SLA (--fail-on sla:high)");
    assertThat(gate("sla:critical").trippedSla(sla))
        .containsExactly("1 finding at critical past its SLA (--fail-on sla:critical)");
    assertThat(gate("sla:any").trippedSla(sla)).containsExactly("7 findings past their SLA (--fail-on sla:any)");
    assertThat(gate("sla:medium").tripped(DIFF)).as("not a diff rule").isEmpty();
    assertThat(gate("new:high").trippedSla(sla)).isEmpty();
    assertThat(gate("sla:high").trippedSla(null)).isEmpty();
  }
}
