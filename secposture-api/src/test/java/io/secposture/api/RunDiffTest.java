package io.secposture.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class RunDiffTest {
  private static final Instant PREVIOUS = Instant.parse("2026-11-15T02:00:00Z");

  @Test
  void counts_fourArguments_haveNothingUnknown() {
    RunDiff.Counts counts = new RunDiff.Counts(1, 2, 3, 4);

    assertThat(counts.unknown()).isZero();
    assertThat(counts.flaggedNow()).isEqualTo(8);
    assertThat(counts.plus(new RunDiff.Counts(0, 0, 0, 0, 5))).isEqualTo(new RunDiff.Counts(1, 2, 3, 4, 5));
    assertThatThrownBy(() -> new RunDiff.Counts(0, 0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_moreNewFindingsThanTheLimit_keepsTheMostSeriousInOrder() {
    List<RunDiff.NewFinding> findings = new ArrayList<>();
    for (int i = 0; i < RunDiff.NEW_FINDINGS_LIMIT; i++) {
      findings.add(finding("1", Severity.LOW, "rule-" + i));
    }
    findings.add(finding("2", Severity.CRITICAL, "worst"));
    Collections.shuffle(findings, new java.util.Random(7));

    RunDiff diff = diff(findings, Map.of());

    assertThat(diff.newFindings()).hasSize(RunDiff.NEW_FINDINGS_LIMIT);
    assertThat(diff.newFindings().get(0).ruleId()).isEqualTo("worst");
    assertThat(diff.newFindings()).isSortedAccordingTo(RunDiff.NewFinding.ORDER);
    assertThat(diff.newFindings().get(0).rowKey()).isEqualTo("aws/2/scoutsuite");
  }

  @Test
  void combine_shards_unitesNewFindingsAndRowsNotCompared() {
    RunDiff a = diff(List.of(finding("1", Severity.HIGH, "r1")), Map.of("aws/1/scoutsuite", "FAILED in this run"));
    RunDiff b = diff(List.of(finding("2", Severity.CRITICAL, "r2")), Map.of("aws/2/scoutsuite", "gone"));

    RunDiff both = RunDiff.combine(List.of(a, b));

    assertThat(both.newFindings()).extracting(RunDiff.NewFinding::ruleId).containsExactly("r2", "r1");
    assertThat(both.notCompared()).containsOnlyKeys("aws/1/scoutsuite", "aws/2/scoutsuite");
  }

  @Provide
  Arbitrary<RunDiff> diffs() {
    Arbitrary<RunDiff.Counts> counts = Combinators.combine(Arbitraries.longs().between(0, 50),
        Arbitraries.longs().between(0, 50), Arbitraries.longs().between(0, 50), Arbitraries.longs().between(0, 50),
        Arbitraries.longs().between(0, 50)).as(RunDiff.Counts::new);
    Arbitrary<RunDiff.NewFinding> finding = Combinators.combine(Arbitraries.of("1", "2", "3"),
        Arbitraries.of(Severity.class), Arbitraries.strings().alpha().ofLength(3), Arbitraries.of(true, false))
        .as((account, severity, rule, reopened) -> new RunDiff.NewFinding(CloudProvider.AWS, account, "prowler",
            severity, "s3", rule, "title " + rule, "arn:" + rule, null, Finding.fingerprint("prowler",
                CloudProvider.AWS, account, rule, "arn:" + rule), reopened));
    return Combinators.combine(counts, Arbitraries.maps(Arbitraries.of("aws/1/a", "aws/2/a"), counts).ofMaxSize(2),
        finding.list().ofMaxSize(150), Arbitraries.maps(Arbitraries.of("aws/1/a", "gcp/x/b"),
            Arbitraries.strings().alpha().ofMaxLength(4)).ofMaxSize(2))
        .as((total, accounts, findings, notCompared) -> new RunDiff("prev", PREVIOUS, total,
            Map.of(Severity.HIGH, total), new TreeMap<>(Map.of(CloudProvider.AWS, total)), new TreeMap<>(accounts),
            findings, new TreeMap<>(notCompared)));
  }

  @Property(tries = 200)
  void combine_anyGroupingAndOrder_givesTheSameDiff(@ForAll("diffs") RunDiff a, @ForAll("diffs") RunDiff b,
      @ForAll("diffs") RunDiff c) {
    RunDiff flat = RunDiff.combine(List.of(a, b, c));

    assertThat(RunDiff.combine(List.of(RunDiff.combine(List.of(a, b)), c))).isEqualTo(flat);
    assertThat(RunDiff.combine(List.of(c, RunDiff.combine(List.of(b, a))))).isEqualTo(flat);
  }

  private static RunDiff diff(List<RunDiff.NewFinding> findings, Map<String, String> notCompared) {
    return new RunDiff("prev", PREVIOUS, RunDiff.Counts.ZERO, Map.of(), new TreeMap<>(), new TreeMap<>(), findings,
        new TreeMap<>(notCompared));
  }

  private static RunDiff.NewFinding finding(String account, Severity severity, String rule) {
    return new RunDiff.NewFinding(CloudProvider.AWS, account, "scoutsuite", severity, "iam", rule, "Title " + rule,
        null, null, Finding.fingerprint("scoutsuite", CloudProvider.AWS, account, rule, null), false);
  }
}
