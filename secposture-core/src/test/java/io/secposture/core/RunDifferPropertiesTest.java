package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.api.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Publishes random sequences of runs (accounts that succeed with random findings, fail, or disappear) and checks
 * every published diff against a plain model that remembers every run in sets: the carried memory of resolved
 * findings and the rows' carried state must give the same counts as looking at the whole history.
 */
class RunDifferPropertiesTest {
  private static final List<String> ACCOUNTS = List.of("111111111111", "222222222222");
  private static final String[] RULES = {"r0", "r1", "r2", "r3", "r4", "r5"};
  private static final Severity[] SEVERITY = {Severity.CRITICAL, Severity.HIGH, Severity.HIGH, Severity.MEDIUM,
      Severity.LOW, Severity.INFORMATIONAL};
  private static final Instant FIRST = Instant.parse("2026-11-01T02:00:00Z");

  /** One account in one run: absent, without results, or with these flagged rules (and some noise). */
  record Scan(boolean present, boolean failed, Set<Integer> flagged, Set<Integer> noise) {
  }

  /** The model's state of one account row. */
  static final class RowModel {
    boolean presentBefore;
    Set<Integer> baseline;
    Map<Integer, Integer> memory = new HashMap<>();
  }

  @Provide
  Arbitrary<List<List<Scan>>> histories() {
    Arbitrary<Set<Integer>> rules = Arbitraries.integers().between(0, RULES.length - 1).set().ofMaxSize(RULES.length);
    Arbitrary<Scan> scan = Combinators.combine(Arbitraries.integers().between(0, 19), rules, rules)
        .as((kind, flagged, noise) -> new Scan(kind >= 3, kind >= 3 && kind < 7, flagged, noise));
    return scan.list().ofSize(ACCOUNTS.size()).list().ofMinSize(2).ofMaxSize(5);
  }

