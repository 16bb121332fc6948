package io.secposture.prowler.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Not public API: the Prowler output formats, and how to tell them apart from the first bytes of a file.
 *
 * <p>Detection looks at content, never at the extension alone: the first line of a CSV (its header), or the keys of
 * the first JSON object (read with a streaming parser over the head, which may end in the middle of the object;
 * what was read so far decides). The file name only breaks the tie for an empty JSON array, which every JSON format
 * writes when there is nothing to report. Stateless.
 */
public enum ProwlerFormat {
  /** JSON-OCSF of Prowler 4.x and 5.x: an array of OCSF Detection Findings (class 2004). */
  OCSF,
  /** JSON-OCSF of Prowler 3.6-3.16: an array of OCSF 1.0.0-rc.3 Security Findings (class 2001). */
  OCSF_V3,
  /** JSON-ASFF: an array (v3+) or one object per line (v2) of AWS Security Finding Format findings. */
  ASFF,
  /** Native JSON of Prowler 3.x: an array of objects with {@code CheckID}, {@code Status}, ... */
  JSON_V3,
  /** JSON of Prowler 2.x: one object per line with {@code Account Number}, {@code Control}, ... */
  JSON_V2,
  /**
   * CSV of Prowler 3.x, 4.x and 5.x: {@code ;}-separated, header {@code AUTH_METHOD;...} (v4/v5) or
   * {@code ASSESSMENT_START_TIME;...} (v3).
   */
  CSV,
  /** CSV of Prowler 2.x: {@code ,}-separated, header {@code PROFILE,ACCOUNT_NUM,...}. */
  CSV_V2,
  /**
   * A compliance CSV of Prowler 3.x-5.x ({@code compliance/<name>_<framework>.csv}): header
   * {@code PROVIDER;DESCRIPTION;...}.
   */
  COMPLIANCE_CSV;

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final int MAX_DEPTH = 3;

  /**
   * Parses a file in this format, streaming its findings to the sink.
   *
   * @param source the file
   * @param sink receives each finding
   * @param parser the name of the calling parser, recorded in the report
   * @return the counts per account and service, and what the file says about the scan
   * @throws io.secposture.api.ReportParseException if the file is not valid in this format
   */
  public ParsedReport parse(ReportSource source, FindingSink sink, String parser) {
    switch (this) {
      case OCSF: return OcsfReader.read(source, sink, parser);
      case OCSF_V3: return OcsfV3Reader.read(source, sink, parser);
      case ASFF: return AsffReader.read(source, sink, parser);
      case JSON_V3: return JsonV3Reader.read(source, sink, parser);
      case JSON_V2: return JsonV2Reader.read(source, sink, parser);
      case CSV: return CsvReader.read(source, sink, parser);
      case CSV_V2: return CsvV2Reader.read(source, sink, parser);
      case COMPLIANCE_CSV: return ComplianceCsvReader.read(source, sink, parser);
      default: throw new IllegalStateException("no reader for " + this);
    }
  }

  /**
   * Reads a compliance CSV's requirement results and titles, without findings, for
   * {@link io.secposture.api.ReportParser#sameRunRequirements}.
   *
   * @param source the file
   * @return the results, one per account, framework, requirement and status
   * @throws io.secposture.api.ReportParseException if the file is not a compliance CSV
   */
  public static java.util.List<io.secposture.api.RequirementResult> complianceRequirements(ReportSource source) {
    return ComplianceCsvReader.requirements(source);
  }

  /**
   * Tells which Prowler format a file is in.
   *
   * @param source the file
   * @return the format, or null when it is none of them (or cannot be read)
   */
  public static ProwlerFormat sniff(ReportSource source) {
    byte[] head;
    try {
      head = source.head();
    } catch (UncheckedIOException e) {
      return null;
    }
    int start = 0;
    if (head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
      start = 3;
    }
    while (start < head.length && isWhitespace(head[start])) {
      start++;
    }
    if (start == head.length) {
      return null;
    }
    byte first = head[start];
    if (first == '[' || first == '{') {
      return sniffJson(head, start, source.fileName().toLowerCase(Locale.ROOT));
    }
    if (first >= 'A' && first <= 'Z') {
      return sniffCsv(firstLine(head, start));
    }
    return null;
  }

