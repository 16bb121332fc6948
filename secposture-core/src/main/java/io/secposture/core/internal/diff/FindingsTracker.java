package io.secposture.core.internal.diff;

import static io.secposture.core.internal.json.JsonLines.unexpected;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.secposture.api.AccountSummary;
import io.secposture.api.AgedFinding;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.RunDiff;
import io.secposture.api.Severity;
import io.secposture.api.SlaPolicy;
import io.secposture.api.SlaSummary;
import io.secposture.core.internal.json.JsonLines;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: tracks the age of a run's findings when it is compared before publishing, for
 * {@code io.secposture.core.RunDiffer}. For each account row with results it rewrites the row's
 * {@code findings.jsonl.gz} in place (streaming, gzip in and out, through a temporary file moved over the original),
 * adding to every line:
 * <ul>
 *   <li>{@code first_seen} (flagged findings only: failed, not muted): the {@code first_seen} of the same fingerprint
 *       in the row's previous findings; else, if the row's memory of resolved findings holds it, that entry's
 *       {@code first_seen} (the finding is <b>reopened</b>); else this run's time;</li>
 *   <li>{@code reopened_at} (flagged findings only): this run's time for a reopened finding; the previous line's value
 *       for a finding still open since it was reopened; absent otherwise;</li>
 *   <li>{@code owner}: the row's owner ({@link OwnerSummary#ownerOf}).</li>
 * </ul>
 * Values of these keys already in the line are replaced. A previous line without {@code first_seen} (a file of an
 * older secposture) counts as first seen at the previous run's time; a memory entry without it, at this run's time.
 * While rewriting it counts each row's open findings (distinct fingerprints) and those past their SLA, keeps the
 * oldest open findings (bounded) and counts suppressed ones (muted with {@code suppressed_by}).
 *
 * <p>Memory: the row's lookup tables belong to the diff (one row at a time); this class adds a table of the row's
 * distinct flagged fingerprints and the bounded list of oldest findings, so memory stays bounded by the largest row.
 * A file that cannot be rewritten (corrupt, disk full) is left as it was, with a warning; its row is counted as not
 * tracked. Not thread-safe; one instance tracks one run.
 */
