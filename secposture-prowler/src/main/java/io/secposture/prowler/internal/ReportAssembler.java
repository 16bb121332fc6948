package io.secposture.prowler.internal;

import io.secposture.api.AccountStats;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingSink;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Not public API: turns the {@link ProwlerResult}s a format reader extracts into {@link Finding}s for the sink and
 * per-account, per-service counts, the same way for every Prowler format and version.
 *
 * <p>Counting rules (DESIGN.md): {@code checked} counts PASS and FAIL results, muted included; {@code flagged} counts
 * FAIL results that are not muted (v2/v3 {@code WARNING} and ASFF {@code WARNING} are muted failures);
 * {@code resources} counts distinct resource ids among the checked results of the service, kept as 64-bit hashes
 * ({@link ResourceHash}) so memory grows by at most 16 bytes per distinct resource. MANUAL (and v2/v3 INFO) results
 * become findings and are never flagged or checked; their service still appears. The service is the result's
 * service name, else the check id's prefix before the first {@code _}.
 *
 * <p>A result that cannot be mapped (no check id, a status Prowler never writes, no provider) is skipped and
 * reported in the parsed report's warnings with the line of the first such result; the rest of the file is still
 * counted. Not thread-safe: one per parse.
 */
final class ReportAssembler {
  static final String TOOL = "prowler";
  private static final String UNKNOWN_ACCOUNT = "unknown";
  private static final int MAX_WARNING_KINDS = 20;

  private final ReportSource source;
  private final String parser;
  private final FindingSink sink;
  private final boolean countServices;
  private final String position;
  private final Map<AccountKey, TreeMap<String, ServiceTally>> accounts = new LinkedHashMap<>();
  private final Map<String, CloudProvider> providers = new HashMap<>();
  private final Map<String, Problem> problems = new LinkedHashMap<>();
  private long findings;
  private String toolVersion;
  private Instant scannedAt;
  private boolean timeSeen;

  /**
   * Creates an assembler.
   *
   * @param source the file being parsed
   * @param parser the parser's name
   * @param sink receives the findings
   * @param countServices false for formats whose results repeat the main results (compliance CSVs): their
   *     findings are streamed but no service counts are kept, so the report does not count a result twice
   * @param position what positions are, for warnings: {@code line} (JSON) or {@code row} (CSV)
   */
  ReportAssembler(ReportSource source, String parser, FindingSink sink, boolean countServices, String position) {
    this.source = Objects.requireNonNull(source, "source");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.countServices = countServices;
    this.position = Objects.requireNonNull(position, "position");
  }

  /**
   * Validates one result, counts it and hands its finding to the sink.
   *
   * @param result the result; read, not kept
   * @param line the line (JSON) or row (CSV) it came from, for warnings
   */
  void accept(ProwlerResult result, long line) {
    String checkId = ProwlerText.blankToNull(result.checkId);
    if (checkId == null) {
      problem("skipped results without a check id", line);
      return;
    }
    ProwlerText.Status status = ProwlerText.status(result.status);
    if (status == null) {
      problem("skipped results with a status Prowler does not write ('" + abbreviate(result.status)
          + "'; expected PASS, FAIL, MANUAL or a legacy equivalent)", line);
      return;
    }
    CloudProvider provider = provider(result.provider, line);
    if (provider == null) {
      return;
    }
    String account = ProwlerText.blankToNull(result.account);
    if (account == null) {
      CloudAccount scanned = source.account();
      if (scanned != null && scanned.provider().equals(provider)) {
        account = scanned.id();
      } else {
        account = UNKNOWN_ACCOUNT;
        problem("counted results that name no account under account '" + UNKNOWN_ACCOUNT + "' (parse the file "
            + "with the scanned account, ReportSource.of(path, account), to attribute them)", line);
      }
    }
    Severity severity = ProwlerText.severity(result.severity);
    if (severity == null) {
      severity = Severity.INFORMATIONAL;
      if (ProwlerText.blankToNull(result.severity) != null) {
        problem("counted results with an unknown severity ('" + abbreviate(result.severity) + "') as informational",
            line);
      }
    }
    String service = ProwlerText.blankToNull(result.service);
    if (service == null) {
      service = ProwlerText.serviceOf(checkId);
    }
    boolean muted = result.muted || status.muted();
    String resourceId = ProwlerText.blankToNull(result.resourceId);

    if (countServices) {
      ServiceTally tally = accounts.computeIfAbsent(new AccountKey(provider, account), key -> new TreeMap<>())
          .computeIfAbsent(service, key -> new ServiceTally());
      if (status.status() != FindingStatus.MANUAL) {
        tally.checked++;
        if (status.status() == FindingStatus.FAIL && !muted) {
          tally.flagged++;
        }
        if (resourceId != null) {
          tally.resources.add(ResourceHash.of(resourceId));
        }
      }
    } else {
      accounts.computeIfAbsent(new AccountKey(provider, account), key -> new TreeMap<>());
    }
    if (toolVersion == null) {
      toolVersion = ProwlerText.version(result.version);
    }
    if (!timeSeen && result.time != null) {
      scannedAt = ProwlerText.time(result.time);
      timeSeen = scannedAt != null;
    }

    Finding.Builder finding = Finding.builder().tool(TOOL).provider(provider).accountId(account)
        .region(ProwlerText.blankToNull(result.region)).service(service).ruleId(checkId)
        .title(ProwlerText.firstNonBlank(result.title, checkId)).severity(severity).status(status.status())
        .muted(muted).resourceId(resourceId).resourceType(ProwlerText.blankToNull(result.resourceType))
        .description(ProwlerText.lineFeeds(ProwlerText.blankToNull(result.description)))
        .remediation(ProwlerText.lineFeeds(ProwlerText.blankToNull(result.remediation)))
        .compliance(result.compliance);
    if (resourceId == null && result.fingerprintKey != null) {
      finding.fingerprint(Finding.fingerprint(TOOL, provider, account, checkId, result.fingerprintKey));
    }
    Finding built = finding.build();
    findings++;
    sink.accept(built);
  }

