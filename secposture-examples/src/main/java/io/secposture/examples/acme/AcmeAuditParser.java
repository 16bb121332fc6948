package io.secposture.examples.acme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.AccountStats;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingSink;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code acme-audit-results.jsonl}, what {@link AcmeAuditScanner}'s tool writes: one JSON object per line, a
 * header first, then one line per check result.
 *
 * <pre>
 * {"acme_audit":"1.4.0","provider":"aws","account":"123456789012","scanned_at":"2026-01-05T10:00:00Z"}
 * {"check":"s3-public-bucket","service":"s3","region":"eu-west-1","severity":"high","status":"FAIL",
 *  "resource":"arn:aws:s3:::logs","title":"Bucket is public"}
 * </pre>
 *
 * <p><b>Who calls it.</b> The pipeline and the {@code aggregate} command, for files whose first bytes are
 * {@code {"acme_audit":}. It streams: one line in memory at a time, counts per service. Stateless and thread-safe.
 */
public final class AcmeAuditParser implements ReportParser {
  /** The parser's name. */
  public static final String NAME = "acme-audit";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean accepts(ReportSource source) {
    return source.headText().startsWith("{\"acme_audit\":");
  }

  @Override
  public ParsedReport parse(ReportSource source, FindingSink sink) {
    String name = source.path().toString();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(source.open(), StandardCharsets.UTF_8
        .newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
      JsonNode header = line(name, 1, reader.readLine());
      if (!header.path("acme_audit").isTextual() || !header.path("account").isTextual()) {
        throw new ReportParseException(name, 1, 0, "an acme-audit header", "no acme_audit and account fields", null);
      }
      CloudProvider provider = CloudProvider.of(header.path("provider").asText("aws"));
      String account = header.path("account").asText();
      Map<String, ServiceStats> services = new TreeMap<>();
      long findings = 0;
      long number = 1;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        number++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode result = line(name, number, text);
        FindingStatus status = "PASS".equalsIgnoreCase(result.path("status").asText()) ? FindingStatus.PASS
            : FindingStatus.FAIL;
        Severity severity = Severity.parse(result.path("severity").asText(null));
        String service = result.path("service").asText("general");
        sink.accept(Finding.builder().tool(NAME).provider(provider).accountId(account)
            .region(result.path("region").asText(null)).service(service)
            .ruleId(result.path("check").asText("unknown")).title(result.path("title").asText(null))
            .severity(severity == null ? Severity.MEDIUM : severity).status(status)
            .resourceId(result.path("resource").asText(null)).build());
        findings++;
        services.merge(service, new ServiceStats(1, status == FindingStatus.FAIL ? 1 : 0, 1), ServiceStats::plus);
      }
      return new ParsedReport(NAME, name, NAME, header.path("acme_audit").asText(), scannedAt(header),
          List.of(AccountStats.of(provider, account, services)), findings, List.of());
    } catch (IOException e) {
      throw new ReportParseException(name, 0, 0, "UTF-8 JSON lines", e.toString(), e);
    }
  }

  private static JsonNode line(String name, long number, String text) {
    if (text == null) {
      throw new ReportParseException(name, number, 0, "an acme-audit header", "the file is empty", null);
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw new ReportParseException(name, number, 0, "a JSON object", "another value", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ReportParseException(name, number, 0, "a JSON object", e.getOriginalMessage(), e);
    }
  }

  private static Instant scannedAt(JsonNode header) {
    try {
      return header.hasNonNull("scanned_at") ? Instant.parse(header.get("scanned_at").asText()) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
