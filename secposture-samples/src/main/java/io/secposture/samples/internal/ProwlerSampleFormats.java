package io.secposture.samples.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.internal.ProwlerSampleCatalog.Check;
import io.secposture.samples.internal.ProwlerSampleModel.Result;
import io.secposture.samples.internal.ProwlerSampleResources.Resource;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Not public API: writers of Prowler's older and secondary output formats, for tests and benchmarks that need the
 * same made-up scan in every format: the JSON-OCSF rc.3 of 3.x, JSON-ASFF, 3.x native JSON, 2.x JSON lines and CSV,
 * and a compliance CSV. Each follows the field names and layout of the Prowler version that wrote it (see
 * {@code shared/reference/prowler.md}). Not thread-safe.
 */
final class ProwlerSampleFormats {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final DateTimeFormatter ZULU = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

  private ProwlerSampleFormats() {
  }

  /**
   * Refuses a format Prowler never wrote for the provider, before any file is created.
   *
   * @param format the format
   * @param provider the provider id
   * @throws IllegalArgumentException for AWS-only formats of other providers and Prowler 3 formats of Kubernetes
   */
  static void requireSupported(ProwlerSampleWriter.Format format, String provider) {
    switch (format) {
      case ASFF: case JSON_V2: case CSV_V2:
        if (!"aws".equals(provider)) {
          throw new IllegalArgumentException(format + " is AWS only; asked for " + provider);
        }
        break;
      case OCSF_V3: case JSON_V3:
        if ("kubernetes".equals(provider)) {
          throw new IllegalArgumentException("Prowler 3 has no Kubernetes provider; " + format
              + " was asked for kubernetes");
        }
        break;
      default:
        ProwlerSampleCatalog.checks(provider);
    }
  }

  /** Writes results one at a time in one format. */
  interface Emitter extends Closeable {
    void write(Result result) throws IOException;
  }

  static Emitter open(ProwlerSampleWriter.Format format, OutputStream out, ProwlerSampleModel model)
      throws IOException {
    switch (format) {
      case OCSF: {
        ProwlerSampleOcsf ocsf = new ProwlerSampleOcsf(out, model);
        return emitter(ocsf::write, ocsf);
      }
      case CSV: {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        ProwlerSampleCsv csv = new ProwlerSampleCsv(writer, model);
        return emitter(csv::write, csv);
      }
      case OCSF_V3: return new OcsfV3(out, model);
      case ASFF: return new Asff(out, model);
      case JSON_V3: return new JsonV3(out, model);
      case JSON_V2: return new JsonV2(out, model);
      case CSV_V2: return new CsvV2(out, model);
      case COMPLIANCE_CSV: return new ComplianceCsv(out, model);
      default: throw new IllegalArgumentException("unknown format " + format);
    }
  }

  /** A sink that may throw IOException. */
  @FunctionalInterface
  private interface Writing {
    void write(Result result) throws IOException;
  }

  private static Emitter emitter(Writing writing, Closeable closeable) {
    return new Emitter() {
      @Override
      public void write(Result result) throws IOException {
        writing.write(result);
      }

      @Override
      public void close() throws IOException {
        closeable.close();
      }
    };
  }

  private static void requireAws(ProwlerSampleModel model, String format) {
    if (!"aws".equals(model.provider())) {
      throw new IllegalArgumentException(format + " is AWS only; asked for " + model.provider());
    }
  }