  /**
   * Records a problem that did not stop the parse.
   *
   * @param what what happened, the same text for every occurrence
   * @param line where it first happened
   */
  void problem(String what, long line) {
    Problem problem = problems.get(what);
    if (problem == null) {
      if (problems.size() >= MAX_WARNING_KINDS) {
        problem = problems.computeIfAbsent("more problems of other kinds", key -> new Problem(line));
      } else {
        problem = new Problem(line);
        problems.put(what, problem);
      }
    }
    problem.count++;
  }

  /**
   * Returns how many findings went to the sink so far.
   *
   * @return the count
   */
  long findings() {
    return findings;
  }

  /**
   * Builds the parsed report.
   *
   * @return the report
   */
  ParsedReport finish() {
    List<AccountStats> stats = new ArrayList<>();
    accounts.forEach((key, services) -> {
      Map<String, ServiceStats> counts = new TreeMap<>();
      services.forEach((service, tally) -> counts.put(service,
          new ServiceStats(tally.checked, tally.flagged, tally.resources.size())));
      stats.add(AccountStats.of(key.provider(), key.account(), counts));
    });
    CloudAccount scanned = source.account();
    if (stats.isEmpty() && scanned != null) {
      stats.add(AccountStats.of(scanned.provider(), scanned.id(), Map.of()));
    }
    List<String> warnings = new ArrayList<>();
    problems.forEach((what, problem) -> warnings.add(problem.count + " " + (problem.count == 1 ? "time" : "times")
        + ", first at " + position + " " + problem.firstLine + ": " + what));
    return new ParsedReport(parser, source.toString(), TOOL, toolVersion, scannedAt, stats, findings, warnings);
  }

  private CloudProvider provider(String raw, long line) {
    String id = ProwlerText.blankToNull(raw);
    if (id == null) {
      CloudAccount scanned = source.account();
      if (scanned != null) {
        return scanned.provider();
      }
      problem("skipped results that name no provider (parse the file with the scanned account, "
          + "ReportSource.of(path, account), to attribute them)", line);
      return null;
    }
    CloudProvider provider = providers.get(id);
    if (provider == null) {
      try {
        provider = CloudProvider.of(id.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problem("skipped results with a provider that is not a valid provider id ('" + abbreviate(id) + "')", line);
        return null;
      }
      providers.put(id, provider);
    }
    return provider;
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 60 ? flat.substring(0, 60) + "..." : flat;
  }

  private record AccountKey(CloudProvider provider, String account) {
  }

  private static final class ServiceTally {
    long checked;
    long flagged;
    final LongHashSet resources = new LongHashSet();
  }

  private static final class Problem {
    final long firstLine;
    long count;

    Problem(long firstLine) {
      this.firstLine = firstLine;
    }
  }
}
