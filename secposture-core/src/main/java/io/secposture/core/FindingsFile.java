package io.secposture.core;

import static io.secposture.core.internal.json.JsonLines.bool;
import static io.secposture.core.internal.json.JsonLines.text;
import static io.secposture.core.internal.json.JsonLines.unexpected;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingSink;
import io.secposture.api.FindingStatus;
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
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes and reads {@code findings.jsonl.gz}: the normalised findings of one scan, one JSON object per line,
 * gzip-compressed. The pipeline writes one per scan beside the scanner's raw output (artifact role
 * {@link io.secposture.api.ArtifactRole#FINDINGS}); run-to-run diffs and external tools ({@code zcat | jq},
 * DuckDB) read them.
 *
 * <p>Each line holds these keys, in this order: {@code tool}, {@code provider}, {@code account_id}, {@code region},
 * {@code service}, {@code rule_id}, {@code title}, {@code severity} (lower case, e.g. {@code high}), {@code status}
 * ({@code fail}, {@code pass} or {@code manual}), {@code muted}, {@code resource_id}, {@code resource_type},
 * {@code description}, {@code remediation}, {@code compliance} (an array of {@code {framework, requirement}}) and
 * {@code fingerprint}. Absent optional values are written as {@code null}. Readers ignore keys they do not know, so
 * later versions may add keys. Optional keys added after the scan, written only when set: {@code first_seen} and
 * {@code reopened_at} (ISO-8601 instants, UTC) and {@code owner}, added when the run is compared with the previous
 * one before publishing, and {@code suppressed_by}, the id of the suppressions file entry that muted the
 * finding ({@link Suppressions}); {@link #readTracked} reads them.
 *
 * <p>Both directions stream with Jackson's streaming API: memory use does not depend on the file size. Several
 * gzip members concatenated form a valid file, so files can be appended to by concatenation.
 *
 * <p>Stateless and thread-safe; each {@link Writer} is used by one thread at a time.
 */
public final class FindingsFile {
  /** The file name the pipeline gives each scan's findings file. */
  public static final String FILE_NAME = "findings.jsonl.gz";
  /** The media type findings files are published with. */
  public static final String MEDIA_TYPE = "application/gzip";

  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(16_000_000).build())
      .build();
  private static final int BUFFER = 64 * 1024;
  /**
   * The buffers of a writer, one per scan: 16 KB keeps deflate's input in large blocks, and a scan of a small account
   * does not zero 128 KB it never fills.
   */
  private static final int WRITE_BUFFER = 16 * 1024;

  private FindingsFile() {
  }

  /**
   * Creates (or replaces) a findings file and returns a sink that appends each finding to it. Close the writer to
   * finish the gzip stream; a file whose writer was not closed is truncated.
   *
   * @param file the file to write
   * @return the writer
   * @throws UncheckedIOException if the file cannot be created
   */
  public static Writer create(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new Writer(file, Files.newOutputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create findings file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a findings file, handing every finding to the sink in file order.
   *
   * @param file the file
   * @param sink receives each finding
   * @return how many findings were read
   * @throws ReportParseException if the file is not a findings file (not gzip, not JSON lines, a required key
   *     missing or a value of the wrong kind), naming the file, line and what was expected; findings before the
   *     problem have been handed to the sink
   * @throws UncheckedIOException if the file cannot be read
   */
  public static long read(Path file, FindingSink sink) {
    Objects.requireNonNull(sink, "sink");
    String source = file.toString();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = JsonLines.gunzip(raw, source, "a gzip-compressed findings file (" + FILE_NAME + ")", BUFFER)) {
      return read(in, source, sink);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read findings file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads uncompressed findings JSON lines from a stream.
   *
   * @param in the JSON lines; not closed
   * @param source what the stream is, for error messages
   * @param sink receives each finding
   * @return how many findings were read
   * @throws ReportParseException if the content is not findings JSON lines
   */
  public static long read(InputStream in, String source, FindingSink sink) {
    return JsonLines.read(JSON, in, source, "findings JSON lines", "finding",
        parser -> sink.accept(readFinding(parser, source)));
  }


  /**
   * Reads a findings file with the tracking fields each line may carry ({@code first_seen}, {@code reopened_at},
   * {@code owner}, {@code suppressed_by}), handing every finding to the consumer in file order. Streams: memory does
   * not depend on the file size.
   *
   * @param file the file
   * @param consumer receives each finding
   * @return how many findings were read
   * @throws ReportParseException if the file is not a findings file, or a tracking field is not a string (or an
   *     instant for the two times), naming the file and line; findings before the problem have been handed over
   * @throws UncheckedIOException if the file cannot be read
   */
  public static long readTracked(Path file, Consumer<? super TrackedFinding> consumer) {
    Objects.requireNonNull(consumer, "consumer");
    try {
      return readTracked(Files.newInputStream(file), file.toString(), consumer);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read findings file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a gzip-compressed findings file from a stream (a published object, say) with the tracking fields, as
   * {@link #readTracked(Path, Consumer)} does. Streams: memory does not depend on the file's size.
   *
   * @param compressed the file's bytes, gzip-compressed; closed once read (or on failure)
   * @param source what it is (a path or an object key), for error messages
   * @param consumer receives each finding
   * @return how many findings were read
   * @throws ReportParseException if the content is not a findings file, naming the source and line; findings before
   *     the problem have been handed over
   * @throws UncheckedIOException if reading fails
   */
  public static long readTracked(InputStream compressed, String source, Consumer<? super TrackedFinding> consumer) {
    Objects.requireNonNull(compressed, "compressed");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(consumer, "consumer");
    try (InputStream raw = compressed;
        InputStream in = JsonLines.gunzip(raw, source, "a gzip-compressed findings file (" + FILE_NAME + ")", BUFFER)) {
      return JsonLines.read(JSON, in, source, "findings JSON lines", "finding", parser -> {
        Tracking tracking = new Tracking();
        Finding finding = readFinding(parser, source, tracking);
        consumer.accept(new TrackedFinding(finding, tracking.firstSeen, tracking.reopenedAt, tracking.owner,
            tracking.suppressedBy));
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read findings file " + source + ": " + e.getMessage(), e);
    }
  }

  /** The tracking fields of one line. */
  private static final class Tracking {
    Instant firstSeen;
    Instant reopenedAt;
    String owner;
    String suppressedBy;

    boolean read(JsonParser parser, String source, String field) throws IOException {
      switch (field) {
        case "first_seen": firstSeen = instant(parser, source, field); return true;
        case "reopened_at": reopenedAt = instant(parser, source, field); return true;
        case "owner": owner = text(parser, source, field); return true;
        case "suppressed_by": suppressedBy = text(parser, source, field); return true;
        default: return false;
      }
    }

    private static Instant instant(JsonParser parser, String source, String field) throws IOException {
      String value = text(parser, source, field);
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw unexpected(source, parser, "an ISO-8601 instant for '" + field + "'");
      }
    }
  }

  private static Finding readFinding(JsonParser parser, String source) throws IOException {
    return readFinding(parser, source, null);
  }

  private static Finding readFinding(JsonParser parser, String source, Tracking tracking) throws IOException {
    long line = parser.currentTokenLocation().getLineNr();
    String tool = null;
    String provider = null;
    String accountId = null;
    String region = null;
    String service = null;
    String ruleId = null;
    String title = null;
    String severity = null;
    String status = null;
    boolean muted = false;
    String resourceId = null;
    String resourceType = null;
    String description = null;
    String remediation = null;
    List<ComplianceRef> compliance = List.of();
    String fingerprint = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "tool": tool = text(parser, source, field); break;
        case "provider": provider = text(parser, source, field); break;
        case "account_id": accountId = text(parser, source, field); break;
        case "region": region = text(parser, source, field); break;
        case "service": service = text(parser, source, field); break;
        case "rule_id": ruleId = text(parser, source, field); break;
        case "title": title = text(parser, source, field); break;
        case "severity": severity = text(parser, source, field); break;
        case "status": status = text(parser, source, field); break;
        case "muted": muted = bool(parser, source, field); break;
        case "resource_id": resourceId = text(parser, source, field); break;
        case "resource_type": resourceType = text(parser, source, field); break;
        case "description": description = text(parser, source, field); break;
        case "remediation": remediation = text(parser, source, field); break;
        case "compliance": compliance = compliance(parser, source); break;
        case "fingerprint": fingerprint = text(parser, source, field); break;
        default:
          if (tracking == null || !tracking.read(parser, source, field)) {
            parser.skipChildren();
          }
          break;
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw unexpected(source, parser, "a key or the end of the finding object");
    }
    Severity parsedSeverity = Severity.parse(severity);
    FindingStatus parsedStatus = status == null ? null : parseStatus(status);
    List<String> missing = new ArrayList<>();
    require(tool, "tool", missing);
    require(provider, "provider", missing);
    require(accountId, "account_id", missing);
    require(service, "service", missing);
    require(ruleId, "rule_id", missing);
    require(title, "title", missing);
    require(fingerprint, "fingerprint", missing);
    if (parsedSeverity == null) {
      missing.add("severity (critical, high, medium, low or informational; got " + quoted(severity) + ")");
    }
    if (parsedStatus == null) {
      missing.add("status (fail, pass or manual; got " + quoted(status) + ")");
    }
    CloudProvider cloud = null;
    if (provider != null) {
      try {
        cloud = CloudProvider.of(provider);
      } catch (IllegalArgumentException e) {
        missing.add("provider (" + e.getMessage() + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new ReportParseException(source, line, 0, "a finding with " + String.join(", ", missing), null, null);
    }
    return new Finding(tool, cloud, accountId, region, service, ruleId, title, parsedSeverity, parsedStatus, muted,
        resourceId, resourceType, description, remediation, compliance, fingerprint);
  }

  private static List<ComplianceRef> compliance(JsonParser parser, String source) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw unexpected(source, parser, "an array for 'compliance'");
    }
    List<ComplianceRef> refs = new ArrayList<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      String framework = null;
      String requirement = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("framework")) {
          framework = text(parser, source, "compliance.framework");
        } else if (field.equals("requirement")) {
          requirement = text(parser, source, "compliance.requirement");
        } else {
          parser.skipChildren();
        }
      }
      if (framework == null || requirement == null) {
        throw unexpected(source, parser, "a compliance entry with 'framework' and 'requirement'");
      }
      refs.add(new ComplianceRef(framework, requirement));
    }
    if (parser.currentToken() != JsonToken.END_ARRAY) {
      throw unexpected(source, parser, "a compliance entry object or the end of the array");
    }
    return refs;
  }


  private static FindingStatus parseStatus(String status) {
    switch (status.toLowerCase(Locale.ROOT)) {
      case "fail": return FindingStatus.FAIL;
      case "pass": return FindingStatus.PASS;
      case "manual": return FindingStatus.MANUAL;
      default: return null;
    }
  }

  private static void require(String value, String name, List<String> missing) {
    if (value == null) {
      missing.add(name);
    }
  }

  private static String quoted(String value) {
    return value == null ? "nothing" : "'" + value + "'";
  }


  /**
   * Streams findings into a findings file. Obtain one from {@link FindingsFile#create(Path)} and close it when done.
   * Not thread-safe.
   */
  public static final class Writer implements FindingSink, AutoCloseable {
    private final Path file;
    private final OutputStream out;
    private final JsonGenerator generator;
    private long count;
    private boolean closed;

    private Writer(Path file, OutputStream raw) throws IOException {
      this.file = file;
      this.out = new GZIPOutputStream(new BufferedOutputStream(raw, WRITE_BUFFER), WRITE_BUFFER);
      this.generator = JSON.createGenerator(out, JsonEncoding.UTF8);
      this.generator.setRootValueSeparator(null);
    }

    /**
     * Appends one finding as one line.
     *
     * @param finding the finding
     * @throws UncheckedIOException if the file cannot be written
     * @throws IllegalStateException if the writer is closed
     */
    @Override
    public void accept(Finding finding) {
      accept(finding, null);
    }

    /**
     * Appends one finding as one line, with the suppression that muted it.
     *
     * @param finding the finding
     * @param suppressedBy the id of the suppressions entry that muted it, written as {@code suppressed_by};
     *     nullable for none
     * @throws UncheckedIOException if the file cannot be written
     * @throws IllegalStateException if the writer is closed
     */
    public void accept(Finding finding, String suppressedBy) {
      if (closed) {
        throw new IllegalStateException("findings file " + file + " is already closed");
      }
      try {
        write(finding, suppressedBy);
        count++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write findings file " + file + ": " + e.getMessage(), e);
      }
    }

    private void write(Finding finding, String suppressedBy) throws IOException {
      JsonGenerator g = generator;
      g.writeStartObject();
      g.writeStringField("tool", finding.tool());
      g.writeStringField("provider", finding.provider().id());
      g.writeStringField("account_id", finding.accountId());
      g.writeStringField("region", finding.region());
      g.writeStringField("service", finding.service());
      g.writeStringField("rule_id", finding.ruleId());
      g.writeStringField("title", finding.title());
      g.writeStringField("severity", finding.severity().name().toLowerCase(Locale.ROOT));
      g.writeStringField("status", finding.status().name().toLowerCase(Locale.ROOT));
      g.writeBooleanField("muted", finding.muted());
      g.writeStringField("resource_id", finding.resourceId());
      g.writeStringField("resource_type", finding.resourceType());
      g.writeStringField("description", finding.description());
      g.writeStringField("remediation", finding.remediation());
      g.writeArrayFieldStart("compliance");
      for (ComplianceRef ref : finding.compliance()) {
        g.writeStartObject();
        g.writeStringField("framework", ref.framework());
        g.writeStringField("requirement", ref.requirement());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("fingerprint", finding.fingerprint());
      if (suppressedBy != null) {
        g.writeStringField("suppressed_by", suppressedBy);
      }
      g.writeEndObject();
      g.writeRaw('\n');
    }

    /**
     * Returns how many findings were written so far.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * Returns the file being written.
     *
     * @return the path
     */
    public Path file() {
      return file;
    }

    /**
     * Finishes the gzip stream and closes the file. Idempotent.
     *
     * @throws UncheckedIOException if the file cannot be completed
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        generator.close();
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot complete findings file " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String toString() {
      return "FindingsFile.Writer[" + file + ", " + count + " findings]";
    }
  }
}
