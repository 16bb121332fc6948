package io.secposture.core.internal.publish;

import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.core.History;
import io.secposture.core.HistoryRow;
import io.secposture.core.ObjectMetadata;
import io.secposture.core.ObjectStore;
import io.secposture.core.ReportJson;
import io.secposture.core.SiteLayout;
import io.secposture.core.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API. Adds a run's row to {@code reports/history.json} with a compare-and-swap loop: read the rows and
 * their version, append, write only if the version is unchanged, otherwise back off (jittered, growing) and try
 * again. Two runs publishing at once both keep their row.
 *
 * <p>An unreadable {@code history.json} is not thrown away: it is copied to
 * {@code reports/history.unreadable-<time>.json} and a new history starts, with a warning.
 *
 * @param rows the rows now in the store, oldest first
 * @param newerRun the id of a run newer than this one found in history; nullable when this run is the newest
 * @param warnings problems that did not fail the publish
 * @param objectsWritten how many objects were written (0 when history already held exactly this)
 * @param bytesWritten how many bytes were written
 */
public record HistoryUpdate(List<HistoryRow> rows, String newerRun, List<String> warnings, long objectsWritten,
    long bytesWritten) {
  /** How often the loop tries before giving up. */
  static final int MAX_ATTEMPTS = 12;
  private static final long BASE_BACKOFF_MILLIS = 40;
  private static final long MAX_BACKOFF_MILLIS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(HistoryUpdate.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Copies the lists. */
  public HistoryUpdate {
    rows = List.copyOf(rows);
    warnings = List.copyOf(warnings);
  }

  /**
   * Adds the report's row to the store's history.
   *
   * @param site the destination, as printed
   * @param store the store
   * @param report the run's report
   * @param retention how many rows to keep
   * @return what was written
   * @throws PublishException if the history cannot be read or written, or kept changing for every attempt
   */
  public static HistoryUpdate apply(URI site, ObjectStore store, PostureReport report, int retention) {
    return apply(site, store, report, retention, TimeUnit.MILLISECONDS::sleep);
  }

  /** How the loop waits between attempts; tests pass one that does not sleep. */
  @FunctionalInterface
  interface Pause {
    void pause(long millis) throws InterruptedException;
  }

  static HistoryUpdate apply(URI site, ObjectStore store, PostureReport report, int retention, Pause pause) {
    String key = SiteLayout.HISTORY;
    HistoryRow row = HistoryRow.of(report);
    ObjectMetadata metadata = ObjectMetadata.forKey(key);
    List<String> warnings = new ArrayList<>();
    long objects = 0;
    long bytes = 0;
    for (int attempt = 1; ; attempt++) {
      Failures.checkInterrupted(site, key);
      Optional<StoredObject> current = read(site, store, key);
      List<HistoryRow> existing = List.of();
      String version = null;
      if (current.isPresent()) {
        version = current.get().version();
        if (version == null) {
          throw new PublishException("publishing to " + site + " cannot update '" + key + "' safely: the store"
              + " returned no version for it, so a concurrent update could be lost. This is a bug in the store"
              + " implementation (ObjectStore.get must return a version). " + Failures.LATEST_UNTOUCHED, site, key,
              null);
        }
        byte[] content = current.get().content();
        try {
          existing = ReportJson.readHistory(new ByteArrayInputStream(content), site + "/" + key);
        } catch (RuntimeException e) {
          String backup = "reports/history.unreadable-" + STAMP.format(Instant.now()) + ".json";
          put(site, store, backup, content, ObjectMetadata.forKey(backup));
          objects++;
          bytes += content.length;
          String warning = key + " could not be read (" + Failures.describe(e) + "); it was saved as " + backup
              + " and a new history was started";
          LOG.warn("{}: {}", site, warning);
          warnings.add(warning);
        }
      }
      List<HistoryRow> rows = History.append(existing, row, retention);
      byte[] content = ReportJson.historyToBytes(rows);
      boolean unchanged = current.isPresent() && Arrays.equals(current.get().content(), content);
      boolean written = unchanged || putIfVersion(site, store, key, content, metadata, version);
      if (written) {
        if (!unchanged) {
          objects++;
          bytes += content.length;
        }
        retentionWarning(existing, row, rows, retention).ifPresent(warnings::add);
        HistoryRow newest = rows.get(rows.size() - 1);
        String newer = History.ORDER.compare(newest, row) > 0 ? newest.runId() : null;
        if (attempt > 1) {
          LOG.info("{}: {} updated after {} attempts (another run was publishing)", site, key, attempt);
        }
        return new HistoryUpdate(rows, newer, warnings, objects, bytes);
      }
      if (attempt == MAX_ATTEMPTS) {
        throw new PublishException("publishing to " + site + " could not update '" + key + "': it changed under"
            + " every one of " + MAX_ATTEMPTS + " attempts, so other runs keep publishing to this site at the same"
            + " moment. " + Failures.LATEST_UNTOUCHED, site, key, null);
      }
      LOG.debug("{}: {} changed since it was read (attempt {}); retrying", site, key, attempt);
      backOff(site, key, attempt, pause);
    }
  }

  private static Optional<StoredObject> read(URI site, ObjectStore store, String key) {
    try {
      return store.get(key);
    } catch (IOException | RuntimeException e) {
      throw Failures.publishFailed(site, key, "reading", e, Failures.LATEST_UNTOUCHED);
    }
  }

  private static boolean putIfVersion(URI site, ObjectStore store, String key, byte[] content,
      ObjectMetadata metadata, String version) {
    try {
      return store.putIfVersion(key, content, metadata, version);
    } catch (IOException | RuntimeException e) {
      throw Failures.publishFailed(site, key, "writing", e, Failures.LATEST_UNTOUCHED);
    }
  }

  private static void put(URI site, ObjectStore store, String key, byte[] content, ObjectMetadata metadata) {
    try {
      store.put(key, content, metadata);
    } catch (IOException | RuntimeException e) {
      throw Failures.publishFailed(site, key, "writing", e, Failures.LATEST_UNTOUCHED);
    }
  }

  private static Optional<String> retentionWarning(List<HistoryRow> existing, HistoryRow row, List<HistoryRow> rows,
      int retention) {
    Set<String> kept = new HashSet<>();
    for (HistoryRow keptRow : rows) {
      kept.add(keptRow.runId());
    }
    List<String> dropped = new ArrayList<>();
    for (HistoryRow old : existing) {
      if (!kept.contains(old.runId()) && !old.runId().equals(row.runId())) {
        dropped.add(old.runId());
      }
    }
    if (!kept.contains(row.runId())) {
      dropped.add(row.runId());
    }
    if (dropped.isEmpty()) {
      return Optional.empty();
    }
    List<String> shown = dropped.size() > 5 ? dropped.subList(0, 5) : dropped;
    return Optional.of(SiteLayout.HISTORY + " keeps the newest " + retention + " runs (history.retention); dropped "
        + dropped.size() + " older row" + (dropped.size() == 1 ? "" : "s") + ": " + String.join(", ", shown)
        + (dropped.size() > shown.size() ? ", ..." : ""));
  }

  private static void backOff(URI site, String key, int attempt, Pause pause) {
    long ceiling = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 16));
    long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    try {
      pause.pause(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.interrupted(site, key, e);
    }
  }
}
