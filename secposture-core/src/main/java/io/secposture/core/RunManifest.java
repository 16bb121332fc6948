package io.secposture.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.CloudProvider;
import io.secposture.api.ReportParseException;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How every scan of a run ended and which files it left, published as {@code runs/<run-id>/manifest.json}: the
 * record an operator reads when an account is missing from the report.
 *
 * <p>JSON shape (snake_case; optional values are {@code null}):
 * <pre>{@code
 * { "schema_version": 1, "run_id": "...", "started_at": "2026-11-22T02:00:00Z", "finished_at": "...",
 *   "cancelled": false,
 *   "scans": [ { "provider": "aws", "account_id": "123456789012", "name": "prod", "scanner": "scoutsuite",
 *                "status": "FAILED", "exit_code": 101, "reason": "...", "started_at": "...",
 *                "duration_seconds": 12.345, "warnings": [], "log_tail": ["..."],
 *                "artifacts": ["runs/<run-id>/aws/123456789012/scoutsuite/..."] } ],
 *   "inputs": [ { "source": "...", "scan": "aws/123456789012/scoutsuite", "parser": "scoutsuite",
 *                 "findings": 356, "failure": null },
 *               { "source": ".../x.csv", "scan": null, "parser": "prowler-csv", "findings": 0, "failure": null,
 *                 "skipped": "same run as .../x.ocsf.json, not counted" } ] }
 * }</pre>
 * Log tails and reasons are redacted before they get here. Durations are kept to the millisecond.
 *
 * <p>The pipeline builds one per run (and per aggregation of files) and stages it with the run's files; tools that
 * look at past runs read it back with {@link #read(InputStream, String)}. Instances are immutable and thread-safe.
 *
 * @param schemaVersion the manifest format version, {@value #SCHEMA_VERSION}
 * @param runId the run id
 * @param startedAt when the run started
 * @param finishedAt when it finished
 * @param cancelled true if the run was cancelled before every scan ran
 * @param scans one entry per scan, in the order the run planned them
 * @param inputs one entry per results file parsed (or that failed to parse), in order
 */
public record RunManifest(int schemaVersion, String runId, Instant startedAt, Instant finishedAt, boolean cancelled,
    List<Scan> scans, List<Input> inputs) {

  /** The manifest format version this library writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Reads manifests: only a tree is read, so the plain mapper, built on the first read (a run never reads one). */
  private static final class Reader {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /**
   * The JSON factory of {@link #write}: a streaming generator rather than a data-binding mapper, whose bean
   * introspection cost every run half a second of CPU for one small file.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  /** Validates the components and copies the lists. */
  public RunManifest {
    ScanRequest.requireRunId(runId);
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    scans = List.copyOf(scans);
    inputs = List.copyOf(inputs);
  }

  /**
   * One scan of the manifest.
   *
   * @param provider the cloud
   * @param accountId the account id
   * @param name the account's display name
   * @param scanner the scanner name
   * @param status how the scan ended
   * @param exitCode the scanner's exit code; nullable
   * @param reason why it did not succeed; nullable
   * @param startedAt when it started
   * @param duration how long it ran, to the millisecond
   * @param warnings problems that did not stop it
   * @param logTail the last lines the scanner wrote, redacted
   * @param artifacts the published keys of its files, relative to the site root
   */
  public record Scan(CloudProvider provider, String accountId, String name, String scanner, ScanStatus status,
      Integer exitCode, String reason, Instant startedAt, Duration duration, List<String> warnings,
      List<String> logTail, List<String> artifacts) {

    /** Validates the components and copies the lists. */
    public Scan {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(scanner, "scanner");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(startedAt, "startedAt");
      duration = Duration.ofMillis(Objects.requireNonNull(duration, "duration").toMillis());
      warnings = List.copyOf(warnings);
      logTail = List.copyOf(logTail);
      artifacts = List.copyOf(artifacts);
    }

    /**
     * Returns the entry for a scan result.
     *
     * @param result the result
     * @param artifactKeys the published keys of its files
     * @return the entry
     */
    public static Scan of(ScanResult result, List<String> artifactKeys) {
      return new Scan(result.account().provider(), result.account().id(), result.account().name(), result.scanner(),
          result.status(), result.exitCode(), result.reason(), result.startedAt(), result.duration(),
          result.warnings(), result.logTail(), artifactKeys);
    }

    /**
     * Returns the key of the scan: {@code provider/accountId/scanner}.
     *
     * @return the key
     */
    public String key() {
      return provider.id() + "/" + accountId + "/" + scanner;
    }
  }

  /**
   * One results file the run parsed or tried to.
   *
   * @param source the file as the user knows it (its published key, or the path given to the aggregate command)
   * @param scan the key of the scan that wrote it ({@code provider/accountId/scanner}); nullable for files given
   *     to the aggregate command
   * @param parser the parser that read it; nullable when no parser accepted it
   * @param findings how many findings it held; 0 when it failed
   * @param failure why it could not be parsed; nullable when it was parsed
   * @param skipped why it was deliberately not counted although nothing failed: another file of the same scanner
   *     run was counted instead ({@code same run as <source>, not counted}), or it is a symbolic link that was not
   *     followed; nullable when it was counted (or failed). A skipped input contributes 0 findings
   */
  public record Input(String source, String scan, String parser, long findings, String failure, String skipped) {
    /** Validates the components. */
    public Input {
      Objects.requireNonNull(source, "source");
      if (findings < 0) {
        throw new IllegalArgumentException("findings must not be negative");
      }
    }

    /**
     * Creates the entry of a file that was parsed, or failed to be.
     *
     * @param source the file as the user knows it
     * @param scan the key of the scan that wrote it; nullable
     * @param parser the parser that read it; nullable
     * @param findings how many findings it held
     * @param failure why it could not be parsed; nullable
     */
    public Input(String source, String scan, String parser, long findings, String failure) {
      this(source, scan, parser, findings, failure, null);
    }
  }

  /**
   * Writes the manifest as pretty-printed JSON.
   *
   * @param out where to write; not closed
   * @throws UncheckedIOException if writing fails
   */
  public void write(OutputStream out) {
    // the JSON shape above: snake_case keys in component order, instants as ISO-8601 text, a scan's duration as
    // seconds with three decimals, an input's skipped only when set, every other null written
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("schema_version", schemaVersion);
      g.writeStringField("run_id", runId);
      g.writeStringField("started_at", startedAt.toString());
      g.writeStringField("finished_at", finishedAt.toString());
      g.writeBooleanField("cancelled", cancelled);
      g.writeArrayFieldStart("scans");
      for (Scan scan : scans) {
        g.writeStartObject();
        g.writeStringField("provider", scan.provider().id());
        g.writeStringField("account_id", scan.accountId());
        g.writeStringField("name", scan.name());
        g.writeStringField("scanner", scan.scanner());
        g.writeStringField("status", scan.status().name());
        if (scan.exitCode() == null) {
          g.writeNullField("exit_code");
        } else {
          g.writeNumberField("exit_code", scan.exitCode().intValue());
        }
        g.writeStringField("reason", scan.reason());
        g.writeStringField("started_at", scan.startedAt().toString());
        g.writeFieldName("duration_seconds");
        g.writeNumber(BigDecimal.valueOf(scan.duration().toMillis(), 3));
        writeStrings(g, "warnings", scan.warnings());
        writeStrings(g, "log_tail", scan.logTail());
        writeStrings(g, "artifacts", scan.artifacts());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("inputs");
      for (Input input : inputs) {
        g.writeStartObject();
        g.writeStringField("source", input.source());
        g.writeStringField("scan", input.scan());
        g.writeStringField("parser", input.parser());
        g.writeNumberField("findings", input.findings());
        g.writeStringField("failure", input.failure());
        if (input.skipped() != null) {
          g.writeStringField("skipped", input.skipped());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.flush();
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest of run " + runId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the manifest as UTF-8 JSON.
   *
   * @return the bytes
   */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out);
    return out.toByteArray();
  }

  /**
   * Reads a manifest written by {@link #write(OutputStream)}; unknown keys are ignored.
   *
   * @param in the JSON; not closed
   * @param source what it is, for error messages
   * @return the manifest
   * @throws ReportParseException if it is not a manifest, naming the source and what was expected
   */
  public static RunManifest read(InputStream in, String source) {
    JsonNode root;
    try {
      root = Reader.JSON.readTree(in);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new ReportParseException(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
          "a run manifest (JSON)", e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
    try {
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("the document is not a JSON object");
      }
      int version = root.path("schema_version").asInt(0);
      if (version < 1 || version > SCHEMA_VERSION) {
        throw new IllegalArgumentException("schema_version " + root.path("schema_version")
            + " is not supported; this library reads version " + SCHEMA_VERSION);
      }
      List<Scan> scans = new ArrayList<>();
      for (JsonNode scan : root.path("scans")) {
        scans.add(new Scan(CloudProvider.of(required(scan, "provider")), required(scan, "account_id"),
            required(scan, "name"), required(scan, "scanner"), ScanStatus.valueOf(required(scan, "status")),
            scan.path("exit_code").isIntegralNumber() ? scan.path("exit_code").intValue() : null,
            optional(scan, "reason"), Instant.parse(required(scan, "started_at")),
            Duration.ofMillis(scan.path("duration_seconds").decimalValue().movePointRight(3).longValue()),
            list(scan, "warnings"), list(scan, "log_tail"), list(scan, "artifacts")));
      }
      List<Input> inputs = new ArrayList<>();
      for (JsonNode input : root.path("inputs")) {
        inputs.add(new Input(required(input, "source"), optional(input, "scan"), optional(input, "parser"),
            input.path("findings").asLong(0), optional(input, "failure"), optional(input, "skipped")));
      }
      return new RunManifest(version, required(root, "run_id"), Instant.parse(required(root, "started_at")),
          Instant.parse(required(root, "finished_at")), root.path("cancelled").asBoolean(false), scans, inputs);
    } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
      throw new ReportParseException(source, "a run manifest with schema_version " + SCHEMA_VERSION,
          e.getMessage());
    }
  }

  private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
    g.writeArrayFieldStart(field);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  private static String required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not a string");
    }
    return value.textValue();
  }

  private static String optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> list(JsonNode node, String field) {
    List<String> values = new ArrayList<>();
    node.path(field).forEach(value -> values.add(value.asText()));
    return values;
  }
}