public final class FindingsTracker {
  private static final Logger LOG = LoggerFactory.getLogger("io.secposture.core.RunDiffer");
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(16_000_000).build())
      .build();
  private static final int BUFFER = 64 * 1024;
  private static final String FIRST_SEEN = "first_seen";
  private static final String REOPENED_AT = "reopened_at";
  private static final String OWNER = "owner";
  private static final String SUPPRESSED_BY = "suppressed_by";
  private static final FingerprintTable EMPTY = new FingerprintTable();

  private final Instant now;
  private Instant previousRunAt;
  private final SlaPolicy policy;
  private final String ownerLabel;
  private final Function<String, Path> localFiles;

  private final Set<DiffEngine.RowKey> tracked = new HashSet<>();
  private final EnumMap<Severity, Long> open = new EnumMap<>(Severity.class);
  private final EnumMap<Severity, Long> breached = new EnumMap<>(Severity.class);
  private final TreeSet<AgedFinding> oldest = new TreeSet<>(AgedFinding.ORDER);
  private final TreeMap<String, Long> breachedByAccount = new TreeMap<>();
  private final TreeMap<String, Long> breachedByOwner = new TreeMap<>();
  private final Map<String, Long> suppressedByRow = new HashMap<>();
  private final Map<String, Long> breachedByRow = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();

  /**
   * Creates a tracker for one run.
   *
   * @param now this run's time (its report's generation time): the first sighting of new findings, the time ages
   *     are measured at
   * @param previousRunAt the previous run's time, the first sighting assumed for a finding whose previous line has
   *     none; nullable when there is no previous run
   * @param policy the SLA policy
   * @param ownerLabel the account label that names owners
   * @param localFiles the local file of a findings key of this run, or {@code null} when it is not local
   */
  public FindingsTracker(Instant now, Instant previousRunAt, SlaPolicy policy, String ownerLabel,
      Function<String, Path> localFiles) {
    this.now = now;
    this.previousRunAt = previousRunAt;
    this.policy = policy;
    this.ownerLabel = ownerLabel;
    this.localFiles = localFiles;
  }

  /**
   * Sets the previous run's time, once it is known.
   *
   * @param at the previous run's report generation time
   */
  public void previousRunAt(Instant at) {
    this.previousRunAt = at;
  }

  /**
   * Tracks every row with results and a findings file that the diff did not track (all of them when there is no
   * previous run): their findings are first seen in this run, unless a previous line says otherwise.
   *
   * @param rows this run's rows
   */
  public void trackRemaining(List<AccountSummary> rows) {
    for (AccountSummary row : rows) {
      String findingsKey = row.links().get(DiffEngine.FINDINGS_LINK);
      if (findingsKey != null && row.status().hasResults() && !tracked.contains(DiffEngine.RowKey.of(row))) {
        track(row, findingsKey, null, null);
      }
    }
  }

  /**
   * Returns the {@code sla} section of the rows tracked so far.
   *
   * @return the section
   */
  public SlaSummary sla() {
    return new SlaSummary(policy, open, breached, new ArrayList<>(oldest), breachedByAccount, breachedByOwner);
  }

  /**
   * Returns the {@code owners} section: every row's owner with its flagged findings (as the report counts them),
   * its new and reopened ones (from the report's diff, for compared rows), its breaches and its suppressed findings.
   *
   * @param report the run's report, with its diff when there is one
   * @return the section
   */
  public OwnerSummary owners(PostureReport report) {
    TreeMap<String, OwnerSummary.Counts> owners = new TreeMap<>();
    RunDiff diff = report.diff();
    for (AccountSummary row : report.accounts()) {
      String owner = OwnerSummary.ownerOf(row.labels(), ownerLabel);
      long added = 0;
      long reopened = 0;
      if (diff != null && !diff.notCompared().containsKey(row.key())) {
        RunDiff.Counts counts = diff.byAccount().get(row.key());
        if (counts != null) {
          added = counts.added();
          reopened = counts.reopened();
        }
      }
      OwnerSummary.Counts counts = new OwnerSummary.Counts(row.findings().flagged(), added, reopened,
          breachedByRow.getOrDefault(row.key(), 0L), suppressedByRow.getOrDefault(row.key(), 0L));
      owners.merge(owner, counts, OwnerSummary.Counts::plus);
    }
    return new OwnerSummary(ownerLabel, owners);
  }

  /**
   * Returns the problems met: files that could not be rewritten.
   *
   * @return the warnings
   */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * Rewrites one row's findings file.
   *
   * @param previous the row's previously flagged fingerprints with their first sightings; null for none
   * @param memory the row's memory of resolved findings with their first sightings; null for none
   */
  void track(AccountSummary row, String findingsKey, FingerprintTable previous, FingerprintTable memory) {
    DiffEngine.RowKey rowKey = DiffEngine.RowKey.of(row);
    if (!tracked.add(rowKey)) {
      return;
    }
    Path file = localFiles.apply(findingsKey);
    if (file == null || !Files.isRegularFile(file)) {
      return;
    }
    RowTracking tracking = new RowTracking(row, previous == null ? EMPTY : previous, memory == null ? EMPTY : memory);
    Path temporary = file.resolveSibling("." + file.getFileName() + ".tracking");
    try {
      try (InputStream raw = Files.newInputStream(file);
          InputStream in = JsonLines.gunzip(raw, file.toString(), "a gzip-compressed findings file", BUFFER);
          OutputStream out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary), BUFFER),
              BUFFER);
          JsonGenerator generator = JSON.createGenerator(out, JsonEncoding.UTF8)) {
        generator.setRootValueSeparator(null);
        JsonLines.read(JSON, in, file.toString(), "findings JSON lines", "finding",
            parser -> tracking.line(parser, generator, file.toString()));
      }
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (ReportParseException | UncheckedIOException | IOException e) {
      deleteQuietly(temporary);
      String warning = "cannot add first_seen and owner to the findings of " + row.key() + " (" + file + ": "
          + e.getMessage() + "); its findings are published without them and not counted in the sla section";
      LOG.warn("{}", warning);
      warnings.add(warning);
      return;
    }
    tracking.commit();
  }

  /** The counts of the row being rewritten, added to the run's once the file is complete. */
  private final class RowTracking {
    private final AccountSummary row;
    private final String owner;
    private final FingerprintTable previous;
    private final FingerprintTable memory;
    private final FingerprintTable seen = new FingerprintTable();
    private final long[] open = new long[Severity.values().length];
    private final long[] breached = new long[Severity.values().length];
    private final TreeSet<AgedFinding> oldest = new TreeSet<>(AgedFinding.ORDER);
    private long suppressed;

    RowTracking(AccountSummary row, FingerprintTable previous, FingerprintTable memory) {
      this.row = row;
      this.owner = OwnerSummary.ownerOf(row.labels(), ownerLabel);
      this.previous = previous;
      this.memory = memory;
    }

    void line(JsonParser parser, JsonGenerator out, String source) throws IOException {
      String fingerprint = null;
      String severityText = null;
      String status = null;
      boolean muted = false;
      String suppressedBy = null;
      String service = null;
      String ruleId = null;
      String title = null;
      String resourceId = null;
      String region = null;
      out.writeStartObject();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals(FIRST_SEEN) || field.equals(REOPENED_AT) || field.equals(OWNER)) {
          parser.skipChildren();
          continue;
        }
        if (value == JsonToken.VALUE_STRING) {
          switch (field) {
            case "fingerprint": fingerprint = parser.getText(); break;
            case "severity": severityText = parser.getText(); break;
            case "status": status = parser.getText(); break;
            case SUPPRESSED_BY: suppressedBy = parser.getText(); break;
            case "service": service = parser.getText(); break;
            case "rule_id": ruleId = parser.getText(); break;
            case "title": title = parser.getText(); break;
            case "resource_id": resourceId = parser.getText(); break;
            case "region": region = parser.getText(); break;
            default: break;
          }
        } else if (field.equals("muted")) {
          muted = value == JsonToken.VALUE_TRUE;
        }
        out.writeFieldName(field);
        out.copyCurrentStructure(parser);
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        throw unexpected(source, parser, "a key or the end of the finding object");
      }
      Severity severity = Severity.parse(severityText);
      boolean failed = status != null && status.toLowerCase(Locale.ROOT).equals("fail");
      if (failed && !muted && fingerprint != null && severity != null) {
        flagged(out, fingerprint, severity, service, ruleId, title, resourceId, region);
      }
      if (failed && muted && suppressedBy != null) {
        suppressed++;
      }
      out.writeStringField(OWNER, owner);
      out.writeEndObject();
      out.writeRaw('\n');
    }

    private void flagged(JsonGenerator out, String fingerprint, Severity severity, String service, String ruleId,
        String title, String resourceId, String region) throws IOException {
      FingerprintTable.Key key = FingerprintTable.Key.of(fingerprint);
      Instant firstSeen;
      Instant reopenedAt;
      int slot = previous.find(key);
      if (slot >= 0) {
        firstSeen = orElse(previous.firstSeen(slot), previousRunAt == null ? now : previousRunAt);
        reopenedAt = previous.reopenedAt(slot);
      } else if ((slot = memory.find(key)) >= 0) {
        firstSeen = orElse(memory.firstSeen(slot), now);
        reopenedAt = now;
      } else {
        firstSeen = now;
        reopenedAt = null;
      }
      if (firstSeen.isAfter(now)) {
        firstSeen = now;
      }
      out.writeStringField(FIRST_SEEN, firstSeen.toString());
      if (reopenedAt != null) {
        out.writeStringField(REOPENED_AT, reopenedAt.toString());
      }
      if (seen.add(key, severity.ordinal()) < 0) {
        return;
      }
      Duration age = Duration.between(firstSeen, now);
      boolean late = policy.breached(severity, age);
      open[severity.ordinal()]++;
      if (late) {
        breached[severity.ordinal()]++;
      }
      if (oldest.size() < SlaSummary.OLDEST_LIMIT || firstSeen.isBefore(oldest.last().firstSeen())
          || firstSeen.equals(oldest.last().firstSeen())) {
        oldest.add(new AgedFinding(row.provider(), row.accountId(), row.scanner(), owner, severity,
            orElse(service, "unknown"), orElse(ruleId, "unknown"), orElse(title, orElse(ruleId, "unknown")),
            resourceId, region, fingerprint, firstSeen, reopenedAt, age.toDays(), late));
        if (oldest.size() > SlaSummary.OLDEST_LIMIT) {
          oldest.pollLast();
        }
      }
    }

    void commit() {
      long rowBreaches = 0;
      for (Severity severity : Severity.values()) {
        FindingsTracker.this.open.merge(severity, open[severity.ordinal()], Long::sum);
        FindingsTracker.this.breached.merge(severity, breached[severity.ordinal()], Long::sum);
        rowBreaches += breached[severity.ordinal()];
      }
      for (AgedFinding finding : oldest) {
        FindingsTracker.this.oldest.add(finding);
        if (FindingsTracker.this.oldest.size() > SlaSummary.OLDEST_LIMIT) {
          FindingsTracker.this.oldest.pollLast();
        }
      }
      if (rowBreaches > 0) {
        breachedByAccount.merge(row.key(), rowBreaches, Long::sum);
        breachedByOwner.merge(owner, rowBreaches, Long::sum);
        breachedByRow.merge(row.key(), rowBreaches, Long::sum);
      }
      if (suppressed > 0) {
        suppressedByRow.merge(row.key(), suppressed, Long::sum);
      }
    }
  }

  /** Remembers a previous line's first sighting and reopening in the diff's table of previous findings. */
  static void remember(FingerprintTable table, int slot, FindingLines.Line line) {
    table.setFirstSeen(slot, instant(line.firstSeen));
    table.setReopenedAt(slot, instant(line.reopenedAt));
  }

  /**
   * Parses an instant written by this class; {@code null} for absent or malformed text (a hand-edited file must not
   * stop a run: the finding then counts as seen at the fallback time).
   */
  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static <T> T orElse(T value, T fallback) {
    return value == null ? fallback : value;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", file, e.toString());
    }
  }
}
