package io.secposture.exporters.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.secposture.api.AccountSummary;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.Severity;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedFinding.Change;
import io.secposture.core.ExportedRun;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not public API: writes a run's findings as one JSON array of OCSF 1.4 Detection Findings (class 2004), close to
 * what Prowler 5 writes ({@code *.ocsf.json}), streaming: one finding at a time goes from the run's findings files
 * to the file. Timestamps are epoch milliseconds as OCSF defines them, with {@code *_dt} ISO-8601 UTC twins.
 *
 * <p>Mapping: {@code activity_id} 1 Create for new, reopened and first-seen results, 2 Update for unchanged ones, 3
 * Close for resolved ones ({@code type_uid} 200401/200402/200403); {@code status_id} 1 New, 3 Suppressed (muted), 4
 * Resolved; {@code status_code} the result (FAIL, PASS, MANUAL); {@code severity_id} 1 Informational to 5 Critical;
 * {@code finding_info.uid} the stable fingerprint; {@code unmapped} the compliance references (Prowler's shape), the
 * change, owner, suppression, tool and run. Stateless.
 */
public final class OcsfWriter {
  /** The OCSF schema version written. */
  public static final String OCSF_VERSION = "1.4.0";

  private static final JsonFactory JSON = new JsonFactory();

  private OcsfWriter() {
  }

  /**
   * Writes a run's findings.
   *
   * @param run the run
   * @param file the file to write
   * @param includePassed whether passing and manual results are written (muted failures always are)
   * @param includeResolved whether the previous run's findings resolved in this run are written (activity Close)
   * @param productVersion secposture's version, for {@code metadata.product.version}
   * @return how many findings were written
   * @throws UncheckedIOException if the file cannot be written
   */
  public static long write(ExportedRun run, Path file, boolean includePassed, boolean includeResolved,
      String productVersion) {
    Map<String, String> accountNames = new HashMap<>();
    for (AccountSummary row : run.report().accounts()) {
      accountNames.putIfAbsent(row.provider().id() + "/" + row.accountId(), row.name());
    }
    long[] count = {0};
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartArray();
      Context context = new Context(run, accountNames, productVersion, json);
      run.forEachFinding(exported -> {
        if (includePassed || exported.finding().status() == FindingStatus.FAIL) {
          context.write(exported);
          count[0]++;
        }
      });
      if (includeResolved) {
        run.forEachResolved(exported -> {
          context.write(exported);
          count[0]++;
        });
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    return count[0];
  }

  private static final class Context {
    final ExportedRun run;
    final Map<String, String> accountNames;
    final String productVersion;
    final JsonGenerator json;
    final long time;
    final String timeDt;

    Context(ExportedRun run, Map<String, String> accountNames, String productVersion, JsonGenerator json) {
      this.run = run;
      this.accountNames = accountNames;
      this.productVersion = productVersion;
      this.json = json;
      this.time = run.generatedAt().toEpochMilli();
      this.timeDt = run.generatedAt().toString();
    }

    void write(ExportedFinding exported) {
      try {
        writeFinding(exported);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void writeFinding(ExportedFinding exported) throws IOException {
      Finding finding = exported.finding();
      int activity = exported.change() == Change.RESOLVED ? 3 : exported.change() == Change.UNCHANGED ? 2 : 1;
      int status = exported.change() == Change.RESOLVED ? 4 : finding.muted() ? 3 : 1;
      json.writeStartObject();
      json.writeStringField("message", finding.title());
      json.writeObjectFieldStart("metadata");
      json.writeStringField("event_code", finding.ruleId());
      json.writeObjectFieldStart("product");
      json.writeStringField("name", "secposture");
      json.writeStringField("uid", "secposture");
      json.writeStringField("vendor_name", "secposture");
      json.writeStringField("version", productVersion);
      json.writeObjectFieldStart("feature");
      json.writeStringField("name", finding.tool());
      json.writeEndObject();
      json.writeEndObject();
      json.writeArrayFieldStart("profiles");
      json.writeString("cloud");
      json.writeString("datetime");
      json.writeEndArray();
      json.writeStringField("version", OCSF_VERSION);
      json.writeEndObject();
      json.writeNumberField("severity_id", severityId(finding.severity()));
      json.writeStringField("severity", severityName(finding.severity()));
      json.writeStringField("status", status == 4 ? "Resolved" : status == 3 ? "Suppressed" : "New");
      json.writeStringField("status_code", finding.status().name());
      json.writeStringField("status_detail", finding.description() != null ? finding.description() : finding.title());
      json.writeNumberField("status_id", status);
      json.writeStringField("activity_name", activity == 3 ? "Close" : activity == 2 ? "Update" : "Create");
      json.writeNumberField("activity_id", activity);
      json.writeObjectFieldStart("finding_info");
      json.writeStringField("uid", finding.fingerprint());
      json.writeStringField("title", finding.title());
      json.writeStringField("desc", finding.description() != null ? finding.description() : finding.title());
      json.writeStringField("product_uid", finding.tool());
      json.writeArrayFieldStart("types");
      json.writeString(finding.service());
      json.writeEndArray();
      if (exported.firstSeen() != null) {
        json.writeNumberField("created_time", exported.firstSeen().toEpochMilli());
        json.writeStringField("created_time_dt", exported.firstSeen().toString());
        json.writeNumberField("first_seen_time", exported.firstSeen().toEpochMilli());
        json.writeStringField("first_seen_time_dt", exported.firstSeen().toString());
      }
      if (exported.change() != Change.RESOLVED) {
        json.writeNumberField("last_seen_time", time);
        json.writeStringField("last_seen_time_dt", timeDt);
      }
      json.writeObjectFieldStart("analytic");
      json.writeStringField("uid", finding.ruleId());
      json.writeStringField("name", finding.ruleId());
      json.writeStringField("type", "Rule");
      json.writeNumberField("type_id", 1);
      json.writeStringField("category", finding.service());
      json.writeEndObject();
      json.writeEndObject();
      json.writeArrayFieldStart("resources");
      json.writeStartObject();
      String resource = finding.resourceId() != null ? finding.resourceId() : finding.accountId();
      json.writeStringField("uid", resource);
      json.writeStringField("name", resource);
      json.writeStringField("type", finding.resourceType() != null ? finding.resourceType() : "Other");
      if (finding.region() != null) {
        json.writeStringField("region", finding.region());
      }
      String partition = partition(finding);
      if (partition != null) {
        json.writeStringField("cloud_partition", partition);
      }
      json.writeObjectFieldStart("group");
      json.writeStringField("name", finding.service());
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndArray();
      json.writeStringField("category_name", "Findings");
      json.writeNumberField("category_uid", 2);
      json.writeStringField("class_name", "Detection Finding");
      json.writeNumberField("class_uid", 2004);
      writeCloud(finding);
      if (finding.remediation() != null) {
        json.writeObjectFieldStart("remediation");
        json.writeStringField("desc", finding.remediation());
        json.writeEndObject();
      }
      json.writeNumberField("time", time);
      json.writeStringField("time_dt", timeDt);
      json.writeNumberField("type_uid", 200400 + activity);
      json.writeStringField("type_name", "Detection Finding: " + (activity == 3 ? "Close" : activity == 2 ? "Update"
          : "Create"));
      writeUnmapped(exported);
      json.writeEndObject();
    }

    private void writeCloud(Finding finding) throws IOException {
      String provider = finding.provider().id();
      String type;
      int typeId;
      switch (provider) {
        case "aws": type = "AWS Account"; typeId = 10; break;
        case "azure": type = "Azure AD Account"; typeId = 6; break;
        case "gcp": type = "GCP Account"; typeId = 5; break;
        default: type = "Other"; typeId = 99; break;
      }
      json.writeObjectFieldStart("cloud");
      json.writeObjectFieldStart("account");
      json.writeStringField("name", accountNames.getOrDefault(provider + "/" + finding.accountId(),
          finding.accountId()));
      json.writeStringField("type", type);
      json.writeNumberField("type_id", typeId);
      json.writeStringField("uid", finding.accountId());
      json.writeEndObject();
      json.writeStringField("provider", provider);
      if (finding.region() != null) {
        json.writeStringField("region", finding.region());
      }
      json.writeEndObject();
    }

    private void writeUnmapped(ExportedFinding exported) throws IOException {
      Finding finding = exported.finding();
      json.writeObjectFieldStart("unmapped");
      Map<String, List<String>> compliance = new LinkedHashMap<>();
      for (ComplianceRef ref : finding.compliance()) {
        compliance.computeIfAbsent(ref.framework(), key -> new ArrayList<>()).add(ref.requirement());
      }
      json.writeObjectFieldStart("compliance");
      for (Map.Entry<String, List<String>> entry : compliance.entrySet()) {
        json.writeArrayFieldStart(entry.getKey());
        for (String requirement : entry.getValue()) {
          json.writeString(requirement);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
      json.writeStringField("change", exported.change().name().toLowerCase(java.util.Locale.ROOT));
      if (exported.reopenedAt() != null) {
        json.writeStringField("reopened_at", exported.reopenedAt().toString());
      }
      if (exported.owner() != null) {
        json.writeStringField("owner", exported.owner());
      }
      if (exported.suppressedBy() != null) {
        json.writeStringField("suppressed_by", exported.suppressedBy());
      }
      json.writeStringField("tool", finding.tool());
      json.writeStringField("service", finding.service());
      json.writeStringField("provider", finding.provider().id());
      json.writeStringField("provider_uid", finding.accountId());
      json.writeStringField("run_id", run.runId());
      json.writeEndObject();
    }
  }

  private static String partition(Finding finding) {
    if (!finding.provider().id().equals("aws")) {
      return null;
    }
    String resource = finding.resourceId();
    if (resource != null && resource.startsWith("arn:")) {
      int end = resource.indexOf(':', 4);
      return end > 4 ? resource.substring(4, end) : "aws";
    }
    return "aws";
  }

  /**
   * Returns OCSF's severity id.
   *
   * @param severity the severity
   * @return 1 (informational) to 5 (critical)
   */
  static int severityId(Severity severity) {
    switch (severity) {
      case CRITICAL: return 5;
      case HIGH: return 4;
      case MEDIUM: return 3;
      case LOW: return 2;
      default: return 1;
    }
  }

  private static String severityName(Severity severity) {
    String name = severity.name();
    return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
  }
}
