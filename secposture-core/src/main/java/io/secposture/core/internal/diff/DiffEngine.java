package io.secposture.core.internal.diff;

import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.api.ReportParseException;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: compares a run with the previous one, account row by account row, for
 * {@code io.secposture.core.RunDiffer} and {@code RunOutcome}. See {@code RunDiffer} for the rules; this class
 * applies them.
 *
 * <p>One row at a time: the previous flagged fingerprints of the row and its memory of resolved findings are loaded
 * into {@link FingerprintTable}s, the current findings file is streamed past them, and the tables are dropped
 * before the next row. So memory is bounded by the largest single row (plus the bounded list of new findings),
 * never by the run. Not thread-safe; one instance compares one run.
 */
public final class DiffEngine {
  /** Link names of an account row that the diff reads and writes. */
  public static final String FINDINGS_LINK = "findings";
  /** The link to the row's memory of resolved findings. */
  public static final String RESOLVED_LINK = "resolved";
  /** For a row without results: the findings file of the last run in which it had results. */
  public static final String LAST_FINDINGS_LINK = "last_findings";
  /** For a row without results: the memory of resolved findings of that run. */
  public static final String LAST_RESOLVED_LINK = "last_resolved";

  private static final Logger LOG = LoggerFactory.getLogger("io.secposture.core.RunDiffer");
  private static final int SEVERITIES = Severity.values().length;
  private static final int ADDED = 0;
  private static final int RESOLVED = 1;
  private static final int REOPENED = 2;
  private static final int UNCHANGED = 3;
  private static final int UNKNOWN = 4;

  /**
   * How to compare.
   *
   * @param resolvedRetention how many later runs of a row a resolved finding is remembered (to call it reopened)
   * @param countMissingRows whether rows of the previous run absent from this one count as unknown (a whole run);
   *     false for one shard of a run, whose missing rows belong to other shards
   * @param carryLinks whether rows without results carry the previous state's links forward (only when this run is
   *     published to the same site as the previous one, so the keys stay valid)
   */
  public record Options(int resolvedRetention, boolean countMissingRows, boolean carryLinks) {
    /** Validates the retention. */
    public Options {
      if (resolvedRetention < 0 || resolvedRetention > ResolvedState.MAX_RUNS_SINCE) {
        throw new IllegalArgumentException("resolved retention must be 0 to " + ResolvedState.MAX_RUNS_SINCE
            + ", got " + resolvedRetention);
      }
    }
  }

  /** Where the next memory of resolved findings of a compared row goes; {@code null} for a read-only comparison. */
  public interface StateOutput {
    /**
     * Returns the local file to write a row's memory of resolved findings to.
     *
     * @param row the current row
     * @return the file (its directory exists), or {@code null} to write none for this row
     */
    Path resolvedFile(AccountSummary row);
  }

  /**
   * What a comparison produced.
   *
   * @param diff the diff
   * @param links links to add to current rows, by row
   * @param stateFiles the memory files written, by row
   * @param warnings problems that did not stop the comparison
   */
  public record Result(RunDiff diff, Map<RowKey, SortedMap<String, String>> links, Map<RowKey, Path> stateFiles,
      List<String> warnings) {
  }

  /** Identifies an account row by its parts (account ids may contain '/'). */
  public record RowKey(CloudProvider provider, String accountId, String scanner) {
    /**
     * Returns the key of a row.
     *
     * @param row the row
     * @return its key
     */
    public static RowKey of(AccountSummary row) {
      return new RowKey(row.provider(), row.accountId(), row.scanner());
    }
  }

  /** The previous state of a row: its flagged findings and its memory of resolved ones. */
  private record Baseline(String findingsKey, String resolvedKey, String runId) {
  }

  private final PostureReport current;
  private final RunFiles currentFiles;
  private final PostureReport previous;
  private final RunFiles previousFiles;
  private final Options options;
  private final StateOutput output;
  private final FindingsTracker tracker;
  private final Instant resolvedAt;