  private static ProwlerFormat sniffCsv(String header) {
    String[] delimiters = {";", ","};
    for (String d : delimiters) {
      if (header.startsWith("AUTH_METHOD" + d) || header.startsWith("ASSESSMENT_START_TIME" + d)) {
        return header.contains(d + "CHECK_ID" + d) && header.contains(d + "STATUS" + d) ? CSV : null;
      }
      if (header.startsWith("PROFILE" + d + "ACCOUNT_NUM" + d)) {
        return header.contains(d + "CHECK_RESULT" + d) ? CSV_V2 : null;
      }
      if (header.startsWith("PROVIDER" + d + "DESCRIPTION" + d)) {
        return header.contains(d + "REQUIREMENTS_ID" + d) && header.contains(d + "STATUS" + d)
            && header.contains(d + "CHECKID") ? COMPLIANCE_CSV : null;
      }
    }
    return null;
  }

  private static ProwlerFormat sniffJson(byte[] head, int start, String fileName) {
    Clues clues = new Clues();
    boolean array;
    try (JsonParser parser = JSON.createParser(head, start, head.length - start)) {
      JsonToken token = parser.nextToken();
      array = token == JsonToken.START_ARRAY;
      if (array) {
        token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
          return emptyArray(fileName);
        }
      }
      if (token != JsonToken.START_OBJECT) {
        return null;
      }
      clues.read(parser, "", 0);
    } catch (IOException e) {
      // the head ended inside the first object, or the JSON is malformed further on: decide on what was read
      array = head[start] == '[';
    }
    return array ? clues.arrayFormat() : clues.objectFormat();
  }

  private static ProwlerFormat emptyArray(String fileName) {
    if (fileName.endsWith(".ocsf.json")) {
      return OCSF;
    }
    if (fileName.endsWith(".asff.json")) {
      return ASFF;
    }
    return fileName.endsWith(".json") ? JSON_V3 : null;
  }

  private static String firstLine(byte[] head, int start) {
    int end = start;
    while (end < head.length && head[end] != '\n' && head[end] != '\r') {
      end++;
    }
    return new String(head, start, end - start, StandardCharsets.UTF_8);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** What the first object of a file says about its format. */
  private static final class Clues {
    final Set<String> keys = new HashSet<>();
    String classUid;
    String productName;
    String metadataVersion;
    String findingInfoUid;
    String findingUid;
    String productArn;
    String generatorId;
    String providerName;

    void read(JsonParser parser, String prefix, int depth) throws IOException {
      String name;
      while ((name = parser.nextFieldName()) != null) {
        String path = prefix.isEmpty() ? name : prefix + "." + name;
        JsonToken value = parser.nextToken();
        if (depth == 0) {
          keys.add(name);
        }
        if (value == JsonToken.START_OBJECT && depth < MAX_DEPTH) {
          read(parser, path, depth + 1);
        } else if (value != null && value.isScalarValue()) {
          remember(path, parser.getText());
        } else {
          parser.skipChildren();
        }
      }
    }

    private void remember(String path, String text) {
      switch (path) {
        case "class_uid": classUid = text; break;
        case "metadata.product.name": productName = text; break;
        case "metadata.version": metadataVersion = text; break;
        case "finding_info.uid": findingInfoUid = text; break;
        case "finding.uid": findingUid = text; break;
        case "ProductArn": productArn = text; break;
        case "GeneratorId": generatorId = text; break;
        case "ProductFields.ProviderName": providerName = text; break;
        default: break;
      }
    }

    ProwlerFormat arrayFormat() {
      if (keys.contains("finding_info") || keys.contains("status_code")) {
        boolean detection = classUid == null || "2004".equals(classUid);
        boolean prowler = "prowler".equalsIgnoreCase(productName)
            || (productName == null && findingInfoUid != null && findingInfoUid.startsWith("prowler-"));
        return detection && prowler ? OCSF : null;
      }
      if (keys.contains("finding")) {
        boolean rc3 = "2001".equals(classUid) || (metadataVersion != null && metadataVersion.startsWith("1.0.0-rc"));
        boolean prowler = "prowler".equalsIgnoreCase(productName)
            || (findingUid != null && findingUid.startsWith("prowler-"));
        return rc3 && prowler ? OCSF_V3 : null;
      }
      if (isProwlerAsff()) {
        return ASFF;
      }
      if (keys.contains("CheckID") && keys.contains("Status")
          && (keys.contains("FindingUniqueId") || keys.contains("AssessmentStartTime"))) {
        return JSON_V3;
      }
      return null;
    }

    ProwlerFormat objectFormat() {
      if (keys.contains("Account Number") && keys.contains("Control") && keys.contains("Status")) {
        return JSON_V2;
      }
      return isProwlerAsff() ? ASFF : null;
    }

    private boolean isProwlerAsff() {
      return keys.contains("SchemaVersion") && keys.contains("ProductArn")
          && ((productArn != null && productArn.endsWith("/prowler/prowler"))
              || (generatorId != null && generatorId.startsWith("prowler-"))
              || "prowler".equalsIgnoreCase(providerName));
    }
  }
}
