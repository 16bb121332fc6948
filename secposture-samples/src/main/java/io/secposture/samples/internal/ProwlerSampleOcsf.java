package io.secposture.samples.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.secposture.samples.internal.ProwlerSampleCatalog.Check;
import io.secposture.samples.internal.ProwlerSampleModel.Result;
import io.secposture.samples.internal.ProwlerSampleResources.Resource;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: writes Prowler 5 JSON-OCSF (an array of OCSF 1.5 Detection Findings) one finding at a time, laid
 * out as Prowler lays it out: {@code [} + each finding indented by four spaces + {@code ,} ... + {@code ]}. Fields and
 * their order follow {@code prowler/lib/outputs/ocsf/ocsf.py} of Prowler 5.20+. Not thread-safe.
 */
final class ProwlerSampleOcsf implements Closeable {
  static final String PROWLER_VERSION = "5.20.1";
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final JsonGenerator json;
  private final ProwlerSampleModel model;
  private final String time;
  private final long epoch;
  private final String scanId;
  private boolean first = true;

  ProwlerSampleOcsf(OutputStream out, ProwlerSampleModel model) throws IOException {
    this.model = model;
    this.json = JSON.createGenerator(out);
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("")
        .withRootSeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentArraysWith(indenter);
    printer.indentObjectsWith(indenter);
    json.setPrettyPrinter(printer);
    this.time = model.isoTime();
    this.epoch = model.scannedAt().getEpochSecond();
    this.scanId = model.scanId();
    json.writeRaw('[');
  }