  private final long[][] bySeverity = new long[SEVERITIES][5];
  private final TreeMap<CloudProvider, RunDiff.Counts> byProvider = new TreeMap<>();
  private final TreeMap<String, RunDiff.Counts> byAccount = new TreeMap<>();
  private final TreeSet<RunDiff.NewFinding> newFindings = new TreeSet<>(RunDiff.NewFinding.ORDER);
  private final TreeMap<String, String> notCompared = new TreeMap<>();
  private final Map<RowKey, SortedMap<String, String>> links = new LinkedHashMap<>();
  private final Map<RowKey, Path> stateFiles = new LinkedHashMap<>();
  private final List<String> warnings = new ArrayList<>();

  private DiffEngine(PostureReport current, RunFiles currentFiles, PostureReport previous, RunFiles previousFiles,
      Options options, StateOutput output, FindingsTracker tracker) {
    this.current = current;
    this.currentFiles = currentFiles;
    this.previous = previous;
    this.previousFiles = previousFiles;
    this.options = options;
    this.output = output;
    this.tracker = tracker;
    this.resolvedAt = current.generatedAt();
  }

  /**
   * Compares a run with the previous one.
   *
   * @param current this run's report
   * @param currentFiles where this run's findings files are
   * @param previous the previous run's report
   * @param previousFiles where the previous run's files are
   * @param options how to compare
   * @param output where to write the rows' next memories of resolved findings; {@code null} to write none
   * @return the diff, the links to add and the files written
   */
  public static Result compare(PostureReport current, RunFiles currentFiles, PostureReport previous,
      RunFiles previousFiles, Options options, StateOutput output) {
    return compare(current, currentFiles, previous, previousFiles, options, output, null);
  }

  /**
   * Compares a run with the previous one and tracks the age of its findings: each compared row's findings file is
   * rewritten by the tracker with what the previous state tells ({@code first_seen}, {@code reopened_at}).
   *
   * @param current this run's report
   * @param currentFiles where this run's findings files are
   * @param previous the previous run's report
   * @param previousFiles where the previous run's files are
   * @param options how to compare
   * @param output where to write the rows' next memories of resolved findings; {@code null} to write none
   * @param tracker rewrites each row's findings file; {@code null} to leave them as they are
   * @return the diff, the links to add and the files written
   */
  public static Result compare(PostureReport current, RunFiles currentFiles, PostureReport previous,
      RunFiles previousFiles, Options options, StateOutput output, FindingsTracker tracker) {
    return new DiffEngine(current, currentFiles, previous, previousFiles, options, output, tracker).run();
  }

  private Result run() {
    long started = System.nanoTime();
    Map<RowKey, AccountSummary> previousRows = new HashMap<>();
    for (AccountSummary row : previous.accounts()) {
      previousRows.put(RowKey.of(row), row);
    }
    Set<RowKey> seen = new HashSet<>();
    long findings = 0;
    for (AccountSummary row : current.accounts()) {
      RowKey key = RowKey.of(row);
      seen.add(key);
      AccountSummary before = previousRows.get(key);
      String findingsKey = row.links().get(FINDINGS_LINK);
      if (findingsKey != null && row.status().hasResults()) {
        findings += compareRow(row, key, findingsKey, before);
      } else {
        withoutResults(row, key, before, describeStatus(row));
      }
    }
    if (options.countMissingRows()) {
      for (AccountSummary row : previous.accounts()) {
        if (!seen.contains(RowKey.of(row))) {
          withoutResults(row, null, row, "not in this run (the account was removed, disabled or not scanned)");
        }
      }
    }
    EnumMap<Severity, RunDiff.Counts> severities = new EnumMap<>(Severity.class);
    RunDiff.Counts total = RunDiff.Counts.ZERO;
    for (Severity severity : Severity.values()) {
      RunDiff.Counts counts = counts(bySeverity[severity.ordinal()]);
      severities.put(severity, counts);
      total = total.plus(counts);
    }
    RunDiff diff = new RunDiff(previous.runId(), previous.generatedAt(), total, severities, byProvider, byAccount,
        new ArrayList<>(newFindings), notCompared, ComplianceDiff.between(previous, current));
    LOG.info("run {} against run {}: {} new, {} resolved, {} reopened, {} unchanged, {} unknown; {} row(s) not"
        + " compared; {} findings read in {} ms", current.runId(), previous.runId(), total.added(), total.resolved(),
        total.reopened(), total.unchanged(), total.unknown(), notCompared.size(), findings,
        (System.nanoTime() - started) / 1_000_000);
    return new Result(diff, links, stateFiles, warnings);
  }

