package io.secposture.core.internal.diff;

import static io.secposture.core.internal.json.JsonLines.unexpected;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.secposture.api.ReportParseException;
import io.secposture.api.Severity;
import io.secposture.core.internal.json.JsonLines;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Not public API: the memory of resolved findings one account row carries from run to run,
 * {@code resolved.jsonl.gz} beside the row's {@code findings.jsonl.gz}. One JSON object per line, gzip-compressed:
 *
 * <pre>{@code
 * {"fingerprint":"3f0c...","severity":"high","resolved_run_id":"20261115T020000Z-1a2b",
 *  "resolved_at":"2026-11-15T02:09:41Z","runs_since":2,"first_seen":"2026-10-04T02:07:12Z"}
 * }</pre>
 *
 * <p>{@code fingerprint} is the finding's fingerprint (for one that is not 32 hex characters, the 128 bits a
 * {@link FingerprintTable.Key} hashes it to); {@code runs_since} counts the later runs of the row that compared
 * without seeing it flagged again; {@code first_seen} (optional: files written before it existed lack it) is when the
 * finding was first flagged, so a reopened finding keeps its first sighting. Readers ignore keys they do not know.
 *
 * <p>This class loads a file into a {@link FingerprintTable} (run ids interned, so an entry costs the table's few
 * dozen bytes) and writes one entry at a time. Not thread-safe.
 */
final class ResolvedState {
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1_000_000).build())
      .build();
  private static final int BUFFER = 64 * 1024;
  /** Interned run references fit the table's 16 high bits of the value; the low 16 bits hold runs_since. */
  private static final int MAX_RUNS = 0xffff;
  static final int MAX_RUNS_SINCE = 0xffff;

  private final FingerprintTable table = new FingerprintTable();
  private final List<String> runIds = new ArrayList<>();
  private final List<Instant> resolvedAt = new ArrayList<>();
  private final Map<String, Integer> runIndex = new HashMap<>();

  FingerprintTable table() {
    return table;
  }

  String runId(int slot) {
    return runIds.get(table.value(slot) >>> 16);
  }

  Instant resolvedAt(int slot) {
    return resolvedAt.get(table.value(slot) >>> 16);
  }

  int runsSince(int slot) {
    return table.value(slot) & 0xffff;
  }

  /**
   * Loads a memory file.
   *
   * @param compressed the file's bytes; closed once read
   * @param source what it is, for messages
   * @return the memory
   * @throws ReportParseException if the content is not a memory file, naming the source and line
   * @throws UncheckedIOException if reading fails
   */
  static ResolvedState read(InputStream compressed, String source) {
    ResolvedState state = new ResolvedState();
    try (InputStream in = JsonLines.gunzip(compressed, source,
        "a gzip-compressed resolved-findings file (resolved.jsonl.gz)", BUFFER)) {
      JsonLines.read(JSON, in, source, "resolved-findings JSON lines", "resolved finding",
          parser -> state.readEntry(parser, source));
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }


  private void readEntry(JsonParser parser, String source) throws IOException {
    long line = parser.currentTokenLocation().getLineNr();
    String fingerprint = null;
    String severity = null;
    String runId = null;
    String at = null;
    long runsSince = -1;
    String firstSeen = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "fingerprint": fingerprint = string(parser, source, field, value); break;
        case "severity": severity = string(parser, source, field, value); break;
        case "resolved_run_id": runId = string(parser, source, field, value); break;
        case "resolved_at": at = string(parser, source, field, value); break;
        case "first_seen": firstSeen = string(parser, source, field, value); break;
        case "runs_since":
          if (value != JsonToken.VALUE_NUMBER_INT) {
            throw unexpected(source, parser, "a whole number for 'runs_since'");
          }
          runsSince = parser.getLongValue();
          break;
        default: parser.skipChildren(); break;
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw unexpected(source, parser, "a key or the end of the entry");
    }
    Severity parsed = Severity.parse(severity);
    Instant instant = null;
    try {
      instant = at == null ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      // reported below
    }
    String problem = fingerprint == null ? "fingerprint" : parsed == null ? "severity" : runId == null
        ? "resolved_run_id" : instant == null ? "resolved_at (an ISO-8601 instant)"
        : runsSince < 0 || runsSince > MAX_RUNS_SINCE ? "runs_since (0 to " + MAX_RUNS_SINCE + ")" : null;
    if (problem != null) {
      throw new ReportParseException(source, line, 0, "a resolved finding with " + problem, null, null);
    }
    Integer index = runIndex.get(runId);
    if (index == null) {
      if (runIds.size() >= MAX_RUNS) {
        throw new ReportParseException(source, line, 0, "entries resolved in at most " + MAX_RUNS + " runs",
            "more run ids than that", null);
      }
      index = runIds.size();
      runIds.add(runId);
      resolvedAt.add(instant);
      runIndex.put(runId, index);
    }
    int slot = table.add(FingerprintTable.Key.of(fingerprint), parsed.ordinal());
    if (slot >= 0) {
      table.setValue(slot, index << 16 | (int) runsSince);
      table.setFirstSeen(slot, FindingsTracker.instant(firstSeen));
    }
  }

  private static String string(JsonParser parser, String source, String field, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw unexpected(source, parser, "a string for '" + field + "'");
    }
    return parser.getText();
  }

  /** Writes a memory file one entry at a time. Close it to finish the gzip stream. Not thread-safe. */
  static final class Writer implements AutoCloseable {
    private final Path file;
    private final OutputStream out;
    private final JsonGenerator json;
    private long entries;

    Writer(Path file) {
      this.file = file;
      try {
        this.out = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER), BUFFER);
        this.json = JSON.createGenerator(out, JsonEncoding.UTF8);
        this.json.setRootValueSeparator(null);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
      }
    }

    void write(FingerprintTable.Key key, int severityOrdinal, String runId, Instant at, int runsSince) {
      write(key, severityOrdinal, runId, at, runsSince, null);
    }

    void write(FingerprintTable.Key key, int severityOrdinal, String runId, Instant at, int runsSince,
        Instant firstSeen) {
      try {
        json.writeStartObject();
        json.writeStringField("fingerprint", key.hex());
        json.writeStringField("severity", FindingLines.severity(severityOrdinal).name().toLowerCase(Locale.ROOT));
        json.writeStringField("resolved_run_id", runId);
        json.writeStringField("resolved_at", at.toString());
        json.writeNumberField("runs_since", runsSince);
        if (firstSeen != null) {
          json.writeStringField("first_seen", firstSeen.toString());
        }
        json.writeEndObject();
        json.writeRaw('\n');
        entries++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }

    long entries() {
      return entries;
    }

    @Override
    public void close() {
      try {
        json.close();
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot complete " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
