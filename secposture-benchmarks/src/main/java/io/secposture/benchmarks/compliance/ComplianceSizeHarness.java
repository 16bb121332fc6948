package io.secposture.benchmarks.compliance;

import io.secposture.api.Aggregation;
import io.secposture.api.Aggregator;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.RunInfo;
import io.secposture.api.Severity;
import io.secposture.core.ComplianceFrameworks;
import io.secposture.core.ReportJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Measures the size of {@code report_latest.json} with Prowler-like compliance data, with every framework and with
 * the setting {@code report.compliance.frameworks} at a typical value: the README's Compliance section quotes it.
 *
 * <p>Generates, per account, one result per check of a Prowler-like check list (400 AWS checks by default, 30% FAIL,
 * the rest PASS; seeded), each mapped as Prowler maps its checks: to one or two requirements in most of 38
 * frameworks named with Prowler's keys ({@code CIS-1.4} ... {@code SOC2}, 3,000 requirements in all). Accounts are
 * aggregated by the default aggregator in batches of 100 (as shards of a run are) and the batches merged, once
 * keeping every framework and once with the filter applied to each batch as the pipeline applies it to each scan.
 * Prints the report's size in bytes and gzip-compressed, the number of frameworks and requirements, per account
 * count. Run it with the shaded benchmarks jar:
 *
 * <pre>{@code
 * ./mvnw -B -o -q -Pbench -pl secposture-benchmarks -am package -DskipTests
 * java -Xmx2g -cp secposture-benchmarks/target/benchmarks.jar \
 *     io.secposture.benchmarks.compliance.ComplianceSizeHarness --accounts 100,1000 --filter 'CIS-*,PCI-*'
 * }</pre>
 *
 * <p>Options: {@code --accounts N,M,...} (default 100,1000), {@code --checks N} (default 400), {@code --filter GLOBS}
 * (default {@code CIS-*,PCI-*}), {@code --seed N} (default 2026).
 */
public final class ComplianceSizeHarness {
  private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
  private static final int BATCH = 100;

  /** Prowler's framework keys for AWS and a plausible number of requirements each. */
  private static final String[][] FRAMEWORKS = {
      {"AWS-Account-Security-Onboarding", "30"}, {"AWS-Audit-Manager-Control-Tower-Guardrails", "20"},
      {"AWS-Foundational-Security-Best-Practices", "200"}, {"AWS-Foundational-Technical-Review", "40"},
      {"AWS-Well-Architected-Framework-Reliability-Pillar", "20"},
      {"AWS-Well-Architected-Framework-Security-Pillar", "60"}, {"C5", "100"}, {"CIS-1.4", "60"},
      {"CIS-1.5", "62"}, {"CIS-2.0", "62"}, {"CIS-3.0", "62"}, {"CIS-4.0", "62"}, {"CIS-5.0", "62"},
      {"CISA", "20"}, {"ENS-RD2022", "100"}, {"FedRAMP-Low-Revision-4", "60"},
      {"FedRamp-Moderate-Revision-4", "120"}, {"FFIEC", "60"}, {"GDPR", "10"}, {"GxP-21-CFR-Part-11", "20"},
      {"GxP-EU-Annex-11", "20"}, {"HIPAA", "40"}, {"ISO27001-2013", "60"}, {"ISO27001-2022", "80"},
      {"KISA-ISMS-P-2023", "80"}, {"KISA-ISMS-P-2023-korean", "80"}, {"MITRE-ATTACK", "60"}, {"NIS2", "80"},
      {"NIST-800-171-Revision-2", "80"}, {"NIST-800-53-Revision-4", "150"}, {"NIST-800-53-Revision-5", "250"},
      {"NIST-CSF-1.1", "60"}, {"NIST-CSF-2.0", "80"}, {"PCI-3.2.1", "200"}, {"PCI-4.0", "250"},
      {"ProwlerThreatScore-1.0", "60"}, {"RBI-Cyber-Security-Framework", "15"}, {"SOC2", "40"}};

  private ComplianceSizeHarness() {
  }