  /** A generator laid out as Prowler's json.dumps(indent=4) objects joined by ',' inside '[' and ']'. */
  private static JsonGenerator prowlerArray(OutputStream out) throws IOException {
    JsonGenerator json = JSON.createGenerator(out);
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
        .withArrayEmptySeparator("").withRootSeparator(""));
    printer.indentArraysWith(indenter);
    printer.indentObjectsWith(indenter);
    json.setPrettyPrinter(printer);
    json.writeRaw('[');
    return json;
  }

  private static void strings(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private static String zulu(ProwlerSampleModel model) {
    return ZULU.format(LocalDateTime.ofInstant(model.scannedAt(), ZoneOffset.UTC));
  }

  /** Prowler 3.16 JSON-OCSF: OCSF 1.0.0-rc.3 Security Findings, status Success/Failure/Other/Unknown. */
  private static final class OcsfV3 implements Emitter {
    private final JsonGenerator json;
    private final ProwlerSampleModel model;
    private boolean first = true;

    OcsfV3(OutputStream out, ProwlerSampleModel model) throws IOException {
      if ("kubernetes".equals(model.provider())) {
        throw new IllegalArgumentException("Prowler 3 has no Kubernetes provider");
      }
      this.json = prowlerArray(out);
      this.model = model;
    }

    @Override
    public void write(Result result) throws IOException {
      if (!first) {
        json.writeRaw(',');
      }
      first = false;
      Check check = result.check();
      Resource resource = result.resource();
      boolean allowlisted = result.muted() && "FAIL".equals(result.status());
      String status = "MANUAL".equals(result.status()) ? "Unknown" : allowlisted ? "Other"
          : "FAIL".equals(result.status()) ? "Failure" : "Success";
      int statusId = "Unknown".equals(status) ? 0 : "Other".equals(status) ? 99 : "Failure".equals(status) ? 2 : 1;
      json.writeStartObject();
      json.writeObjectFieldStart("finding");
      json.writeStringField("title", check.title());
      json.writeStringField("desc", check.description());
      json.writeObjectFieldStart("supporting_data");
      json.writeStringField("Risk", check.risk());
      json.writeStringField("Notes", "");
      json.writeEndObject();
      json.writeObjectFieldStart("remediation");
      strings(json, "kb_articles", List.of(check.url()));
      json.writeStringField("desc", check.remediation());
      json.writeEndObject();
      strings(json, "types", List.of());
      json.writeStringField("src_url", check.url());
      json.writeStringField("uid", ProwlerSampleOcsf.findingUid(model.provider(), model.account(), check, resource));
      strings(json, "related_events", List.of());
      json.writeEndObject();
      json.writeArrayFieldStart("resources");
      json.writeStartObject();
      json.writeObjectFieldStart("group");
      json.writeStringField("name", check.service());
      json.writeEndObject();
      json.writeStringField("region", resource.region());
      json.writeStringField("name", resource.name());
      json.writeStringField("uid", resource.uid());
      json.writeArrayFieldStart("labels");
      json.writeEndArray();
      json.writeStringField("type", resource.type());
      json.writeStringField("details", "");
      json.writeEndObject();
      json.writeEndArray();
      json.writeStringField("status_detail", result.statusExtended());
      json.writeObjectFieldStart("compliance");
      json.writeStringField("status", status);
      List<String> requirements = new ArrayList<>();
      for (Map.Entry<String, List<String>> framework : check.compliance().entrySet()) {
        requirements.add(framework.getKey() + ": ['" + String.join("', '", framework.getValue()) + "']");
      }
      strings(json, "requirements", requirements);
      json.writeStringField("status_detail", result.statusExtended());
      json.writeEndObject();
      json.writeStringField("message", result.statusExtended());
      json.writeNumberField("severity_id", "informational".equals(check.severity()) ? 0
          : ProwlerSampleOcsf.severityId(check.severity()));
      json.writeStringField("severity", ProwlerSampleOcsf.capitalize(check.severity()));
      json.writeObjectFieldStart("cloud");
      json.writeObjectFieldStart("account");
      json.writeStringField("name", "");
      json.writeStringField("uid", model.account());
      json.writeEndObject();
      json.writeStringField("region", resource.region());
      json.writeObjectFieldStart("org");
      json.writeStringField("uid", "");
      json.writeStringField("name", "");
      json.writeEndObject();
      json.writeStringField("provider", model.provider());
      json.writeStringField("project_uid", "gcp".equals(model.provider()) ? model.account() : "");
      json.writeEndObject();
      json.writeStringField("time", model.csvTime());
      json.writeObjectFieldStart("metadata");
      json.writeStringField("original_time", model.isoTime());
      strings(json, "profiles", List.of("dev"));
      json.writeObjectFieldStart("product");
      json.writeStringField("language", "en");
      json.writeStringField("name", "Prowler");
      json.writeStringField("version", "3.16.17");
      json.writeStringField("vendor_name", "Prowler/ProwlerPro");
      json.writeObjectFieldStart("feature");
      json.writeStringField("name", check.id());
      json.writeStringField("uid", check.id());
      json.writeStringField("version", "3.16.17");
      json.writeEndObject();
      json.writeEndObject();
      json.writeStringField("version", "1.0.0-rc.3");
      json.writeEndObject();
      json.writeNumberField("state_id", 0);
      json.writeStringField("state", "New");
      json.writeNumberField("status_id", statusId);
      json.writeStringField("status", status);
      json.writeNumberField("type_uid", 200101);
      json.writeStringField("type_name", "Security Finding: Create");
      json.writeNumberField("impact_id", 0);
      json.writeStringField("impact", "Unknown");
      json.writeNumberField("confidence_id", 0);
      json.writeStringField("confidence", "Unknown");
      json.writeNumberField("activity_id", 1);
      json.writeStringField("activity_name", "Create");
      json.writeNumberField("category_uid", 2);
      json.writeStringField("category_name", "Findings");
      json.writeNumberField("class_uid", 2001);
      json.writeStringField("class_name", "Security Finding");
      json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
      json.writeRaw(']');
      json.flush();
    }
  }

  /** Prowler 4/5 JSON-ASFF: MANUAL results are not written, muted ones have Compliance.Status WARNING. */
  private static final class Asff implements Emitter {
    private final JsonGenerator json;
    private final ProwlerSampleModel model;
    private final String time;
    private boolean first = true;

    Asff(OutputStream out, ProwlerSampleModel model) throws IOException {
      requireAws(model, "JSON-ASFF");
      this.json = prowlerArray(out);
      this.model = model;
      this.time = zulu(model);
    }

    @Override
    public void write(Result result) throws IOException {
      if ("MANUAL".equals(result.status())) {
        return;
      }
      if (!first) {
        json.writeRaw(',');
      }
      first = false;
      Check check = result.check();
      Resource resource = result.resource();
      String region = resource.region();
      json.writeStartObject();
      json.writeStringField("SchemaVersion", "2018-10-08");
      json.writeStringField("Id", "prowler-" + check.id() + "-" + model.account() + "-" + region + "-"
          + String.format(Locale.ROOT, "%09x", ProwlerSampleModel.mix(resource.uid().hashCode(), 9) & 0xfffffffffL));
      json.writeStringField("ProductArn", "arn:aws:securityhub:" + region + "::product/prowler/prowler");
      json.writeStringField("RecordState", "ACTIVE");
      json.writeObjectFieldStart("ProductFields");
      json.writeStringField("ProviderName", "Prowler");
      json.writeStringField("ProviderVersion", ProwlerSampleOcsf.PROWLER_VERSION);
      json.writeStringField("ProwlerResourceName", resource.name());
      json.writeEndObject();
      json.writeStringField("GeneratorId", "prowler-" + check.id());
      json.writeStringField("AwsAccountId", model.account());
      strings(json, "Types", List.of("Software and Configuration Checks"));
      json.writeStringField("FirstObservedAt", time);
      json.writeStringField("UpdatedAt", time);
      json.writeStringField("CreatedAt", time);
      json.writeObjectFieldStart("Severity");
      json.writeStringField("Label", check.severity().toUpperCase(Locale.ROOT));
      json.writeEndObject();
      json.writeStringField("Title", check.title());
      json.writeStringField("Description", result.statusExtended());
      json.writeArrayFieldStart("Resources");
      json.writeStartObject();
      json.writeStringField("Type", resource.type());
      json.writeStringField("Id", resource.uid());
      json.writeStringField("Partition", "aws");
      json.writeStringField("Region", region);
      json.writeEndObject();
      json.writeEndArray();
      json.writeObjectFieldStart("Compliance");
      json.writeStringField("Status", result.muted() ? "WARNING" : "FAIL".equals(result.status()) ? "FAILED"
          : "PASSED");
      List<String> requirements = new ArrayList<>();
      for (Map.Entry<String, List<String>> framework : check.compliance().entrySet()) {
        requirements.add(framework.getKey() + " " + String.join(" ", framework.getValue()));
      }
      strings(json, "RelatedRequirements", requirements);
      json.writeArrayFieldStart("AssociatedStandards");
      for (String framework : check.compliance().keySet()) {
        json.writeStartObject();
        json.writeStringField("StandardsId", framework);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeObjectFieldStart("Remediation");
      json.writeObjectFieldStart("Recommendation");
      json.writeStringField("Text", check.remediation());
      json.writeStringField("Url", check.url());
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
      json.writeRaw(']');
      json.flush();
    }
  }

  /** Prowler 3.16 native JSON: Status PASS/FAIL/INFO, WARNING for allowlisted failures. */
  private static final class JsonV3 implements Emitter {
    private final JsonGenerator json;
    private final ProwlerSampleModel model;
    private boolean first = true;

    JsonV3(OutputStream out, ProwlerSampleModel model) throws IOException {
      if ("kubernetes".equals(model.provider())) {
        throw new IllegalArgumentException("Prowler 3 has no Kubernetes provider");
      }
      this.json = prowlerArray(out);
      this.model = model;
    }

    @Override
    public void write(Result result) throws IOException {
      if (!first) {
        json.writeRaw(',');
      }
      first = false;
      Check check = result.check();
      Resource resource = result.resource();
      String provider = model.provider();
      json.writeStartObject();
      json.writeStringField("AssessmentStartTime", model.isoTime());
      json.writeStringField("FindingUniqueId", ProwlerSampleOcsf.findingUid(provider, model.account(), check,
          resource));
      json.writeStringField("Provider", provider);
      json.writeStringField("CheckID", check.id());
      json.writeStringField("CheckTitle", check.title());
      strings(json, "CheckType", List.of());
      json.writeStringField("ServiceName", check.service());
      json.writeStringField("SubServiceName", "");
      json.writeStringField("Status", v3Status(result));
      json.writeStringField("StatusExtended", result.statusExtended());
      json.writeStringField("Severity", check.severity());
      json.writeStringField("ResourceType", resource.type());
      json.writeStringField("ResourceDetails", "");
      json.writeStringField("Description", check.description());
      json.writeStringField("Risk", check.risk());
      json.writeStringField("RelatedUrl", check.url());
      json.writeObjectFieldStart("Remediation");
      json.writeObjectFieldStart("Code");
      json.writeStringField("NativeIaC", "");
      json.writeStringField("Terraform", "");
      json.writeStringField("CLI", "");
      json.writeStringField("Other", "");
      json.writeEndObject();
      json.writeObjectFieldStart("Recommendation");
      json.writeStringField("Text", check.remediation());
      json.writeStringField("Url", check.url());
      json.writeEndObject();
      json.writeEndObject();
      json.writeObjectFieldStart("Compliance");
      for (Map.Entry<String, List<String>> framework : check.compliance().entrySet()) {
        strings(json, framework.getKey(), framework.getValue());
      }
      json.writeEndObject();
      strings(json, "Categories", check.categories());
      strings(json, "DependsOn", List.of());
      strings(json, "RelatedTo", List.of());
      json.writeStringField("Notes", "");
      switch (provider) {
        case "aws":
          json.writeNullField("Profile");
          json.writeStringField("AccountId", model.account());
          json.writeNullField("OrganizationsInfo");
          json.writeStringField("Region", resource.region());
          json.writeStringField("ResourceId", resource.name());
          json.writeStringField("ResourceArn", resource.uid());
          json.writeObjectFieldStart("ResourceTags");
          json.writeEndObject();
          break;
        case "azure":
          json.writeStringField("Tenant_Domain", "contoso.onmicrosoft.com");
          json.writeStringField("Subscription", model.account());
          json.writeStringField("ResourceId", resource.uid());
          json.writeStringField("ResourceName", resource.name());
          break;
        default:
          json.writeStringField("ProjectId", model.account());
          json.writeStringField("ResourceId", resource.uid());
          json.writeStringField("ResourceName", resource.name());
          json.writeStringField("Location", resource.region());
      }
      json.writeEndObject();
    }

    @Override
    public void close() throws IOException {
      json.writeRaw(']');
      json.flush();
    }
  }

  private static String v3Status(Result result) {
    if ("MANUAL".equals(result.status())) {
      return "INFO";
    }
    return result.muted() && "FAIL".equals(result.status()) ? "WARNING" : result.status();
  }

  /** Prowler 2.12 JSON: one compact object per line (jq -c). */
  private static final class JsonV2 implements Emitter {
    private final OutputStream out;
    private final ProwlerSampleModel model;
    private final String time;

    JsonV2(OutputStream out, ProwlerSampleModel model) {
      requireAws(model, "Prowler 2 JSON");
      this.out = out;
      this.model = model;
      this.time = zulu(model);
    }

    @Override
    public void write(Result result) throws IOException {
      Check check = result.check();
      Resource resource = result.resource();
      JsonGenerator json = JSON.createGenerator(out);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeStringField("Profile", "default");
      json.writeStringField("Account Number", model.account());
      json.writeStringField("Control", "[" + check.id() + "] " + check.title());
      json.writeStringField("Message", resource.region() + ": " + result.statusExtended());
      json.writeStringField("Severity", ProwlerSampleOcsf.capitalize(check.severity()));
      json.writeStringField("Status", v3Status(result));
      json.writeStringField("Scored", "");
      json.writeStringField("Level", "");
      json.writeStringField("Control ID", check.id());
      json.writeStringField("Region", resource.region());
      json.writeStringField("Timestamp", time);
      json.writeStringField("Compliance", "ens-op.exp.8.aws." + check.service() + ".1");
      json.writeStringField("Service", check.service());
      json.writeStringField("CAF Epic", "Security");
      json.writeStringField("Risk", check.risk());
      json.writeStringField("Remediation", check.remediation());
      json.writeStringField("Doc link", check.url());
      json.writeStringField("Resource ID", resource.uid());
      json.writeStringField("Account Email", "");
      json.writeStringField("Account Name", "");
      json.writeStringField("Account ARN", "");
      json.writeStringField("Account Organization", "");
      json.writeStringField("Account tags", "");
      json.writeEndObject();
      json.close();
      out.write('\n');
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Prowler 2.12 CSV: ',' separated, commas in values replaced by '--', never quoted. */
  private static final class CsvV2 implements Emitter {
    static final List<String> COLUMNS = List.of("PROFILE", "ACCOUNT_NUM", "REGION", "TITLE_ID", "CHECK_RESULT",
        "ITEM_SCORED", "ITEM_LEVEL", "TITLE_TEXT", "CHECK_RESULT_EXTENDED", "CHECK_ASFF_COMPLIANCE_TYPE",
        "CHECK_SEVERITY", "CHECK_SERVICENAME", "CHECK_ASFF_RESOURCE_TYPE", "CHECK_ASFF_TYPE", "CHECK_RISK",
        "CHECK_REMEDIATION", "CHECK_DOC", "CHECK_CAF_EPIC", "CHECK_RESOURCE_ID", "PROWLER_START_TIME",
        "ACCOUNT_DETAILS_EMAIL", "ACCOUNT_DETAILS_NAME", "ACCOUNT_DETAILS_ARN", "ACCOUNT_DETAILS_ORG",
        "ACCOUNT_DETAILS_TAGS");
    private final Writer out;
    private final ProwlerSampleModel model;
    private final String time;

    CsvV2(OutputStream out, ProwlerSampleModel model) throws IOException {
      requireAws(model, "Prowler 2 CSV");
      this.out = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      this.model = model;
      this.time = zulu(model);
      this.out.write(String.join(",", COLUMNS));
      this.out.write('\n');
    }

    @Override
    public void write(Result result) throws IOException {
      Check check = result.check();
      Resource resource = result.resource();
      String[] values = {"default", model.account(), resource.region(), check.id(), v3Status(result), "Scored",
          "Level 1", "[" + check.id() + "] " + check.title(), result.statusExtended(),
          "ens-op.exp.8.aws." + check.service() + ".1", ProwlerSampleOcsf.capitalize(check.severity()),
          check.service(), resource.type(), "Software and Configuration Checks", check.risk(), check.remediation(),
          check.url(), "Security", resource.uid(), time, "", "", "", "", ""};
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(values[i].replace(",", "--").replace("\n", " "));
      }
      out.write('\n');
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /**
   * A Prowler 5 compliance CSV for the provider's first CIS framework: a row per requirement each result maps to,
   * and a MANUAL row for one requirement no check covers.
   */
  private static final class ComplianceCsv implements Emitter {
    private final ProwlerSampleCsv csv;
    private final ProwlerSampleModel model;
    private final String framework;
    private final String time;

    ComplianceCsv(OutputStream out, ProwlerSampleModel model) throws IOException {
      this.model = model;
      this.framework = "kubernetes".equals(model.provider()) ? "CIS-1.10"
          : "aws".equals(model.provider()) ? "CIS-3.0" : "CIS-2.0";
      this.time = model.csvTime();
      String[] place = place(model.provider());
      this.csv = new ProwlerSampleCsv(new OutputStreamWriter(out, StandardCharsets.UTF_8), model, ';', "PROVIDER",
          "DESCRIPTION", place[0], place[1], "ASSESSMENTDATE", "REQUIREMENTS_ID", "REQUIREMENTS_DESCRIPTION",
          "REQUIREMENTS_ATTRIBUTES_SECTION", "REQUIREMENTS_ATTRIBUTES_PROFILE",
          "REQUIREMENTS_ATTRIBUTES_ASSESSMENTSTATUS", "STATUS", "STATUSEXTENDED", "RESOURCEID", "RESOURCENAME",
          "CHECKID", "MUTED", "FRAMEWORK", "NAME");
    }

    private static String[] place(String provider) {
      switch (provider) {
        case "aws": return new String[] {"ACCOUNTID", "REGION"};
        case "azure": return new String[] {"SUBSCRIPTIONID", "LOCATION"};
        case "gcp": return new String[] {"PROJECTID", "LOCATION"};
        default: return new String[] {"CONTEXT", "NAMESPACE"};
      }
    }

    @Override
    public void write(Result result) throws IOException {
      Check check = result.check();
      Resource resource = result.resource();
      List<String> requirements = check.compliance().get(framework);
      if (requirements == null) {
        return;
      }
      for (String requirement : requirements) {
        csv.row(model.provider(), "The CIS Benchmark provides prescriptive guidance.", model.account(),
            resource.region() != null ? resource.region() : resource.namespace(), time, requirement,
            check.title(), "Section " + requirement.split("\\.")[0], "Level 1", "Automated", result.status(),
            result.statusExtended(), resource.uid(), resource.name(), check.id(), result.muted() ? "True" : "False",
            "CIS", "CIS Benchmark " + framework);
      }
    }

    @Override
    public void close() throws IOException {
      csv.row(model.provider(), "The CIS Benchmark provides prescriptive guidance.", "", "", time, "0.0",
          "Review the benchmark's manual requirements", "Section 0", "Level 1", "Manual", "MANUAL", "Manual check",
          "manual_check", "Manual check", "manual", "False", "CIS", "CIS Benchmark " + framework);
      csv.close();
    }
  }
}