  @Property(tries = 60)
  void publish_anyHistory_diffMatchesTheModel(@ForAll("histories") List<List<Scan>> runs,
      @ForAll @IntRange(min = 0, max = 3) int retention) throws IOException {
    Path temp = Files.createTempDirectory("run-differ-props");
    try {
      Path site = temp.resolve("site");
      Settings options = Settings.of(Map.of(RunDiffer.RESOLVED_RETENTION, Integer.toString(retention)));
      Map<String, RowModel> model = new HashMap<>();
      ACCOUNTS.forEach(account -> model.put(account, new RowModel()));
      for (int i = 0; i < runs.size(); i++) {
        DiffRun run = new DiffRun(temp.resolve("work"), "run-" + i, FIRST.plus(Duration.ofDays(7L * i)));
        for (int a = 0; a < ACCOUNTS.size(); a++) {
          Scan scan = runs.get(i).get(a);
          if (!scan.present()) {
            continue;
          }
          if (scan.failed()) {
            run.failed(ACCOUNTS.get(a), ScanStatus.FAILED);
          } else {
            run.ok(ACCOUNTS.get(a), findings(scan));
          }
        }
        DiffRun.PUBLISHER.publish(run.outcome(), site.toUri(), options);
        PostureReport report = read(site);
        Expected expected = step(model, runs.get(i), retention, i == 0);
        if (i == 0) {
          assertThat(report.diff()).isNull();
          continue;
        }
        RunDiff diff = report.diff();
        assertThat(diff).as("diff of run %d", i).isNotNull();
        for (String account : ACCOUNTS) {
          String key = "aws/" + account + "/" + DiffRun.SCANNER;
          RunDiff.Counts counts = expected.byAccount.get(account);
          assertThat(diff.byAccount().getOrDefault(key, RunDiff.Counts.ZERO)).as("run %d, %s", i, account)
              .isEqualTo(counts == null ? RunDiff.Counts.ZERO : counts);
          assertThat(diff.notCompared().containsKey(key)).as("run %d, %s not compared", i, account)
              .isEqualTo(expected.notCompared.contains(account));
        }
        RunDiff.Counts total = expected.byAccount.values().stream().reduce(RunDiff.Counts.ZERO, RunDiff.Counts::plus);
        assertThat(diff.total()).isEqualTo(total);
        assertThat(diff.newFindings().stream().map(f -> f.accountId() + "/" + f.ruleId() + "/" + f.reopened())
            .toList()).containsExactlyInAnyOrderElementsOf(expected.newFindings);
      }
    } finally {
      try (Stream<Path> files = Files.walk(temp)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** What the model expects of one run's diff. */
  static final class Expected {
    final Map<String, RunDiff.Counts> byAccount = new HashMap<>();
    final Set<String> notCompared = new HashSet<>();
    final List<String> newFindings = new ArrayList<>();
  }

  private static Expected step(Map<String, RowModel> model, List<Scan> scans, int retention, boolean first) {
    Expected expected = new Expected();
    for (int a = 0; a < ACCOUNTS.size(); a++) {
      String account = ACCOUNTS.get(a);
      RowModel row = model.get(account);
      Scan scan = scans.get(a);
      if (!scan.present()) {
        if (!first && row.presentBefore) {
          if (row.baseline != null) {
            expected.byAccount.put(account, new RunDiff.Counts(0, 0, 0, 0, row.baseline.size()));
          }
          expected.notCompared.add(account);
        }
        row.presentBefore = false;
        row.baseline = null;
        row.memory = new HashMap<>();
        continue;
      }
      if (scan.failed()) {
        if (!first && row.presentBefore) {
          if (row.baseline != null) {
            expected.byAccount.put(account, new RunDiff.Counts(0, 0, 0, 0, row.baseline.size()));
          }
          expected.notCompared.add(account);
        } else {
          row.baseline = null;
          row.memory = new HashMap<>();
        }
        row.presentBefore = true;
        continue;
      }
      Set<Integer> now = scan.flagged();
      if (first || !row.presentBefore) {
        if (!first) {
          expected.byAccount.put(account, new RunDiff.Counts(now.size(), 0, 0, 0, 0));
          now.forEach(rule -> expected.newFindings.add(account + "/" + RULES[rule] + "/false"));
        }
        row.memory = new HashMap<>();
      } else if (row.baseline == null) {
        expected.notCompared.add(account);
        row.memory = new HashMap<>();
      } else {
        long added = 0;
        long reopened = 0;
        long unchanged = 0;
        for (int rule : now) {
          if (row.baseline.contains(rule)) {
            unchanged++;
          } else if (row.memory.containsKey(rule)) {
            reopened++;
            expected.newFindings.add(account + "/" + RULES[rule] + "/true");
          } else {
            added++;
            expected.newFindings.add(account + "/" + RULES[rule] + "/false");
          }
        }
        Set<Integer> resolved = new TreeSet<>(row.baseline);
        resolved.removeAll(now);
        expected.byAccount.put(account, new RunDiff.Counts(added, resolved.size(), reopened, unchanged, 0));
        Map<Integer, Integer> next = new HashMap<>();
        if (retention > 0) {
          resolved.forEach(rule -> next.put(rule, 0));
          row.memory.forEach((rule, age) -> {
            if (!now.contains(rule) && !row.baseline.contains(rule) && age + 1 < retention) {
              next.put(rule, age + 1);
            }
          });
        }
        row.memory = next;
      }
      row.baseline = new HashSet<>(now);
      row.presentBefore = true;
    }
    return expected;
  }

  private static String[] findings(Scan scan) {
    List<String> specs = new ArrayList<>();
    for (int rule : scan.flagged()) {
      String spec = RULES[rule] + ":" + SEVERITY[rule].name().toLowerCase(java.util.Locale.ROOT);
      specs.add(spec);
      if (rule % 2 == 0) {
        specs.add(spec);
      }
    }
    for (int rule : scan.noise()) {
      if (!scan.flagged().contains(rule)) {
        specs.add(RULES[rule] + ":" + SEVERITY[rule].name().toLowerCase(java.util.Locale.ROOT)
            + (rule % 2 == 0 ? ":muted" : ":pass"));
      }
    }
    return specs.toArray(String[]::new);
  }

  private static PostureReport read(Path site) {
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, "latest");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
