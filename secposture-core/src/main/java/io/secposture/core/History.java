package io.secposture.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of {@code reports/history.json}: one row per run (a run published again replaces its row), ordered by
 * generation time, at most {@code retention} rows (the oldest dropped). Stateless.
 */
public final class History {
  /** How many runs history keeps unless configured otherwise ({@code history.retention}). */
  public static final int DEFAULT_RETENTION = 400;

  /** Orders rows oldest first, ties by run id. */
  public static final Comparator<HistoryRow> ORDER =
      Comparator.comparing(HistoryRow::generatedAt).thenComparing(HistoryRow::runId);

  private History() {
  }

  /**
   * Adds or replaces a run's row and applies retention.
   *
   * @param existing the rows read from the store, in any order
   * @param row the row of the run being published
   * @param retention how many rows to keep, at least 1
   * @return the new rows, oldest first
   */
  public static List<HistoryRow> append(List<HistoryRow> existing, HistoryRow row, int retention) {
    if (retention < 1) {
      throw new IllegalArgumentException("history retention must be at least 1, got " + retention);
    }
    Map<String, HistoryRow> byRun = new LinkedHashMap<>();
    for (HistoryRow old : existing) {
      byRun.put(old.runId(), old);
    }
    byRun.put(row.runId(), row);
    List<HistoryRow> rows = new ArrayList<>(byRun.values());
    rows.sort(ORDER);
    return rows.size() <= retention ? List.copyOf(rows) : List.copyOf(rows.subList(rows.size() - retention, rows.size()));
  }
}
