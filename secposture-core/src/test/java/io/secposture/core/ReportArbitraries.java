package io.secposture.core;

import io.secposture.api.AccountStats;
import io.secposture.api.AccountSummary;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceChanges;
import io.secposture.api.ComplianceRef;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.FindingTally;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.InputFailure;
import io.secposture.api.ParsedReport;
import io.secposture.api.PostureReport;
import io.secposture.api.RequirementResult;
import io.secposture.api.RuleSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.api.Suppression;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for the property tests of the aggregator and the JSON codec.
 *
 * <p>Aggregation inputs draw ids, services and rules from small pools so that rows, services and rules collide
 * often (that is where merging can go wrong). Report generators for the codec draw from all of Unicode, including
 * control characters and unpaired surrogates, and from the full range of durations and instants a report holds.
 */
final class ReportArbitraries {
  static final Instant RUN_START = Instant.parse("2026-11-22T02:00:00Z");

  private static final List<CloudProvider> PROVIDERS = List.of(CloudProvider.AWS, CloudProvider.AZURE,
      CloudProvider.GCP, CloudProvider.KUBERNETES, CloudProvider.of("oci"));

  private ReportArbitraries() {
  }

  /** One scan with what the pipeline gives its aggregation: the result, the parsed files, findings, failures. */
  record ScanInput(ScanResult scan, List<ParsedReport> reports, List<Finding> findings, List<InputFailure> failures) {
  }

  /** One file given to the aggregate command: its parsed report and findings, or a failure. */
  record FileInput(ParsedReport report, List<Finding> findings, InputFailure failure) {
  }

  // ---- pools ----

  static Arbitrary<CloudProvider> providers() {
    return Arbitraries.of(PROVIDERS);
  }

  static Arbitrary<String> accountIds() {
    return Arbitraries.of("111122223333", "444455556666", "proj-a", "sub/with slash");
  }

  static Arbitrary<String> tools() {
    return Arbitraries.of("scoutsuite", "prowler");
  }

  static Arbitrary<String> services() {
    return Arbitraries.of("s3", "iam", "ec2", "total", "total-service");
  }

