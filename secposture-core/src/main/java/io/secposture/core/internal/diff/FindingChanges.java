package io.secposture.core.internal.diff;

import io.secposture.api.AccountSummary;
import io.secposture.api.PostureReport;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedFinding.Change;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Not public API: streams a run's findings with how each changed since the previous run, for exporters
 * ({@code io.secposture.core.ExportedRun}). The same rules as {@link DiffEngine} (see {@code RunDiffer}), per
 * finding instead of counted: a row is compared with the previous run's row of the same provider, account and
 * scanner (its own findings file, or the one it carried while it had no results), against its flagged fingerprints
 * and its memory of resolved findings.
 *
 * <p>One row at a time, streaming the gzip files, with one row's fingerprints in {@link FingerprintTable}s, so
 * memory is bounded by the largest single row. Every call reads the files again. Not thread-safe.
 */
public final class FindingChanges {
  /** The account label that names a finding's owner when its line has none. */
  public static final String OWNER_LABEL = "team";

  private final PostureReport current;
  private final RunFiles currentFiles;
  private final PostureReport previous;
  private final RunFiles previousFiles;
  private final boolean previousUnreadable;
  private final Map<DiffEngine.RowKey, AccountSummary> previousRows = new HashMap<>();

  /**
   * Creates the reader.
   *
   * @param current this run's report
   * @param currentFiles where this run's findings files are
   * @param previous the previous run's report; {@code null} for a first run (every flagged finding is new)
   * @param previousFiles where the previous run's files are; {@code null} when {@code previous} is
   */
  public FindingChanges(PostureReport current, RunFiles currentFiles, PostureReport previous, RunFiles previousFiles) {
    this(current, currentFiles, previous, previousFiles, false);
  }

  private FindingChanges(PostureReport current, RunFiles currentFiles, PostureReport previous, RunFiles previousFiles,
      boolean previousUnreadable) {
    this.previousUnreadable = previousUnreadable;
    this.current = current;
    this.currentFiles = currentFiles;
    this.previous = previous;
    this.previousFiles = previousFiles;
    if (previous != null) {
      for (AccountSummary row : previous.accounts()) {
        previousRows.put(DiffEngine.RowKey.of(row), row);
      }
    }
  }

  /**
   * Returns the reader for a run whose previous run exists but cannot be read: every flagged finding is
   * {@link Change#UNKNOWN} (never new: an unreadable bucket must not raise every alert again), nothing is resolved.
   *
   * @param current this run's report
   * @param currentFiles where this run's findings files are
   * @return the reader
   */
  public static FindingChanges withUnreadablePrevious(PostureReport current, RunFiles currentFiles) {
    return new FindingChanges(current, currentFiles, null, null, true);
  }

