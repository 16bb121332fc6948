package io.secposture.core.enginetest;

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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny streaming parser for engine tests. Format ({@code *.lines}):
 * <pre>
 * LINES v1 provider=aws account=123456789012 tool=test
 * rule-id,severity,status,resource[,service]
 * BROKEN        (any line starting with BROKEN makes the parse fail at that line, after the rows before it)
 * </pre>
 */
public final class LinesParser implements ReportParser {
  /** The first line's prefix. */
  public static final String MAGIC = "LINES v1";

  @Override
  public String name() {
    return "test-lines";
  }

  @Override
  public boolean accepts(ReportSource source) {
    return source.fileName().endsWith(".lines") && source.headText().startsWith(MAGIC);
  }

  @Override
  public ParsedReport parse(ReportSource source, FindingSink sink) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(source.open(), StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (header == null || !header.startsWith(MAGIC)) {
        throw new ReportParseException(source.toString(), 1, 1, "a '" + MAGIC + "' header", null, null);
      }
      Map<String, String> fields = new java.util.HashMap<>();
      for (String part : header.substring(MAGIC.length()).trim().split(" ")) {
        String[] kv = part.split("=", 2);
        fields.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
      CloudProvider provider = CloudProvider.of(fields.getOrDefault("provider", "aws"));
      String account = fields.getOrDefault("account", source.account() == null ? "unknown"
          : source.account().id());
      String tool = fields.getOrDefault("tool", "test");
      long checked = 0;
      long flagged = 0;
      Set<String> resources = new HashSet<>();
      long findings = 0;
      String line;
      int number = 1;
      String service = "svc";
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("BROKEN")) {
          throw new ReportParseException(source.toString(), number, 1, "a finding row", "found BROKEN", null);
        }
        String[] cells = line.split(",");
        if (cells.length < 4) {
          throw new ReportParseException(source.toString(), number, 1, "rule,severity,status,resource", null, null);
        }
        service = cells.length > 4 ? cells[4] : "svc";
        FindingStatus status = FindingStatus.valueOf(cells[2]);
        Finding finding = Finding.builder().tool(tool).provider(provider).accountId(account).service(service)
            .ruleId(cells[0]).severity(Severity.parse(cells[1])).status(status).resourceId(cells[3]).build();
        sink.accept(finding);
        findings++;
        checked++;
        if (finding.flagged()) {
          flagged++;
        }
        resources.add(cells[3]);
      }
      return new ParsedReport(name(), source.toString(), tool, "1.0", null,
          List.of(AccountStats.of(provider, account, Map.of(service, new ServiceStats(checked, flagged,
              resources.size())))), findings, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a lines file.
   *
   * @param file the file
   * @param provider the provider
   * @param account the account id
   * @param rows the rows
   * @return the file
   * @throws IOException if it cannot be written
   */
  public static Path write(Path file, String provider, String account, List<String> rows) throws IOException {
    StringBuilder text = new StringBuilder(MAGIC + " provider=" + provider + " account=" + account + " tool=test\n");
    rows.forEach(row -> text.append(row).append('\n'));
    return Files.writeString(file, text);
  }
}