  /**
   * Writes one finding.
   *
   * @param result the result
   * @throws IOException if writing fails
   */
  void write(Result result) throws IOException {
    if (!first) {
      json.writeRaw(',');
    }
    first = false;
    Check check = result.check();
    Resource resource = result.resource();
    String provider = model.provider();
    boolean kubernetes = "kubernetes".equals(provider);
    json.writeStartObject();
    json.writeStringField("message", result.statusExtended());
    json.writeObjectFieldStart("metadata");
    json.writeStringField("event_code", check.id());
    json.writeObjectFieldStart("product");
    json.writeStringField("name", "Prowler");
    json.writeStringField("uid", "prowler");
    json.writeStringField("vendor_name", "Prowler");
    json.writeStringField("version", PROWLER_VERSION);
    json.writeEndObject();
    json.writeArrayFieldStart("profiles");
    json.writeString(kubernetes ? "container" : "cloud");
    json.writeString("datetime");
    json.writeEndArray();
    json.writeStringField("tenant_uid", "");
    json.writeStringField("version", "1.5.0");
    json.writeEndObject();
    json.writeNumberField("severity_id", severityId(check.severity()));
    json.writeStringField("severity", capitalize(check.severity()));
    json.writeStringField("status", result.muted() ? "Suppressed" : "New");
    json.writeStringField("status_code", result.status());
    json.writeStringField("status_detail", result.statusExtended());
    json.writeNumberField("status_id", result.muted() ? 3 : 1);
    json.writeObjectFieldStart("unmapped");
    json.writeStringField("related_url", check.url());
    stringArray("categories", check.categories());
    stringArray("depends_on", List.of());
    stringArray("related_to", List.of());
    stringArray("additional_urls", List.of(check.url()));
    json.writeStringField("notes", "");
    json.writeObjectFieldStart("compliance");
    for (Map.Entry<String, List<String>> framework : check.compliance().entrySet()) {
      stringArray(framework.getKey(), framework.getValue());
    }
    json.writeEndObject();
    json.writeStringField("scan_id", scanId);
    json.writeStringField("provider_uid", model.account());
    json.writeStringField("provider", provider);
    json.writeEndObject();
    json.writeStringField("activity_name", "Create");
    json.writeNumberField("activity_id", 1);
    json.writeObjectFieldStart("finding_info");
    json.writeNumberField("created_time", epoch);
    json.writeStringField("created_time_dt", time);
    json.writeStringField("desc", check.description());
    json.writeStringField("name", resource.name());
    json.writeStringField("title", check.title());
    stringArray("types", List.of());
    json.writeStringField("uid", findingUid(provider, model.account(), check, resource));
    json.writeEndObject();
    json.writeArrayFieldStart("resources");
    json.writeStartObject();
    if (!kubernetes) {
      json.writeStringField("cloud_partition", provider);
      json.writeStringField("region", resource.region());
    }
    json.writeObjectFieldStart("data");
    json.writeStringField("details", "");
    json.writeObjectFieldStart("metadata");
    json.writeStringField(kubernetes ? "uid" : "id", resource.uid());
    json.writeStringField("name", resource.name());
    if (kubernetes) {
      json.writeStringField("namespace", resource.namespace());
    } else {
      json.writeStringField("region", resource.region());
    }
    json.writeStringField("type", resource.type());
    json.writeArrayFieldStart("tags");
    json.writeStartObject();
    json.writeStringField("Key", "team");
    json.writeStringField("Value", "platform");
    json.writeEndObject();
    json.writeEndArray();
    json.writeEndObject();
    json.writeEndObject();
    json.writeObjectFieldStart("group");
    json.writeStringField("name", check.service());
    json.writeEndObject();
    stringArray("labels", List.of("team:platform"));
    json.writeStringField("name", resource.name());
    if (kubernetes) {
      json.writeStringField("namespace", resource.namespace());
    }
    json.writeStringField("type", resource.type());
    json.writeStringField("uid", resource.uid());
    json.writeEndObject();
    json.writeEndArray();
    json.writeStringField("category_name", "Findings");
    json.writeNumberField("category_uid", 2);
    json.writeStringField("class_name", "Detection Finding");
    json.writeNumberField("class_uid", 2004);
    if (!kubernetes) {
      json.writeObjectFieldStart("cloud");
      json.writeObjectFieldStart("account");
      json.writeStringField("name", "");
      json.writeStringField("type", accountType(provider));
      json.writeNumberField("type_id", accountTypeId(provider));
      json.writeStringField("uid", model.account());
      stringArray("labels", List.of());
      json.writeEndObject();
      json.writeObjectFieldStart("org");
      json.writeStringField("name", "");
      json.writeStringField("uid", "");
      json.writeEndObject();
      json.writeStringField("provider", provider);
      json.writeStringField("region", resource.region());
      json.writeEndObject();
    }
    json.writeObjectFieldStart("remediation");
    json.writeStringField("desc", check.remediation());
    stringArray("references", List.of(check.url()));
    json.writeEndObject();
    json.writeStringField("risk_details", check.risk());
    json.writeNumberField("time", epoch);
    json.writeStringField("time_dt", time);
    json.writeNumberField("type_uid", 200401);
    json.writeStringField("type_name", "Detection Finding: Create");
    json.writeEndObject();
  }

  private void stringArray(String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  /** Writes the closing bracket and flushes; does not close the underlying stream. */
  @Override
  public void close() throws IOException {
    json.writeRaw(']');
    json.flush();
  }

  /** {@code prowler-<provider>-<CheckID>-<account>-<region>-<resource name>}, as Prowler builds it. */
  static String findingUid(String provider, String account, Check check, Resource resource) {
    String region = resource.region() != null ? resource.region() : resource.namespace();
    return "prowler-" + provider + "-" + check.id() + "-" + account + "-" + region + "-" + resource.name();
  }

  static int severityId(String severity) {
    switch (severity) {
      case "critical": return 5;
      case "high": return 4;
      case "medium": return 3;
      case "low": return 2;
      default: return 1;
    }
  }

  static String capitalize(String text) {
    return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
  }

  private static String accountType(String provider) {
    switch (provider) {
      case "aws": return "AWS Account";
      case "azure": return "Azure AD Account";
      case "gcp": return "GCP Account";
      default: return "Other";
    }
  }

  private static int accountTypeId(String provider) {
    switch (provider) {
      case "aws": return 10;
      case "azure": return 6;
      case "gcp": return 5;
      default: return 99;
    }
  }
}