  /**
   * Streams every finding of every row with results and a findings file.
   *
   * @param action receives each finding
   */
  public void forEachFinding(Consumer<? super ExportedFinding> action) {
    for (AccountSummary row : current.accounts()) {
      String key = row.links().get(DiffEngine.FINDINGS_LINK);
      if (key == null || !row.status().hasResults()) {
        continue;
      }
      FingerprintTable flaggedBefore = new FingerprintTable();
      FingerprintTable memory = new FingerprintTable();
      Change unmatched = previousUnreadable ? Change.UNKNOWN : Change.NEW;
      if (previous != null) {
        AccountSummary before = previousRows.get(DiffEngine.RowKey.of(row));
        if (before != null) {
          String[] baseline = baseline(before);
          if (baseline == null || !loadFlagged(previousFiles, baseline[0], flaggedBefore)) {
            unmatched = Change.UNKNOWN;
          } else if (baseline[1] != null) {
            loadMemory(baseline[1], memory);
          }
        }
      }
      String owner = row.labels().get(OWNER_LABEL);
      Change whenNotBefore = unmatched;
      try (InputStream in = open(currentFiles, key)) {
        if (in == null) {
          continue;
        }
        TrackedLines.read(in, currentFiles.describe(key), line -> {
          Change change;
          if (!line.finding().flagged()) {
            change = Change.NOT_FLAGGED;
          } else {
            FingerprintTable.Key print = FingerprintTable.Key.of(line.finding().fingerprint());
            if (flaggedBefore.find(print) >= 0) {
              change = Change.UNCHANGED;
            } else if (memory.find(print) >= 0) {
              change = Change.REOPENED;
            } else {
              change = whenNotBefore;
            }
          }
          action.accept(new ExportedFinding(line.finding(), change, line.firstSeen(), line.reopenedAt(),
              line.owner() != null ? line.owner() : owner, line.suppressedBy()));
        });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + currentFiles.describe(key) + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Streams the previous run's findings that this run resolved, once per fingerprint and row.
   *
   * @param action receives each resolved finding, as the previous run recorded it
   */
  public void forEachResolved(Consumer<? super ExportedFinding> action) {
    if (previous == null) {
      return;
    }
    for (AccountSummary row : current.accounts()) {
      String key = row.links().get(DiffEngine.FINDINGS_LINK);
      AccountSummary before = previousRows.get(DiffEngine.RowKey.of(row));
      if (key == null || !row.status().hasResults() || before == null) {
        continue;
      }
      String[] baseline = baseline(before);
      if (baseline == null) {
        continue;
      }
      FingerprintTable flaggedNow = new FingerprintTable();
      if (!loadFlagged(currentFiles, key, flaggedNow)) {
        continue;
      }
      FingerprintTable emitted = new FingerprintTable();
      String owner = row.labels().get(OWNER_LABEL);
      try (InputStream in = open(previousFiles, baseline[0])) {
        if (in == null) {
          continue;
        }
        TrackedLines.read(in, previousFiles.describe(baseline[0]), line -> {
          if (!line.finding().flagged()) {
            return;
          }
          FingerprintTable.Key print = FingerprintTable.Key.of(line.finding().fingerprint());
          if (flaggedNow.find(print) >= 0 || emitted.add(print, line.finding().severity().ordinal()) < 0) {
            return;
          }
          action.accept(new ExportedFinding(line.finding(), Change.RESOLVED, line.firstSeen(), line.reopenedAt(),
              line.owner() != null ? line.owner() : owner, line.suppressedBy()));
        });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + previousFiles.describe(baseline[0]) + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** Returns the previous row's findings key and memory key (nullable), or {@code null} if it left none. */
  private String[] baseline(AccountSummary before) {
    String own = before.links().get(DiffEngine.FINDINGS_LINK);
    if (own != null && before.status().hasResults()) {
      return new String[] {own, before.links().get(DiffEngine.RESOLVED_LINK)};
    }
    String last = before.links().get(DiffEngine.LAST_FINDINGS_LINK);
    return last == null ? null : new String[] {last, before.links().get(DiffEngine.LAST_RESOLVED_LINK)};
  }

  /** Loads a file's flagged fingerprints; false when the file is missing or cannot be read. */
  private static boolean loadFlagged(RunFiles files, String key, FingerprintTable flagged) {
    try (InputStream in = open(files, key)) {
      if (in == null) {
        return false;
      }
      FindingLines.read(in, files.describe(key), false, line -> {
        if (line.flagged) {
          flagged.add(FingerprintTable.Key.of(line.fingerprint), line.severity.ordinal());
        }
      });
      return true;
    } catch (RuntimeException | IOException e) {
      return false;
    }
  }

  private void loadMemory(String key, FingerprintTable into) {
    try (InputStream in = open(previousFiles, key)) {
      if (in == null) {
        return;
      }
      FingerprintTable table = ResolvedState.read(in, previousFiles.describe(key)).table();
      for (int slot = 0; slot < table.capacity(); slot++) {
        if (table.used(slot)) {
          into.add(table.key(slot), table.severity(slot));
        }
      }
    } catch (RuntimeException | IOException e) {
      // an unreadable memory makes reopened findings look new, as in the diff
    }
  }

  private static InputStream open(RunFiles files, String key) {
    Optional<InputStream> in = files.open(key);
    return in.orElse(null);
  }
}