  /** Compares a row that has results and a findings file; returns how many current findings were read. */
  private long compareRow(AccountSummary row, RowKey key, String findingsKey, AccountSummary before) {
    Baseline baseline = null;
    if (before != null) {
      baseline = baseline(before);
      if (baseline == null) {
        notCompared.put(row.key(), "has results, but run " + previous.runId() + " has no findings file for it ("
            + (before.status().hasResults() ? "that run was aggregated from files or published by an older"
                + " secposture" : describeStatus(before) + " there") + "); compared from the next run on");
        track(row, findingsKey, null, null);
        return 0;
      }
    }
    FingerprintTable flaggedBefore = new FingerprintTable();
    ResolvedState memory = new ResolvedState();
    if (baseline != null) {
      String problem = load(baseline.findingsKey(), flaggedBefore);
      if (problem != null) {
        long unknown = unknownFromReport(row);
        notCompared.put(row.key(), "has results, but its previous findings cannot be read: " + problem + "; the "
            + findings(unknown) + " it flags in this run " + (unknown == 1 ? "is" : "are") + " unknown (new or"
            + " unchanged cannot be told); compared from the next run on");
        warnings.add("the diff of " + row.key() + " cannot read its previous findings file "
            + previousFiles.describe(baseline.findingsKey()) + " (" + problem + "): its " + findings(unknown)
            + " flagged in this run " + (unknown == 1 ? "is" : "are") + " counted as unknown");
        track(row, findingsKey, null, null);
        return 0;
      }
      if (baseline.resolvedKey() != null) {
        memory = loadMemory(row, baseline.resolvedKey());
      }
    }
    long[][] counts = new long[SEVERITIES][5];
    FingerprintTable added = new FingerprintTable();
    ResolvedState remembered = memory;
    TreeSet<RunDiff.NewFinding> rowNewFindings = new TreeSet<>(RunDiff.NewFinding.ORDER);
    long read = 0;
    String unreadable;
    try (InputStream in = open(currentFiles, findingsKey)) {
      if (in == null) {
        unreadable = "is missing";
      } else {
        read = FindingLines.read(in, currentFiles.describe(findingsKey), true, line -> {
          if (!line.flagged) {
            return;
          }
          FingerprintTable.Key print = FingerprintTable.Key.of(line.fingerprint);
          int severity = line.severity.ordinal();
          int slot = flaggedBefore.find(print);
          if (slot >= 0) {
            if (!flaggedBefore.marked(slot)) {
              flaggedBefore.mark(slot);
              counts[severity][UNCHANGED]++;
            }
            return;
          }
          FingerprintTable memoryTable = remembered.table();
          slot = memoryTable.find(print);
          if (slot >= 0) {
            if (!memoryTable.marked(slot)) {
              memoryTable.mark(slot);
              counts[severity][REOPENED]++;
              offer(rowNewFindings, row, line, true);
            }
            return;
          }
          if (added.add(print, severity) >= 0) {
            counts[severity][ADDED]++;
            offer(rowNewFindings, row, line, false);
          }
        });
        unreadable = null;
      }
    } catch (ReportParseException | UncheckedIOException | PublishException | IOException e) {
      unreadable = "cannot be read: " + message(e);
    }
    if (unreadable != null) {
      unreadableCurrentFindings(row, findingsKey, unreadable, baseline == null ? null : flaggedBefore);
      return 0;
    }
    rowNewFindings.forEach(this::offer);
    for (int slot = 0; slot < flaggedBefore.capacity(); slot++) {
      if (flaggedBefore.used(slot) && !flaggedBefore.marked(slot)) {
        counts[flaggedBefore.severity(slot)][RESOLVED]++;
      }
    }
    add(row.provider(), row.key(), counts);
    writeState(row, key, flaggedBefore, memory);
    track(row, findingsKey, flaggedBefore, memory);
    return read;
  }

