package io.secposture.scoutsuite.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.secposture.api.AccountStats;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingSink;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportSource;
import io.secposture.api.RequirementResult;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: reads one ScoutSuite results file in one streaming pass with Jackson's {@link JsonParser} and
 * hands a {@link Finding} per flagged item to the sink, and lists the requirements of rules that stream no finding
 * (passing ones) in the parsed report. One instance per parse; not thread-safe.
 *
 * <p><b>Memory.</b> Nothing of the document is kept except small things: the header values, the per-service
 * summary, and the metadata and items of the one rule being read. A rule's metadata ({@code level}, {@code path},
 * {@code rationale}, ...) partly comes after its {@code items} in ScoutSuite's sorted key order, so its items are
 * buffered until the rule object ends; past {@link #DEFAULT_ITEM_BUFFER_CHARS} characters the buffer is dropped and
 * the items are read again from the array's byte offset once the metadata is known. Resource trees (the bulk of a
 * real file) are skipped token by token, their strings never materialised. No string is longer than
 * {@link BoundedJsonStrings} lets through: a kept text (description, rationale, remediation, item path, ...) of more
 * than 64 KiB keeps its head and ends with {@code ... [truncated, N chars]}, so a hostile file with 90 MB fields
 * parses in a small heap.
 *
 * <p><b>Key order.</b> Real files have sorted keys ({@code account_id}, {@code last_run}, {@code provider_code},
 * then {@code services}), but correctness does not depend on it: if {@code services} comes before the account id or
 * the provider code, its byte offset is remembered, it is skipped, and it is read again when the top-level object
 * ends.
 *
 * <p><b>Tolerated input</b> (each leaves a warning in the parsed report): a finding without {@code items} (no
 * findings for that rule); a level other than {@code danger}/{@code warning} (a severity label such as
 * {@code critical} or {@code low} is used as it is, anything else, including an empty level, becomes
 * {@link Severity#INFORMATIONAL}); a missing {@code last_run.summary} or a service missing from it (counts are
 * recomputed from the findings and the {@code *_count} keys as ScoutSuite computes them); a missing account id or
 * provider code when the source names its account; an unparseable {@code last_run.time}; no services at all.
 * Everything else that is not what ScoutSuite writes is a {@link ReportParseException} naming the file, the line and
 * column (or byte offset) and what was expected. At most {@value #MAX_WARNINGS} warnings about the results file are
 * kept, then a count of the rest; the summaries of the errors and exceptions files always follow.
 */
public final class ResultsReader {
  /** The tool name findings carry. */
  public static final String TOOL = "scoutsuite";
  /** How many characters of one rule's items are buffered before they are re-read from the file instead. */
  public static final long DEFAULT_ITEM_BUFFER_CHARS = 2_000_000;

  private static final Pattern CIS_VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.\\d+)*");

  /** How many warnings about the results file itself a parsed report keeps. */
  public static final int MAX_WARNINGS = 50;
  private static final DateTimeFormatter RUN_TIME = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd")
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter(Locale.ROOT);


  private final String parserName;
  private final ReportSource source;
  private final String sourceName;
  private final FindingSink sink;
  private final long itemBufferChars;

  private CloudProvider provider;
  private String accountId;
  private String version;
  private String time;
  private boolean sawLastRun;
  private boolean sawServices;
  private long deferredServicesOffset = -1;
  private TreeMap<String, ServiceStats> summary;
  private final Map<String, long[]> recomputed = new TreeMap<>();
  private final Map<String, Long> emittedByService = new HashMap<>();
  private final Set<String> warnings = new LinkedHashSet<>();
  /** Requirements of rules that checked items and flagged none (PASS), or flagged some but listed none (FAIL). */
  private final Map<ComplianceRef, FindingStatus> ruleResults = new LinkedHashMap<>();
  private final Map<ComplianceRef, String> ruleTitles = new HashMap<>();
  private long droppedWarnings;
  private long findings;
  private final ItemBuffer items = new ItemBuffer();
  /** The resource ids of the service whose findings are being handed out; null between services. */
  private ResourceIds resources;
  /** Byte offset of the file position the current parser started at; 0 for the first pass. */
  private long base;
  /** This parse's own factory: its field-name table holds this file's names only ({@link ResultsInput#newJsonFactory}). */
  private final JsonFactory json = ResultsInput.newJsonFactory();
  /** The channel every re-read of this parse reads from, opened at the first one; closed when the parse ends. */
  private FileChannel rereads;
  /** Read buffers of finished re-reads, lent to the next ones (re-reads nest at most two deep). */
  private final ArrayDeque<byte[]> spareBuffers = new ArrayDeque<>(2);

  /**
   * Creates a reader for one parse.
   *
   * @param parserName the name of the parser, for the parsed report
   * @param source the file
   * @param sink receives the findings
   * @param itemBufferChars how many characters of one rule's items to buffer before re-reading them instead
   */
  public ResultsReader(String parserName, ReportSource source, FindingSink sink, long itemBufferChars) {
    this.parserName = Objects.requireNonNull(parserName, "parserName");
    this.source = Objects.requireNonNull(source, "source");
    this.sourceName = source.toString();
    this.sink = Objects.requireNonNull(sink, "sink");
    if (itemBufferChars < 1) {
      throw new IllegalArgumentException("itemBufferChars must be positive");
    }
    this.itemBufferChars = itemBufferChars;
  }

  /**
   * Reads the file.
   *
   * @return the counts and metadata
   * @throws ReportParseException if the file is not a ScoutSuite results file
   */
  public ParsedReport read() {
    try {
      return readFile();
    } finally {
      closeRereads();
    }
  }

  private ParsedReport readFile() {
    byte[] head;
    try {
      head = source.head();
    } catch (UncheckedIOException e) {
      throw new ReportParseException(sourceName, "a readable ScoutSuite results file", e.getCause().getMessage());
    }
    if (head.length == 0) {
      throw new ReportParseException(sourceName, "a ScoutSuite results file", "the file is empty");
    }
    ResultsInput.Prefix prefix = ResultsInput.prefix(head);
    if (prefix.shape() == ResultsInput.Shape.OTHER) {
      throw ResultsInput.notResults(sourceName, source.headText());
    }
    try (InputStream in = ResultsInput.open(source.path(), prefix.maskLength());
        JsonParser parser = json.createParser(in)) {
      base = 0;
      readRoot(parser);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new ReportParseException(sourceName, "a readable ScoutSuite results file", e.getMessage());
    }
    if (!sawServices && !sawLastRun) {
      throw new ReportParseException(sourceName, "a ScoutSuite results object with 'last_run' and 'services'",
          "the top-level object has neither");
    }
    resolveIdentity();
    if (deferredServicesOffset >= 0) {
      replayServices();
    }
    return finish();
  }

  private void closeRereads() {
    if (rereads != null) {
      try {
        rereads.close();
      } catch (IOException e) {
        // read only; nothing was lost
      }
      rereads = null;
    }
  }

  /**
   * Opens a stream from a byte offset of the file up to another ({@code -1}: the end of the file) for a re-read, on
   * the parse's one channel and a lent buffer.
   */
  private InputStream reread(long offset, long end) throws IOException {
    if (rereads == null) {
      rereads = ResultsInput.openChannel(source.path());
    }
    byte[] spare = spareBuffers.poll();
    byte[] buffer = spare != null ? spare : new byte[BoundedJsonStrings.BUFFER_SIZE];
    return new FilterInputStream(ResultsInput.readAt(rereads, offset, end, buffer)) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          super.close();
          spareBuffers.push(buffer);
        }
      }
    };
  }

  private void readRoot(JsonParser p) throws IOException {
    JsonToken token = p.nextToken();
    if (token != JsonToken.START_OBJECT) {
      throw error(p, "a JSON object holding ScoutSuite results", found(p, token));
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "account_id":
          accountId = text(p, value, "'account_id'");
          if (accountId != null && accountId.isBlank()) {
            throw error(p, "a non-blank 'account_id'", found(p, value));
          }
          break;
        case "provider_code":
          readProvider(p, value);
          break;
        case "last_run":
          readLastRun(p, value);
          break;
        case "services":
          sawServices = true;
          if (value == JsonToken.VALUE_NULL) {
            break;
          }
          if (value != JsonToken.START_OBJECT) {
            throw error(p, "an object of services for 'services'", found(p, value));
          }
          if (provider != null && accountId != null) {
            readServices(p);
          } else {
            deferredServicesOffset = p.currentTokenLocation().getByteOffset();
            p.skipChildren();
          }
          break;
        default:
          p.skipChildren();
          break;
      }
    }
  }

  private void readProvider(JsonParser p, JsonToken value) throws IOException {
    String code = text(p, value, "'provider_code'");
    if (code == null) {
      return;
    }
    try {
      provider = CloudProvider.of(code);
    } catch (IllegalArgumentException e) {
      throw error(p, "a provider code such as aws, azure or gcp for 'provider_code'", found(p, value));
    }
  }

  private void readLastRun(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      throw error(p, "an object for 'last_run'", found(p, value));
    }
    sawLastRun = true;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken field = p.nextToken();
      switch (name) {
        case "time":
          time = text(p, field, "'last_run.time'");
          break;
        case "version":
          version = text(p, field, "'last_run.version'");
          break;
        case "summary":
          readSummary(p, field);
          break;
        default:
          p.skipChildren();
          break;
      }
    }
  }

  private void readSummary(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return;
    }
    if (value != JsonToken.START_OBJECT) {
      throw error(p, "an object of services for 'last_run.summary'", found(p, value));
    }
    summary = new TreeMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String service = p.currentName();
      JsonToken entry = p.nextToken();
      String where = "last_run.summary." + service;
      if (entry != JsonToken.START_OBJECT) {
        throw error(p, "an object of counts for '" + where + "'", found(p, entry));
      }
      long checked = -1;
      long flagged = -1;
      long resources = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken field = p.nextToken();
        switch (name) {
          case "checked_items": checked = count(p, field, where + ".checked_items"); break;
          case "flagged_items": flagged = count(p, field, where + ".flagged_items"); break;
          case "resources_count": resources = count(p, field, where + ".resources_count"); break;
          default: p.skipChildren(); break;
        }
      }
      if (checked < 0 || flagged < 0 || resources < 0) {
        warn("'" + where + "' lacks " + (checked < 0 ? "checked_items " : "") + (flagged < 0 ? "flagged_items " : "")
            + (resources < 0 ? "resources_count " : "") + "in " + sourceName + "; counted as 0");
      }
      summary.put(service, new ServiceStats(Math.max(0, checked), Math.max(0, flagged), Math.max(0, resources)));
    }
  }

  private void readServices(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String service = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      if (value != JsonToken.START_OBJECT) {
        throw error(p, "an object for service 'services." + service + "'", found(p, value));
      }
      readService(p, service);
    }
  }

  /**
   * Reads one service. Its findings are read twice: first only for the path patterns of the rules that list items,
   * so that the resource trees those patterns point at can be indexed ({@link ResourceIds}) as they stream past (or
   * read again from their offset when they came before {@code findings}); then again from their offset, handing out
   * each finding with its resource's ARN or cloud id.
   */
  private void readService(JsonParser p, String service) throws IOException {
    long[] counts = recomputed.computeIfAbsent(service, key -> new long[3]);
    long findingsAt = -1;
    ResourceIds ids = null;
    Map<String, long[]> before = new LinkedHashMap<>();
    long findingsEnd = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("findings")) {
        if (value == JsonToken.START_OBJECT) {
          findingsAt = base + p.currentTokenLocation().getByteOffset();
          ids = new ResourceIds(service, readPatterns(p, service));
          findingsEnd = base + p.currentLocation().getByteOffset();
        } else if (value != JsonToken.VALUE_NULL) {
          throw error(p, "an object of rules for 'services." + service + ".findings'", found(p, value));
        }
      } else if (value == JsonToken.VALUE_NUMBER_INT && name.endsWith("_count") && !name.equals("regions_count")) {
        counts[2] += Math.max(0, p.getLongValue());
      } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        if (ids == null) {
          long start = base + p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          if (before.size() < 1000) {
            before.put(name, new long[] {start, base + p.currentLocation().getByteOffset()});
          }
        } else if (ids.wants(name)) {
          ids.walk(p, name);
        } else {
          p.skipChildren();
        }
      } else {
        p.skipChildren();
      }
    }
    if (findingsAt < 0) {
      return;
    }
    ResourceIds index = ids;
    for (Map.Entry<String, long[]> earlier : before.entrySet()) {
      if (index.wants(earlier.getKey())) {
        replayAt(earlier.getValue()[0], earlier.getValue()[1], "services." + service + "." + earlier.getKey(),
            replay -> index.walk(replay, earlier.getKey()));
      }
    }
    if (index.overflowed()) {
      warn("'services." + service + "' has more resources of flagged kinds than secposture indexes ("
          + ResourceIds.MAX_RESOURCES + "); findings on the others show ScoutSuite's item path as their resource");
    }
    resources = index;
    try {
      replayAt(findingsAt, findingsEnd, "services." + service + ".findings",
          replay -> readFindings(replay, service, counts));
    } finally {
      resources = null;
    }
  }

  /** Reads a service's findings object only for the path patterns of the rules that list at least one item. */
  private Set<String> readPatterns(JsonParser p, String service) throws IOException {
    Set<String> patterns = new java.util.HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken rule = p.nextToken();
      if (rule != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      String path = null;
      String displayPath = null;
      boolean items = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("path") && value == JsonToken.VALUE_STRING) {
          path = p.getText();
        } else if (name.equals("display_path") && value == JsonToken.VALUE_STRING) {
          displayPath = p.getText();
        } else if (name.equals("items") && value == JsonToken.START_ARRAY) {
          items = p.nextToken() != JsonToken.END_ARRAY;
          if (items) {
            p.skipChildren();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      String pattern = resourcePattern(displayPath, path);
      // bounded: a pattern is a few dozen characters in real files; a longer one only costs its resources' ids
      if (items && pattern != null && pattern.length() <= 1024 && patterns.size() < 1000) {
        patterns.add(pattern);
      }
    }
    return patterns;
  }

  /** The pattern whose length says how much of an item is the resource: the display path, else the path. */
  private static String resourcePattern(String displayPath, String path) {
    return displayPath != null && !displayPath.isBlank() ? displayPath : path == null || path.isBlank() ? null : path;
  }

  /** A reader of one value at a remembered offset. */
  private interface Replay {
    void read(JsonParser p) throws IOException;
  }

  /**
   * Reads the value between two byte offsets of the file (remembered by an earlier pass) with a parser of its own.
   * Only the value's bytes are read: a service's re-reads are mostly small, and a read of a whole buffer would make
   * the string filter scan far more of the file than the value.
   */
  private void replayAt(long offset, long end, String where, Replay reader) throws IOException {
    long saved = base;
    base = offset;
    try (InputStream in = reread(offset, end);
        JsonParser p = json.createParser(in)) {
      JsonToken token = p.nextToken();
      if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
        throw error(p, "the value of '" + where + "' when reading it again", found(p, token));
      }
      reader.read(p);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } finally {
      base = saved;
    }
  }

  private void readFindings(JsonParser p, String service, long[] counts) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String rule = p.currentName();
      JsonToken value = p.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        continue;
      }
      String where = "services." + service + ".findings." + rule;
      if (value != JsonToken.START_OBJECT) {
        throw error(p, "a finding object for '" + where + "'", found(p, value));
      }
      readFinding(p, service, rule, where, counts);
    }
  }

  private void readFinding(JsonParser p, String service, String rule, String where, long[] counts)
      throws IOException {
    Rule meta = new Rule(service, rule);
    items.reset();
    boolean hasItems = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "description": meta.description = text(p, value, "'" + where + ".description'"); break;
        case "level": meta.level = text(p, value, "'" + where + ".level'"); break;
        case "path": meta.path = text(p, value, "'" + where + ".path'"); break;
        case "display_path": meta.displayPath = text(p, value, "'" + where + ".display_path'"); break;
        case "rationale": meta.rationale = text(p, value, "'" + where + ".rationale'"); break;
        case "remediation": meta.remediation = text(p, value, "'" + where + ".remediation'"); break;
        case "checked_items": meta.checked = count(p, value, where + ".checked_items"); break;
        case "flagged_items": meta.flagged = count(p, value, where + ".flagged_items"); break;
        case "compliance": meta.compliance = compliance(p, value, where + ".compliance"); break;
        case "items": hasItems = readItems(p, value, where + ".items"); break;
        default: p.skipChildren(); break;
      }
    }
    counts[0] += Math.max(0, meta.checked);
    counts[1] += Math.max(0, meta.flagged);
    emit(meta, hasItems);
  }

  /** Buffers the items of one rule; returns false when the rule has no items list. */
  private boolean readItems(JsonParser p, JsonToken value, String where) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return false;
    }
    if (value != JsonToken.START_ARRAY) {
      throw error(p, "an array of item paths for '" + where + "'", found(p, value));
    }
    items.offset = base + p.currentTokenLocation().getByteOffset();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.VALUE_STRING) {
        throw error(p, "an item path string in '" + where + "'", found(p, token));
      }
      if (!items.overflowed) {
        items.add(p.getText());
        if (items.chars > itemBufferChars) {
          items.overflow();
        }
      }
      items.count++;
    }
    return true;
  }

  private void emit(Rule rule, boolean hasItems) throws IOException {
    long count = items.count;
    recordRuleResult(rule, hasItems ? count : 0);
    if (!hasItems) {
      if (rule.flagged > 0) {
        warn("'services." + rule.service + ".findings." + rule.key + "' counts " + rule.flagged
            + " flagged items but has no items list in " + sourceName + "; no findings were reported for it");
      }
      return;
    }
    if (rule.flagged >= 0 && rule.flagged != count && !CloudProvider.KUBERNETES.equals(provider)) {
      warn("'services." + rule.service + ".findings." + rule.key + "' counts " + rule.flagged
          + " flagged items but lists " + count + " in " + sourceName + "; one finding was reported per listed item");
    }
    if (count == 0) {
      return;
    }
    Severity severity = severity(rule, count);
    Emitter emitter = new Emitter(rule, severity);
    if (items.overflowed) {
      replayItems(items.offset, emitter, "services." + rule.service + ".findings." + rule.key + ".items");
    } else {
      for (int i = 0; i < items.size; i++) {
        emitter.accept(items.values[i]);
      }
    }
    emittedByService.merge(rule.service, count, Long::sum);
  }

  /**
   * Remembers what a rule that streams no finding says about its requirements: checked items and none flagged
   * passes them; flagged items without an items list fail them. A rule with listed items fails through its findings.
   */
  private void recordRuleResult(Rule rule, long listed) {
    if (rule.compliance.isEmpty()) {
      return;
    }
    // a rule with listed items fails through its findings too; its result here carries the rule's description as
    // the requirement's title
    FindingStatus status = rule.flagged > 0 || listed > 0 ? FindingStatus.FAIL
        : rule.checked > 0 ? FindingStatus.PASS : null;
    if (status == null) {
      return;
    }
    String title = rule.description == null || rule.description.isBlank() ? null : rule.description.strip();
    for (ComplianceRef ref : rule.compliance) {
      ruleResults.merge(ref, status, (a, b) -> a == FindingStatus.FAIL ? a : b);
      if (title != null) {
        ruleTitles.merge(ref, title, (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
  }

  private Severity severity(Rule rule, long count) {
    String level = rule.level == null ? "" : rule.level.trim().toLowerCase(Locale.ROOT);
    switch (level) {
      case "danger": return Severity.HIGH;
      case "warning": return Severity.MEDIUM;
      default:
        Severity parsed = Severity.parse(level);
        if (parsed != null) {
          return parsed;
        }
        warn("'services." + rule.service + ".findings." + rule.key + "' has level '"
            + (rule.level == null ? "" : rule.level) + "', which is neither danger nor warning; its " + count
            + " finding(s) are reported as INFORMATIONAL");
        return Severity.INFORMATIONAL;
    }
  }

  /** Builds and hands out the findings of one rule. */
  private final class Emitter {
    private final Rule rule;
    private final Severity severity;
    private final String title;
    private final String resourceType;
    private final List<ComplianceRef> compliance;
    private final FingerprintPrefix fingerprints;
    private final String pattern;

    Emitter(Rule rule, Severity severity) {
      this.pattern = resourcePattern(rule.displayPath, rule.path);
      this.rule = rule;
      this.severity = severity;
      this.title = rule.description == null || rule.description.isBlank() ? rule.key : rule.description;
      this.resourceType = ItemPaths.resourceType(rule.service, rule.displayPath, rule.path);
      this.compliance = rule.compliance;
      this.fingerprints = new FingerprintPrefix(TOOL, provider, accountId, rule.key);
    }

    void accept(String item) {
      // the fingerprint stays on the item path: unique per flagged item and unchanged since the first release
      String resource = resources == null ? item : resources.resolve(item, pattern);
      sink.accept(new Finding(TOOL, provider, accountId, ItemPaths.region(item), rule.service, rule.key, title,
          severity, FindingStatus.FAIL, false, resource, resourceType, rule.rationale, rule.remediation, compliance,
          fingerprints.of(item)));
      findings++;
    }
  }

  private void replayItems(long offset, Emitter emitter, String where) throws IOException {
    long saved = base;
    base = offset;
    try (InputStream in = reread(offset, -1); JsonParser p = json.createParser(in)) {
      JsonToken token = p.nextToken();
      if (token != JsonToken.START_ARRAY) {
        throw error(p, "the items array of '" + where + "' when reading it again", found(p, token));
      }
      while ((token = p.nextToken()) == JsonToken.VALUE_STRING) {
        emitter.accept(p.getText());
      }
      if (token != JsonToken.END_ARRAY) {
        throw error(p, "an item path string in '" + where + "'", found(p, token));
      }
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } finally {
      base = saved;
    }
  }

  private void replayServices() {
    base = deferredServicesOffset;
    try (InputStream in = reread(deferredServicesOffset, -1);
        JsonParser p = json.createParser(in)) {
      JsonToken token = p.nextToken();
      if (token != JsonToken.START_OBJECT) {
        throw error(p, "the 'services' object when reading it again", found(p, token));
      }
      readServices(p);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new ReportParseException(sourceName, "a readable ScoutSuite results file", e.getMessage());
    } finally {
      base = 0;
    }
  }

  private void resolveIdentity() {
    CloudAccount account = source.account();
    if (accountId == null) {
      if (account == null) {
        throw new ReportParseException(sourceName, "an 'account_id' at the top level of the ScoutSuite results",
            "there is none, and the file was not given with the account it belongs to");
      }
      accountId = account.id();
      warn(sourceName + " has no 'account_id'; its findings are attributed to account " + accountId
          + ", which was scanned");
    }
    if (provider == null) {
      if (account == null) {
        throw new ReportParseException(sourceName, "a 'provider_code' (aws, azure, gcp, ...) at the top level of"
            + " the ScoutSuite results", "there is none, and the file was not given with the account it belongs to");
      }
      provider = account.provider();
      warn(sourceName + " has no 'provider_code'; its findings are attributed to provider " + provider
          + ", which was scanned");
    }
  }

  private ParsedReport finish() {
    TreeMap<String, ServiceStats> stats = new TreeMap<>();
    if (summary != null) {
      stats.putAll(summary);
      List<String> missing = new ArrayList<>();
      recomputed.forEach((service, counts) -> {
        if (!summary.containsKey(service)) {
          stats.put(service, new ServiceStats(counts[0], counts[1], counts[2]));
          missing.add(service);
        }
      });
      if (!missing.isEmpty()) {
        warn("last_run.summary of " + sourceName + " lacks the services " + missing
            + "; their counts were recomputed from their findings");
      }
      if (!CloudProvider.KUBERNETES.equals(provider)) {
        summary.forEach((service, counted) -> {
          long emitted = emittedByService.getOrDefault(service, 0L);
          if (counted.flaggedItems() != emitted && recomputed.containsKey(service)) {
            warn("last_run.summary of " + sourceName + " counts " + counted.flaggedItems() + " flagged items for "
                + service + ", but its findings list " + emitted);
          }
        });
      }
    } else if (!recomputed.isEmpty()) {
      recomputed.forEach((service, counts) -> stats.put(service, new ServiceStats(counts[0], counts[1], counts[2])));
      warn(sourceName + " has no last_run.summary; per-service counts were recomputed from the findings and the"
          + " *_count keys, as ScoutSuite computes its summary");
    }
    if (stats.isEmpty()) {
      warn(sourceName + " lists no services: nothing was scanned (check the scan's --services and --skip)");
    }
    Instant scannedAt = parseTime();
    List<String> warningList = new ArrayList<>(warnings);
    if (droppedWarnings > 0) {
      warningList.add(droppedWarnings + " more warnings about " + sourceName + " were left out");
    }
    Optional<String> errors = SiblingFiles.errorsFileOf(source.path()).flatMap(SiblingFiles::summarizeErrors);
    errors.ifPresent(warningList::add);
    SiblingFiles.exceptionsFileOf(source.path()).flatMap(SiblingFiles::describeExceptions)
        .ifPresent(warningList::add);
    // an errors file means ScoutSuite could not collect everything: the scan is PARTIAL, in aggregate as in run
    List<RequirementResult> requirementResults = new ArrayList<>(ruleResults.size());
    ruleResults.forEach((ref, status) -> requirementResults.add(new RequirementResult(provider, accountId, ref,
        status, ruleTitles.get(ref))));
    return new ParsedReport(parserName, sourceName, TOOL, version, scannedAt,
        List.of(new AccountStats(provider, accountId, stats)), findings, warningList, errors.orElse(null),
        requirementResults);
  }

  private Instant parseTime() {
    if (time == null) {
      return null;
    }
    try {
      TemporalAccessor parsed = RUN_TIME.parseBest(time.trim(), OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime offsetTime) {
        return offsetTime.toInstant();
      }
      warn("last_run.time '" + time + "' of " + sourceName + " has no UTC offset; read as UTC");
      return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      warn("last_run.time '" + shorten(time) + "' of " + sourceName + " is not a time like 2024-09-28"
          + " 17:13:10+0000; the scan time is unknown");
      return null;
    }
  }

  private void warn(String warning) {
    if (warnings.size() < MAX_WARNINGS || warnings.contains(warning)) {
      warnings.add(warning);
    } else {
      droppedWarnings++;
    }
  }

  private List<ComplianceRef> compliance(JsonParser p, JsonToken value, String where) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (value != JsonToken.START_ARRAY) {
      throw error(p, "an array of {name, version, reference} objects for '" + where + "'", found(p, value));
    }
    List<ComplianceRef> refs = new ArrayList<>();
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.START_OBJECT) {
        throw error(p, "a {name, version, reference} object in '" + where + "'", found(p, token));
      }
      String name = null;
      String versionText = null;
      String reference = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken fieldValue = p.nextToken();
        switch (field) {
          case "name": name = text(p, fieldValue, "'" + where + ".name'"); break;
          case "version": versionText = text(p, fieldValue, "'" + where + ".version'"); break;
          case "reference": reference = text(p, fieldValue, "'" + where + ".reference'"); break;
          default: p.skipChildren(); break;
        }
      }
      if (name != null && reference != null) {
        refs.add(new ComplianceRef(framework(name, versionText), reference));
      }
    }
    return List.copyOf(refs);
  }

  /**
   * Names a framework as secposture's report does: a CIS benchmark ({@code CIS Amazon Web Services Foundations},
   * {@code CIS Microsoft Azure Foundations}, {@code CIS Google Cloud Platform Foundation}) with version
   * {@code 1.2.0} is {@code CIS-1.2}, the key Prowler uses for the same benchmark; any other name keeps its name and
   * version ({@code name version}, or the name alone without a version).
   *
   * @param name the compliance entry's name
   * @param version its version; nullable
   * @return the framework key
   */
  public static String framework(String name, String version) {
    if (version == null || version.isBlank()) {
      return name;
    }
    Matcher cis = CIS_VERSION.matcher(version.trim());
    if (name.startsWith("CIS ") && cis.matches()) {
      return "CIS-" + cis.group(1) + "." + cis.group(2);
    }
    return name + " " + version;
  }

  /** The text of a scalar value; {@code null} for JSON null. */
  private String text(JsonParser p, JsonToken value, String where) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value == null || !value.isScalarValue()) {
      throw error(p, "a string for " + where, found(p, value));
    }
    return p.getText();
  }

  private long count(JsonParser p, JsonToken value, String where) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      long count = p.getLongValue();
      if (count >= 0) {
        return count;
      }
    }
    throw error(p, "a non-negative integer for '" + where + "'", found(p, value));
  }

  private static String found(JsonParser p, JsonToken token) throws IOException {
    if (token == null) {
      return "found the end of the file";
    }
    switch (token) {
      case START_OBJECT: return "found an object";
      case START_ARRAY: return "found an array";
      case VALUE_NULL: return "found null";
      case VALUE_TRUE: case VALUE_FALSE: return "found " + token.asString();
      case VALUE_STRING: return "found the string '" + shorten(p.getText()) + "'";
      case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "found the number " + shorten(p.getText());
      default: return "found " + token;
    }
  }

  private static String shorten(String text) {
    String single = text.replaceAll("\\p{Cntrl}", "?");
    return single.length() > 60 ? single.substring(0, 60) + "..." : single;
  }

  private ReportParseException error(JsonParser p, String expected, String found) {
    JsonLocation location = p.currentTokenLocation();
    if (base == 0) {
      return new ReportParseException(sourceName, location.getLineNr(), location.getColumnNr(), expected, found,
          null);
    }
    return new ReportParseException(sourceName, 0, 0, expected,
        found + " (at byte offset " + (base + location.getByteOffset()) + ")", null);
  }

  private ReportParseException syntaxError(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    boolean truncated = e instanceof JsonEOFException;
    String expected = truncated ? "the rest of the JSON document (the file ends early: is it truncated?)"
        : "well-formed JSON";
    String detail = firstLine(e.getOriginalMessage());
    if (location == null) {
      return new ReportParseException(sourceName, 0, 0, expected, detail, e);
    }
    if (base == 0) {
      return new ReportParseException(sourceName, location.getLineNr(), location.getColumnNr(), expected, detail, e);
    }
    return new ReportParseException(sourceName, 0, 0, expected,
        detail + " (at byte offset " + (base + location.getByteOffset()) + ")", e);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return null;
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** What one rule says about itself. */
  private static final class Rule {
    final String service;
    final String key;
    String description;
    String level;
    String path;
    String displayPath;
    String rationale;
    String remediation;
    long checked = -1;
    long flagged = -1;
    List<ComplianceRef> compliance = List.of();

    Rule(String service, String key) {
      this.service = service;
      this.key = key;
    }
  }

  /** The items of the rule being read, until it ends; reused across rules. */
  private static final class ItemBuffer {
    String[] values = new String[64];
    int size;
    long chars;
    long count;
    boolean overflowed;
    long offset;

    void reset() {
      if (values.length > 4096) {
        values = new String[64];
      } else {
        Arrays.fill(values, 0, size, null);
      }
      size = 0;
      chars = 0;
      count = 0;
      overflowed = false;
      offset = -1;
    }

    void add(String item) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = item;
      chars += item.length();
    }

    void overflow() {
      overflowed = true;
      values = new String[64];
      size = 0;
      chars = 0;
    }
  }
}
