package io.secposture.samples.internal;

import io.secposture.samples.internal.ProwlerSampleCatalog.Check;
import io.secposture.samples.internal.ProwlerSampleModel.Result;
import io.secposture.samples.internal.ProwlerSampleResources.Resource;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Not public API: writes Prowler 5's CSV (44 columns, {@code ;}-separated, upper-case header, {@code \r\n} row ends,
 * fields quoted only when they hold {@code ;}, {@code "} or a line break, as Python's {@code csv.DictWriter} does).
 * Not thread-safe.
 */
final class ProwlerSampleCsv implements Closeable {
  static final List<String> COLUMNS = List.of("AUTH_METHOD", "TIMESTAMP", "ACCOUNT_UID", "ACCOUNT_NAME",
      "ACCOUNT_EMAIL", "ACCOUNT_ORGANIZATION_UID", "ACCOUNT_ORGANIZATION_NAME", "ACCOUNT_TAGS", "FINDING_UID",
      "PROVIDER", "CHECK_ID", "CHECK_TITLE", "CHECK_TYPE", "STATUS", "STATUS_EXTENDED", "MUTED", "SERVICE_NAME",
      "SUBSERVICE_NAME", "SEVERITY", "RESOURCE_TYPE", "RESOURCE_UID", "RESOURCE_NAME", "RESOURCE_DETAILS",
      "RESOURCE_TAGS", "PARTITION", "REGION", "DESCRIPTION", "RISK", "RELATED_URL",
      "REMEDIATION_RECOMMENDATION_TEXT", "REMEDIATION_RECOMMENDATION_URL", "REMEDIATION_CODE_NATIVEIAC",
      "REMEDIATION_CODE_TERRAFORM", "REMEDIATION_CODE_CLI", "REMEDIATION_CODE_OTHER", "COMPLIANCE", "CATEGORIES",
      "DEPENDS_ON", "RELATED_TO", "NOTES", "PROWLER_VERSION", "ADDITIONAL_URLS", "ACCOUNT_OU_UID",
      "ACCOUNT_OU_NAME");

  private final Writer out;
  private final ProwlerSampleModel model;
  private final char delimiter;
  private final String time;

  ProwlerSampleCsv(Writer out, ProwlerSampleModel model) throws IOException {
    this(out, model, ';');
  }

  ProwlerSampleCsv(Writer out, ProwlerSampleModel model, char delimiter) throws IOException {
    this(out, model, delimiter, COLUMNS.toArray(new String[0]));
  }

  /** A writer with another header, for the other CSV layouts; {@link #write} is then not meaningful. */
  ProwlerSampleCsv(Writer out, ProwlerSampleModel model, char delimiter, String... header) throws IOException {
    this.out = out;
    this.model = model;
    this.delimiter = delimiter;
    this.time = model.csvTime();
    row(header);
  }

  /**
   * Writes one result as a row.
   *
   * @param result the result
   * @throws IOException if writing fails
   */
  void write(Result result) throws IOException {
    Check check = result.check();
    Resource resource = result.resource();
    String provider = model.provider();
    boolean kubernetes = "kubernetes".equals(provider);
    row(authMethod(provider), time, model.account(), kubernetes ? "context: " + model.account() : "", "", "", "",
        "", ProwlerSampleOcsf.findingUid(provider, model.account(), check, resource), provider, check.id(),
        check.title(), "", result.status(), result.statusExtended(), result.muted() ? "True" : "False",
        check.service(), "", check.severity(), resource.type(), resource.uid(), resource.name(), "",
        "team=platform", kubernetes ? "" : provider,
        kubernetes ? "namespace: " + resource.namespace() : resource.region(), check.description(), check.risk(),
        check.url(), check.remediation(), check.url(), "", "", "", "", compliance(check.compliance()),
        String.join(" | ", check.categories()), "", "", "", ProwlerSampleOcsf.PROWLER_VERSION, check.url(), "", "");
  }

  /** {@code CIS-3.0: 1.5, 1.6 | ISO27001-2013: A.9.4.2}, as Prowler's {@code unroll_dict} writes it. */
  static String compliance(Map<String, List<String>> compliance) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, List<String>> framework : compliance.entrySet()) {
      if (text.length() > 0) {
        text.append(" | ");
      }
      text.append(framework.getKey()).append(": ").append(String.join(", ", framework.getValue()));
    }
    return text.toString();
  }

  private static String authMethod(String provider) {
    switch (provider) {
      case "aws": return "profile: default";
      case "azure": return "Service Principal: 6d1f2c3e-0000-4000-8000-00000000beef";
      case "gcp": return "Principal: prowler-scanner@secposture-audit.iam.gserviceaccount.com";
      default: return "kubeconfig";
    }
  }

  void row(String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(delimiter);
      }
      field(fields[i]);
    }
    out.write("\r\n");
  }

  private void field(String value) throws IOException {
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.write(value);
      return;
    }
    out.write('"');
    out.write(value.replace("\"", "\"\""));
    out.write('"');
  }

  /** Flushes; does not close the underlying writer. */
  @Override
  public void close() throws IOException {
    out.flush();
  }
}