  private void track(AccountSummary row, String findingsKey, FingerprintTable flaggedBefore, ResolvedState memory) {
    if (tracker != null) {
      tracker.track(row, findingsKey, flaggedBefore, memory == null ? null : memory.table());
    }
  }

  /**
   * Writes a row's next memory of resolved findings: what was flagged before and not now (resolved in this run),
   * and what the memory held, not flagged again, one run older, while younger than the retention.
   */
  private void writeState(AccountSummary row, RowKey key, FingerprintTable flaggedBefore, ResolvedState memory) {
    Path file = output == null ? null : output.resolvedFile(row);
    if (file == null) {
      return;
    }
    int retention = options.resolvedRetention();
    long entries;
    try (ResolvedState.Writer writer = new ResolvedState.Writer(file)) {
      if (retention > 0) {
        for (int slot = 0; slot < flaggedBefore.capacity(); slot++) {
          if (flaggedBefore.used(slot) && !flaggedBefore.marked(slot)) {
            writer.write(flaggedBefore.key(slot), flaggedBefore.severity(slot), current.runId(), resolvedAt, 0,
                flaggedBefore.firstSeen(slot));
          }
        }
        FingerprintTable table = memory.table();
        for (int slot = 0; slot < table.capacity(); slot++) {
          if (!table.used(slot) || table.marked(slot)) {
            continue;
          }
          int runsSince = memory.runsSince(slot) + 1;
          if (runsSince < retention && flaggedBefore.find(table.key(slot)) < 0) {
            writer.write(table.key(slot), table.severity(slot), memory.runId(slot), memory.resolvedAt(slot),
                runsSince, table.firstSeen(slot));
          }
        }
      }
      entries = writer.entries();
    } catch (UncheckedIOException e) {
      warnings.add("could not write the resolved findings of " + row.key() + " (" + e.getMessage() + "); the next"
          + " run will call findings it resolved new, not reopened");
      deleteQuietly(file);
      return;
    }
    if (entries == 0) {
      deleteQuietly(file);
    } else {
      stateFiles.put(key, file);
    }
  }

  /** Counts what a row without results in this run had flagged before as unknown, and carries its state on. */
  private void withoutResults(AccountSummary row, RowKey carryTo, AccountSummary before, String why) {
    if (before == null) {
      return;
    }
    Baseline baseline = baseline(before);
    if (baseline == null) {
      notCompared.put(row.key(), capitalized(why) + "; run " + previous.runId() + " had no findings for it either");
      return;
    }
    FingerprintTable flagged = new FingerprintTable();
    String problem = load(baseline.findingsKey(), flagged);
    long[][] counts = new long[SEVERITIES][5];
    long unknown = 0;
    if (problem == null) {
      for (int slot = 0; slot < flagged.capacity(); slot++) {
        if (flagged.used(slot)) {
          counts[flagged.severity(slot)][UNKNOWN]++;
          unknown++;
        }
      }
    } else if (baseline.findingsKey().equals(before.links().get(FINDINGS_LINK))) {
      for (Severity severity : Severity.values()) {
        long count = before.findings().flaggedBySeverity().get(severity);
        counts[severity.ordinal()][UNKNOWN] = count;
        unknown += count;
      }
    }
    add(row.provider(), row.key(), counts);
    if (problem != null) {
      warnings.add("the diff of " + row.key() + " cannot read the findings file of its last scan with results, "
          + previousFiles.describe(baseline.findingsKey()) + " (" + problem + "); " + (unknown > 0 ? "the "
          + findings(unknown) + " the previous report counts for it are counted as unknown"
          : "how many findings are unknown cannot be told"));
    }
    String since = baseline.runId() == null ? "its last scan with results" : "run " + baseline.runId();
    notCompared.put(row.key(), capitalized(why) + ": the " + unknown + " finding" + (unknown == 1 ? "" : "s")
        + " flagged in " + since + " " + (unknown == 1 ? "is" : "are") + " unknown, not counted as resolved"
        + (problem == null ? "" : " (" + problem + ")"));
    if (carryTo != null && options.carryLinks()) {
      TreeMap<String, String> carried = new TreeMap<>();
      carried.put(LAST_FINDINGS_LINK, baseline.findingsKey());
      if (baseline.resolvedKey() != null) {
        carried.put(LAST_RESOLVED_LINK, baseline.resolvedKey());
      }
      links.put(carryTo, carried);
    }
  }