  static Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(0, 400L * 24 * 3600 * 1_000_000_000L)
        .map(nanos -> RUN_START.minusNanos(nanos));
  }

  static Arbitrary<ServiceStats> stats() {
    return Combinators.combine(Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, 1000),
        Arbitraries.longs().between(0, 1000)).as(ServiceStats::new);
  }

  // ---- aggregation inputs ----

  static Arbitrary<Finding> findings() {
    return Builders.withBuilder(Finding::builder)
        .use(tools()).in(Finding.Builder::tool)
        .use(providers()).in(Finding.Builder::provider)
        .use(accountIds()).in(Finding.Builder::accountId)
        .use(services()).in(Finding.Builder::service)
        .use(Arbitraries.of("r1", "r2", "r3")).in(Finding.Builder::ruleId)
        .use(Arbitraries.of("Alpha", "Beta", "Gamma")).in(Finding.Builder::title)
        .use(Arbitraries.of(Severity.class)).in(Finding.Builder::severity)
        .use(Arbitraries.of(FindingStatus.class)).in(Finding.Builder::status)
        .use(Arbitraries.of(true, false, false)).in(Finding.Builder::muted)
        .use(Arbitraries.of("res-1", "res-2").injectNull(0.3)).in(Finding.Builder::resourceId)
        .use(complianceRefs().list().ofMaxSize(3))
        .in((Finding.Builder builder, List<ComplianceRef> refs) -> builder.compliance(refs))
        .build(Finding.Builder::build);
  }

  /** A small pool of framework requirements, so findings of different scans and files meet on the same ones. */
  static Arbitrary<ComplianceRef> complianceRefs() {
    return Combinators.combine(Arbitraries.of("CIS-2.0", "CIS-1.2", "PCI-3.2.1"), Arbitraries.of("1.2", "1.10", "2.1"))
        .as(ComplianceRef::new);
  }

  static Arbitrary<RequirementResult> requirementResults() {
    return Combinators.combine(providers(), accountIds(), complianceRefs(), Arbitraries.of(FindingStatus.class))
        .as(RequirementResult::new);
  }

  static Arbitrary<AccountStats> accountStats() {
    return Combinators.combine(providers(), accountIds(),
        Arbitraries.maps(services(), stats()).ofMaxSize(3)).as(AccountStats::of);
  }

  static Arbitrary<ParsedReport> parsedReports() {
    return Combinators.combine(tools(), Arbitraries.of("a.json", "b.js", "c.ocsf.json"),
        instants().injectNull(0.3), accountStats().list().ofMaxSize(3),
        Arbitraries.of("warn-1", "warn-2", "warn-3").list().ofMaxSize(2), requirementResults().list().ofMaxSize(3))
        .as((tool, source, scannedAt, accounts, warnings, results) -> new ParsedReport(tool + "-parser", source,
            tool, "1.0", scannedAt, accounts, 0, warnings, null, results));
  }

  static Arbitrary<InputFailure> failures() {
    return Combinators.combine(Arbitraries.of("x.json", "y.json"), Arbitraries.of("truncated", "not JSON"))
        .as(InputFailure::new);
  }

  static Arbitrary<CloudAccount> accounts() {
    return Combinators.combine(providers(), accountIds(), Arbitraries.of("prod", "staging", "").injectNull(0.2),
        Arbitraries.maps(Arbitraries.of("team", "env"), Arbitraries.of("web", "data", "prod")).ofMaxSize(2))
        .as((provider, id, name, labels) -> CloudAccount.builder(provider, id).name(name).labels(labels).build());
  }

  static Arbitrary<Artifact> artifacts() {
    return Combinators.combine(Arbitraries.of(ArtifactRole.class),
        Arbitraries.of("report.html", "results/data.js", "scan.log", "findings.jsonl.gz", "odd name/../x.json"))
        .as((role, name) -> new Artifact(Path.of("/tmp", "unused"), name, "application/octet-stream", role));
  }

  static Arbitrary<ScanResult> scanResults() {
    Arbitrary<ScanStatus> statuses = Arbitraries.of(ScanStatus.class);
    return Combinators.combine(tools(), accounts(), statuses, Arbitraries.integers().between(-1, 3).injectNull(0.3),
        instants(), Arbitraries.longs().between(0, 7200_000).map(Duration::ofMillis),
        artifacts().list().ofMaxSize(4), Arbitraries.of("denied", "crashed", "slow").injectNull(0.3))
        .as((scanner, account, status, exitCode, startedAt, duration, artifacts, reason) -> {
          ScanResult.Builder builder = ScanResult.builder(scanner, account, status).exitCode(exitCode)
              .startedAt(startedAt).duration(duration)
              .reason(status == ScanStatus.SUCCEEDED ? reason : reason == null ? "needed" : reason);
          artifacts.forEach(builder::artifact);
          return builder.build();
        })
        .flatMap(scan -> Arbitraries.of("scan-warn-1", "scan-warn-2").list().ofMaxSize(2).map(warnings -> {
          ScanResult.Builder builder = scan.toBuilder();
          warnings.forEach(builder::warning);
          return builder.build();
        }));
  }

  static Arbitrary<ScanInput> scanInputs() {
    return Combinators.combine(scanResults(), parsedReports().list().ofMaxSize(2), findings().list().ofMaxSize(8),
        failures().list().ofMaxSize(1)).as(ScanInput::new);
  }

  static Arbitrary<FileInput> fileInputs() {
    Arbitrary<FileInput> parsed = Combinators.combine(parsedReports(), findings().list().ofMaxSize(8))
        .as((report, findings) -> new FileInput(report, findings, null));
    Arbitrary<FileInput> failed = failures().map(failure -> new FileInput(null, List.of(), failure));
    return Arbitraries.frequencyOf(Tuple.of(5, parsed), Tuple.of(1, failed));
  }

  // ---- reports for the codec ----

  /** Any text at all: every code unit, including control characters and unpaired surrogates. */
  static Arbitrary<String> anyText() {
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(12),
        Arbitraries.of("", " ", "total", "<script>", "\"quoted\"", "back\\slash", "line\nbreak", "\ud800", "😀"));
  }

  /**
   * Any text that can be a JSON field name: {@link #anyText()} without unpaired surrogates, which the writer
   * replaces in keys (see {@code ReportJsonTest}).
   */
  static Arbitrary<String> anyKey() {
    return anyText().filter(ReportArbitraries::wellFormed);
  }

  static boolean wellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static Arbitrary<String> runIds() {
    return Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("._-").ofMaxLength(30)
        .map(rest -> "r" + rest);
  }

  static Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000_000L)
        .map(Duration::ofNanos), Arbitraries.of(Duration.ZERO, Duration.ofMillis(12_500)));
  }

  static Arbitrary<FindingTally> tallies() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, Long.MAX_VALUE / 16);
    return Combinators.combine(count.list().ofSize(Severity.values().length), count, count, count, count)
        .as((severities, failed, passed, muted, manual) -> {
          EnumMap<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
          for (Severity severity : Severity.values()) {
            bySeverity.put(severity, severities.get(severity.ordinal()));
          }
          return new FindingTally(bySeverity, failed, passed, muted, manual);
        });
  }

  static Arbitrary<AccountSummary> summaries() {
    Arbitrary<Map<String, String>> strings = Arbitraries.maps(anyKey(), anyText()).ofMaxSize(3);
    Arbitrary<Map<String, ServiceStats>> services = Arbitraries.maps(anyKey(), stats()).ofMaxSize(3);
    return Builders.withBuilder(SummaryBuilder::new)
        .use(providers()).inSetter((b, v) -> b.provider = v)
        .use(anyText()).inSetter((b, v) -> b.accountId = v)
        .use(anyText().injectNull(0.2)).inSetter((b, v) -> b.name = v)
        .use(anyText()).inSetter((b, v) -> b.scanner = v)
        .use(Arbitraries.of(ScanStatus.class)).inSetter((b, v) -> b.status = v)
        .use(Arbitraries.integers().injectNull(0.3)).inSetter((b, v) -> b.exitCode = v)
        .use(instants().injectNull(0.3)).inSetter((b, v) -> b.startedAt = v)
        .use(durations()).inSetter((b, v) -> b.duration = v)
        .use(anyText().injectNull(0.5)).inSetter((b, v) -> b.reason = v)
        .use(strings).inSetter((b, v) -> b.labels = v)
        .use(services).inSetter((b, v) -> b.services = v)
        .use(tallies()).inSetter((b, v) -> b.findings = v)
        .use(strings).inSetter((b, v) -> b.links = v)
        .use(anyText().list().ofMaxSize(3)).inSetter((b, v) -> b.warnings = v)
        .build(SummaryBuilder::build);
  }

  static Arbitrary<RuleSummary> ruleSummaries() {
    return Combinators.combine(anyText(), providers(), anyText(), anyText(), anyText(),
        Arbitraries.of(Severity.class), Arbitraries.longs().between(0, Long.MAX_VALUE))
        .as(RuleSummary::new);
  }

  static Arbitrary<RunDiff.Counts> diffCounts() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, 1_000_000);
    return Combinators.combine(count, count, count, count, count).as(RunDiff.Counts::new);
  }

  /** The row part of a new finding: provider, account, scanner, severity. */
  private record FindingRow(CloudProvider provider, String accountId, String scanner, Severity severity) {
  }

  static Arbitrary<RunDiff.NewFinding> newFindings() {
    Arbitrary<FindingRow> rows = Combinators.combine(providers(), anyText(), anyText(), Arbitraries.of(Severity.class))
        .as(FindingRow::new);
    return Combinators.combine(rows, anyText(), anyText(), anyText(), anyText().injectNull(0.3),
        anyText().injectNull(0.5), anyText(), Arbitraries.of(true, false))
        .as((row, service, ruleId, title, resourceId, region, fingerprint, reopened) -> new RunDiff.NewFinding(
            row.provider(), row.accountId(), row.scanner(), row.severity(), service, ruleId, title, resourceId, region,
            fingerprint, reopened));
  }

  static Arbitrary<RunDiff> diffs() {
    return Combinators.combine(runIds(), instants(), diffCounts(),
        Arbitraries.maps(Arbitraries.of(Severity.class), diffCounts()).ofMaxSize(5),
        Arbitraries.maps(providers(), diffCounts()).ofMaxSize(3),
        Arbitraries.maps(anyKey(), diffCounts()).ofMaxSize(3),
        newFindings().list().ofMaxSize(4),
        Arbitraries.maps(anyKey(), anyText()).ofMaxSize(2))
        .as((runId, at, total, bySeverity, byProvider, byAccount, newFindings, notCompared) ->
            new RunDiff(runId, at, total, bySeverity, new TreeMap<>(byProvider), new TreeMap<>(byAccount),
                newFindings, new TreeMap<>(notCompared)))
        .flatMap(diff -> complianceChanges().list().ofMaxSize(3).map(diff::withCompliance));
  }

  /** Compliance changes of a few frameworks (so that shards' entries meet), with titles left out at times. */
  static Arbitrary<ComplianceChanges> complianceChanges() {
    Arbitrary<ComplianceChanges.Change> changes = Combinators.combine(Arbitraries.of("1.1", "1.10", "2.1.1", "x"),
        anyText().injectNull(0.5), anyText(), Arbitraries.of(true, false)).as(ComplianceChanges.Change::new);
    return Combinators.combine(Arbitraries.of("CIS-2.0", "PCI-3.2.1", "SOC2"), providers(),
        Arbitraries.longs().between(0, 1000), Arbitraries.longs().between(0, 1000), changes.list().ofMaxSize(4))
        .as(ComplianceChanges::new);
  }

  /**
   * Any report the codec must round-trip: arbitrary text everywhere, providers with at least one service each
   * (an empty provider section reads as absent), no provider-level service named {@code total} (it is written
   * as {@code total-service}).
   */
  static Arbitrary<PostureReport> reports() {
    Arbitrary<Map<String, ServiceStats>> providerServices = Arbitraries.maps(
        anyKey().filter(name -> !name.equals("total")), stats()).ofMinSize(1).ofMaxSize(3);
    Arbitrary<Map<CloudProvider, Map<String, ServiceStats>>> services =
        Arbitraries.maps(providers(), providerServices).ofMaxSize(4);
    return Builders.withBuilder(() -> PostureReport.builder("r", RUN_START))
        .use(Arbitraries.integers().between(1, PostureReport.SCHEMA_VERSION)).in(PostureReport.Builder::schemaVersion)
        .use(runIds()).in(PostureReport.Builder::runId)
        .use(instants()).in(PostureReport.Builder::generatedAt)
        .use(services).in(PostureReport.Builder::services)
        .use(summaries().list().ofMaxSize(4)).in(PostureReport.Builder::accounts)
        .use(tallies()).in(PostureReport.Builder::findings)
        .use(ruleSummaries().list().ofMaxSize(4)).in(PostureReport.Builder::rules)
        .use(Combinators.combine(anyText(), anyText()).as(InputFailure::new).list().ofMaxSize(3))
        .in(PostureReport.Builder::failedInputs)
        .use(diffs().injectNull(0.4)).in(PostureReport.Builder::diff)
        .use(frameworks().list().ofMaxSize(3)).in(PostureReport.Builder::compliance)
        .use(suppressions().list().ofMaxSize(3)).in(PostureReport.Builder::suppressions)
        .build(PostureReport.Builder::build);
  }

  /** Any suppressions section entry; ids from a small pool, so that entries of one id meet and combine. */
  static Arbitrary<Suppression> suppressions() {
    Arbitrary<String> nullableText = anyText().injectNull(0.4);
    Arbitrary<Map<String, String>> labels = Arbitraries.maps(anyKey(), anyText()).ofMaxSize(2);
    Arbitrary<LocalDate> expires = Arbitraries.integers().between(0, 800)
        .map(days -> LocalDate.of(2026, 1, 1).plusDays(days)).injectNull(0.3);
    Arbitrary<Suppression> definitions = Combinators.combine(Arbitraries.of("S0a1b2c3d", "legacy", "x"),
        nullableText, nullableText, providers().injectNull(0.5), anyText().list().ofMaxSize(2), labels, nullableText,
        nullableText).as((id, rule, scanner, provider, accounts, labelMap, region, service) ->
            new Suppression(id, rule, scanner, provider, accounts, new TreeMap<>(labelMap), region, service, null,
                "reason", "owner", null, null, 0, false));
    return Combinators.combine(definitions, nullableText, anyText(), anyText(), nullableText, expires,
        Arbitraries.longs().between(0, 1000), Arbitraries.of(true, false))
        .as((entry, resource, reason, owner, ticket, expiry, matched, expired) -> new Suppression(entry.id(),
            entry.rule(), entry.scanner(), entry.provider(), entry.accounts(), entry.labels(), entry.region(),
            entry.service(), resource, reason, owner, ticket, expiry, matched, expired));
  }

  static Arbitrary<FrameworkCompliance> frameworks() {
    Arbitrary<List<String>> accountLists = anyText().list().ofMaxSize(3);
    Arbitrary<ComplianceRequirement> requirements = Combinators.combine(anyText(), anyText().injectNull(0.5),
        accountLists, accountLists, accountLists, Arbitraries.longs().between(0, 1000))
        .as(ComplianceRequirement::new);
    return Combinators.combine(anyText(), providers(), requirements.list().ofMaxSize(4))
        .as(FrameworkCompliance::new);
  }

  /** Mutable holder for the many components of an {@link AccountSummary}. */
  private static final class SummaryBuilder {
    CloudProvider provider;
    String accountId;
    String name;
    String scanner;
    ScanStatus status;
    Integer exitCode;
    Instant startedAt;
    Duration duration;
    String reason;
    Map<String, String> labels = new HashMap<>();
    Map<String, ServiceStats> services = new HashMap<>();
    FindingTally findings;
    Map<String, String> links = new HashMap<>();
    List<String> warnings = new ArrayList<>();

    AccountSummary build() {
      return new AccountSummary(provider, accountId, name, scanner, status, exitCode, startedAt, duration, reason,
          new TreeMap<>(labels), new TreeMap<>(services), findings, new TreeMap<>(links), warnings);
    }
  }
}
