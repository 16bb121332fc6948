package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AgedFinding;
import io.secposture.api.CloudProvider;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.Severity;
import io.secposture.api.SlaPolicy;
import io.secposture.api.SlaSummary;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The merge laws of the report's {@code sla} and {@code owners} sections (shards merge exactly), and their JSON round
 * trip.
 */
class LifecycleSectionsLawsTest {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> OWNERS = List.of("payments", "web", OwnerSummary.UNOWNED, "data/ml");

  /** Open findings; as in a real run, no two share a row and fingerprint (the fingerprint spells every value). */
  @Provide
  Arbitrary<List<AgedFinding>> findings() {
    Arbitrary<AgedFinding> one = Combinators.combine(Arbitraries.of(CloudProvider.AWS, CloudProvider.GCP),
        Arbitraries.of("111", "222", "333"), Arbitraries.of(OWNERS), Arbitraries.of(Severity.class),
        Arbitraries.strings().withCharRange('a', 'f').ofLength(4), Arbitraries.integers().between(0, 400),
        Arbitraries.of(true, false)).as((provider, account, owner, severity, print, days, reopened) ->
            new AgedFinding(provider, account, "scoutsuite", owner, severity, "s3", "rule-" + print, "Title " + print,
                "arn:" + print, null, print + "-" + owner + "-" + severity + "-" + days + "-" + reopened,
                EPOCH.plusSeconds(86_400L * days), reopened ? EPOCH : null, 400 - days,
                days < 100));
    return one.list().ofMaxSize(30);
  }

  /** The section a tracker would build from these open findings. */
  private static SlaSummary section(List<AgedFinding> findings) {
    EnumMap<Severity, Long> open = new EnumMap<>(Severity.class);
    EnumMap<Severity, Long> breached = new EnumMap<>(Severity.class);
    TreeMap<String, Long> byAccount = new TreeMap<>();
    TreeMap<String, Long> byOwner = new TreeMap<>();
    for (AgedFinding finding : findings) {
      open.merge(finding.severity(), 1L, Long::sum);
      if (finding.breached()) {
        breached.merge(finding.severity(), 1L, Long::sum);
        byAccount.merge(finding.rowKey(), 1L, Long::sum);
        byOwner.merge(finding.owner(), 1L, Long::sum);
      }
    }
    return new SlaSummary(SlaPolicy.DEFAULT, open, breached, findings, byAccount, byOwner);
  }

  private static OwnerSummary owners(List<AgedFinding> findings) {
    TreeMap<String, OwnerSummary.Counts> owners = new TreeMap<>();
    for (AgedFinding finding : findings) {
      owners.merge(finding.owner(), new OwnerSummary.Counts(1, finding.reopenedAt() == null ? 1 : 0,
          finding.reopenedAt() == null ? 0 : 1, finding.breached() ? 1 : 0, finding.ageDays() % 2),
          OwnerSummary.Counts::plus);
    }
    return new OwnerSummary("team", owners);
  }

  @Property(tries = 300)
  void combine_shardsOfAnyRun_equalsTheSectionOfAllTheirFindings(@ForAll("findings") List<AgedFinding> a,
      @ForAll("findings") List<AgedFinding> b, @ForAll("findings") List<AgedFinding> c) {
    List<AgedFinding> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);

    assertThat(SlaSummary.combine(List.of(section(a), section(b), section(c)))).isEqualTo(section(all));
    assertThat(OwnerSummary.combine(List.of(owners(a), owners(b), owners(c)))).isEqualTo(owners(all));
  }

  @Property(tries = 300)
  void combine_isCommutativeAssociativeAndSkipsMissingSections(@ForAll("findings") List<AgedFinding> a,
      @ForAll("findings") List<AgedFinding> b, @ForAll("findings") List<AgedFinding> c) {
    SlaSummary x = section(a);
    SlaSummary y = section(b);
    SlaSummary z = section(c);

    assertThat(SlaSummary.combine(List.of(x, y))).isEqualTo(SlaSummary.combine(List.of(y, x)));
    assertThat(SlaSummary.combine(List.of(SlaSummary.combine(List.of(x, y)), z)))
        .isEqualTo(SlaSummary.combine(List.of(x, SlaSummary.combine(List.of(y, z)))));
    assertThat(SlaSummary.combine(Arrays.asList(null, x, null))).isEqualTo(x);
    assertThat(SlaSummary.combine(Collections.singletonList(null))).isNull();
    assertThat(OwnerSummary.combine(List.of(owners(a), owners(b))))
        .isEqualTo(OwnerSummary.combine(List.of(owners(b), owners(a))));
  }

  @Property(tries = 200)
  void reportJson_roundTripsTheSections(@ForAll("findings") List<AgedFinding> findings) {
    PostureReport report = PostureReport.builder("run-1", EPOCH).sla(section(findings)).owners(owners(findings))
        .build();

    PostureReport read = ReportJson.read(new ByteArrayInputStream(ReportJson.toBytes(report)), "report");

    assertThat(read.sla()).isEqualTo(report.sla());
    assertThat(read.owners()).isEqualTo(report.owners());
  }

  @Property(tries = 100)
  void policy_parsesWhatItPrints(@ForAll("days") Map<Severity, Integer> days) {
    EnumMap<Severity, java.time.Duration> limits = new EnumMap<>(Severity.class);
    days.forEach((severity, count) -> limits.put(severity, java.time.Duration.ofDays(count)));
    SlaPolicy policy = new SlaPolicy(limits);

    assertThat(SlaPolicy.parse(policy.toString())).isEqualTo(policy);
  }

  @Provide
  Arbitrary<Map<Severity, Integer>> days() {
    return Arbitraries.maps(Arbitraries.of(Severity.class), Arbitraries.integers().between(0, 3650)).ofMaxSize(5);
  }
}