  /** Returns the state a previous row left: its own files, or the ones it carried; {@code null} if none. */
  private Baseline baseline(AccountSummary before) {
    String own = before.links().get(FINDINGS_LINK);
    if (own != null && before.status().hasResults()) {
      return new Baseline(own, before.links().get(RESOLVED_LINK), previous.runId());
    }
    String last = before.links().get(LAST_FINDINGS_LINK);
    if (last != null) {
      return new Baseline(last, before.links().get(LAST_RESOLVED_LINK), runOf(last));
    }
    return null;
  }

  /** Loads the flagged fingerprints of a findings file; returns the problem in words, or {@code null}. */
  private String load(String key, FingerprintTable flagged) {
    try (InputStream in = open(previousFiles, key)) {
      if (in == null) {
        return "the findings file " + previousFiles.describe(key) + " is missing";
      }
      FindingLines.read(in, previousFiles.describe(key), false, line -> {
        if (line.flagged) {
          int slot = flagged.add(FingerprintTable.Key.of(line.fingerprint), line.severity.ordinal());
          if (slot < 0) {
            flagged.setSeverity(-slot - 1, Math.min(flagged.severity(-slot - 1), line.severity.ordinal()));
          } else {
            FindingsTracker.remember(flagged, slot, line);
          }
        }
      });
      return null;
    } catch (ReportParseException | UncheckedIOException | PublishException | IOException e) {
      return message(e);
    }
  }

  private ResolvedState loadMemory(AccountSummary row, String key) {
    try (InputStream in = open(previousFiles, key)) {
      if (in == null) {
        warnings.add("the resolved findings of " + row.key() + " (" + previousFiles.describe(key) + ") are missing;"
            + " findings flagged again are counted as new, not reopened");
        return new ResolvedState();
      }
      return ResolvedState.read(in, previousFiles.describe(key));
    } catch (ReportParseException | UncheckedIOException | PublishException | IOException e) {
      warnings.add("the resolved findings of " + row.key() + " cannot be read (" + message(e) + "); findings"
          + " flagged again are counted as new, not reopened");
      return new ResolvedState();
    }
  }

  private static InputStream open(RunFiles files, String key) {
    Optional<InputStream> in = files.open(key);
    return in.orElse(null);
  }

  /** Keeps a new finding of the row being compared, bounded like the diff's list, until the row is known good. */
  private static void offer(TreeSet<RunDiff.NewFinding> kept, AccountSummary row, FindingLines.Line line,
      boolean reopened) {
    if (kept.size() >= RunDiff.NEW_FINDINGS_LIMIT && line.severity.compareTo(kept.last().severity()) > 0) {
      return;
    }
    kept.add(new RunDiff.NewFinding(row.provider(), row.accountId(), row.scanner(), line.severity,
        line.service, line.ruleId, line.title, line.resourceId, line.region, line.fingerprint, reopened));
    if (kept.size() > RunDiff.NEW_FINDINGS_LIMIT) {
      kept.pollLast();
    }
  }