  /**
   * Runs the measurement.
   *
   * @param args the options
   */
  public static void main(String[] args) {
    List<Integer> accountCounts = List.of(100, 1000);
    int checks = 400;
    String filter = "CIS-*,PCI-*";
    long seed = 2026;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--accounts":
          accountCounts = new ArrayList<>();
          for (String count : args[++i].split(",")) {
            accountCounts.add(Integer.parseInt(count.trim()));
          }
          break;
        case "--checks": checks = Integer.parseInt(args[++i]); break;
        case "--filter": filter = args[++i]; break;
        case "--seed": seed = Long.parseLong(args[++i]); break;
        default: throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --accounts N,M --checks N --filter GLOBS --seed N");
      }
    }
    List<List<ComplianceRef>> mapping = mapping(checks, seed);
    long requirements = mapping.stream().flatMap(List::stream).distinct().count();
    OUT.printf(Locale.ROOT, "%d checks mapped to %d requirements of %d frameworks; filter %s%n", checks,
        requirements, FRAMEWORKS.length, filter);
    OUT.printf(Locale.ROOT, "%-9s %-10s %11s %11s %11s %11s %13s%n", "accounts", "frameworks", "kept", "reqs",
        "bytes", "gzip bytes", "bytes/account");
    Aggregator aggregator = Plugins.discover().aggregator("default");
    for (int accounts : accountCounts) {
      for (ComplianceFrameworks frameworks : List.of(ComplianceFrameworks.all(), ComplianceFrameworks.parse(filter))) {
        PostureReport report = report(aggregator, mapping, accounts, frameworks, seed);
        long[] size = size(report);
        long kept = report.compliance().stream().mapToLong(f -> f.requirements().size()).sum();
        OUT.printf(Locale.ROOT, "%-9d %-10s %11d %11d %11d %11d %13d%n", accounts,
            frameworks.keepsAll() ? "all" : "filtered", report.compliance().size(), kept, size[0], size[1],
            size[0] / accounts);
      }
    }
  }

  /** Which requirements each check maps to: one or two in about 70% of the frameworks. */
  private static List<List<ComplianceRef>> mapping(int checks, long seed) {
    Random random = new Random(seed);
    List<List<ComplianceRef>> mapping = new ArrayList<>(checks);
    for (int check = 0; check < checks; check++) {
      List<ComplianceRef> refs = new ArrayList<>();
      for (String[] framework : FRAMEWORKS) {
        if (random.nextDouble() < 0.7) {
          int size = Integer.parseInt(framework[1]);
          int ids = 1 + random.nextInt(2);
          for (int i = 0; i < ids; i++) {
            int id = random.nextInt(size);
            refs.add(new ComplianceRef(framework[0], (1 + id / 10) + "." + (1 + id % 10)));
          }
        }
      }
      mapping.add(List.copyOf(refs.stream().distinct().toList()));
    }
    return mapping;
  }

  private static PostureReport report(Aggregator aggregator, List<List<ComplianceRef>> mapping, int accounts,
      ComplianceFrameworks frameworks, long seed) {
    RunInfo run = new RunInfo("compliance-size", Instant.parse("2026-12-06T00:00:00Z"));
    List<PostureReport> batches = new ArrayList<>();
    for (int first = 0; first < accounts; first += BATCH) {
      Aggregation aggregation = aggregator.start(run);
      for (int a = first; a < Math.min(accounts, first + BATCH); a++) {
        String account = String.format(Locale.ROOT, "%012d", 100_000_000_000L + a);
        Random random = new Random(seed * 31 + a);
        for (int check = 0; check < mapping.size(); check++) {
          boolean fail = random.nextDouble() < 0.3;
          aggregation.accept(Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId(account)
              .service("svc" + check % 40).ruleId("check_" + check).title("Check " + check)
              .severity(Severity.MEDIUM).status(fail ? FindingStatus.FAIL : FindingStatus.PASS)
              .resourceId("arn:aws:svc:" + account + ":resource/" + check).compliance(mapping.get(check)).build());
        }
      }
      batches.add(frameworks.apply(aggregation.finish()));
    }
    return aggregator.merge(batches);
  }

  /** The report's JSON size and its gzip size. */
  private static long[] size(PostureReport report) {
    CountingStream plain = new CountingStream();
    try {
      ReportJson.write(report, plain);
      CountingStream compressed = new CountingStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
        ReportJson.write(report, gzip);
      }
      return new long[] {plain.count, compressed.count};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Counts bytes without keeping them. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }
}