  private void offer(RunDiff.NewFinding finding) {
    newFindings.add(finding);
    if (newFindings.size() > RunDiff.NEW_FINDINGS_LIMIT) {
      newFindings.pollLast();
    }
  }

  /**
   * A row whose findings file of this run is missing or unreadable is not compared, and what cannot be told is
   * counted unknown, never dropped: the findings it flagged in the previous run (which may be resolved or still
   * there), or, for a row new in this run, the findings this run's report counts for it.
   */
  private void unreadableCurrentFindings(AccountSummary row, String findingsKey, String problem,
      FingerprintTable flaggedBefore) {
    String file = currentFiles.describe(findingsKey);
    long unknown;
    String which;
    if (flaggedBefore != null) {
      long[][] counts = new long[SEVERITIES][5];
      unknown = 0;
      for (int slot = 0; slot < flaggedBefore.capacity(); slot++) {
        if (flaggedBefore.used(slot)) {
          counts[flaggedBefore.severity(slot)][UNKNOWN]++;
          unknown++;
        }
      }
      add(row.provider(), row.key(), counts);
      which = "flagged in run " + previous.runId();
    } else {
      unknown = unknownFromReport(row);
      which = "this run's report counts for it";
    }
    notCompared.put(row.key(), "its findings file " + file + " " + problem + ": the " + findings(unknown) + " "
        + which + " " + (unknown == 1 ? "is" : "are") + " unknown, not counted as resolved or new");
    warnings.add("the diff of " + row.key() + " cannot use its findings file " + file + " (" + problem + "); its "
        + findings(unknown) + " " + which + " " + (unknown == 1 ? "is" : "are") + " counted as unknown");
  }

  /** Counts the row's flagged findings as this run's report tallies them as unknown; returns how many. */
  private long unknownFromReport(AccountSummary row) {
    long[][] counts = new long[SEVERITIES][5];
    long unknown = 0;
    for (Severity severity : Severity.values()) {
      long count = row.findings().flaggedBySeverity().get(severity);
      counts[severity.ordinal()][UNKNOWN] = count;
      unknown += count;
    }
    add(row.provider(), row.key(), counts);
    return unknown;
  }

  private static String findings(long count) {
    return count + " finding" + (count == 1 ? "" : "s");
  }

  private void add(CloudProvider provider, String rowKey, long[][] counts) {
    RunDiff.Counts row = RunDiff.Counts.ZERO;
    for (int severity = 0; severity < SEVERITIES; severity++) {
      for (int kind = 0; kind < 5; kind++) {
        bySeverity[severity][kind] += counts[severity][kind];
      }
      row = row.plus(counts(counts[severity]));
    }
    byProvider.merge(provider, row, RunDiff.Counts::plus);
    byAccount.merge(rowKey, row, RunDiff.Counts::plus);
  }

  private static RunDiff.Counts counts(long[] kinds) {
    return new RunDiff.Counts(kinds[ADDED], kinds[RESOLVED], kinds[REOPENED], kinds[UNCHANGED], kinds[UNKNOWN]);
  }

  private static String describeStatus(AccountSummary row) {
    ScanStatus status = row.status();
    if (status.hasResults()) {
      return "no findings file in this run (rows aggregated from scanner files are not compared)";
    }
    String reason = row.reason() == null ? "" : " (" + abbreviate(row.reason()) + ")";
    return status + " in this run" + reason;
  }

  private static String runOf(String key) {
    if (key.startsWith("runs/")) {
      int end = key.indexOf('/', 5);
      if (end > 5) {
        return key.substring(5, end);
      }
    }
    return null;
  }

  private static String message(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static String abbreviate(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() <= 160 ? line : line.substring(0, 157) + "...";
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", file, e.toString());
    }
  }
}
