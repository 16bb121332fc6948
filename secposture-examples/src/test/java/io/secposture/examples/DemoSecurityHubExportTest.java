package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.secposture.api.AccountSummary;
import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.core.ReportJson;
import io.secposture.core.SiteLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": the demo run twice with {@code --export securityhub --export webhook} against local servers
 * (Security Hub's REST path {@code POST /findings/import}, and a webhook receiver) imports the first run's AWS findings
 * ACTIVE, and the second archives exactly the findings it resolved in the AWS rows whose scan succeeded, while the
 * webhook receives exactly the second run's new and reopened findings at the chosen severity. The job's ambient AWS
 * identity comes from the SDK's system properties for the test.
 */
class DemoSecurityHubExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/]+)/");
  private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.region");

  @TempDir
  Path temp;

  private HttpServer server;
  private final Map<String, JsonNode> stored = new ConcurrentHashMap<>();
  private final Map<String, String> accessKeys = new ConcurrentHashMap<>();
  private final Map<String, String> saved = new HashMap<>();
  private final List<byte[]> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    for (String property : PROPERTIES) {
      saved.put(property, System.getProperty(property));
    }
    System.setProperty("aws.accessKeyId", "AKIDDEMOJOB");
    System.setProperty("aws.secretAccessKey", "demo-secret");
    System.setProperty("aws.region", "eu-central-1");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/findings/import", exchange -> {
      try (exchange) {
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        Matcher key = ACCESS_KEY.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String accessKey = key.find() ? key.group(1) : "none";
        for (JsonNode finding : request.path("Findings")) {
          stored.put(finding.path("Id").asText(), finding);
          accessKeys.put(finding.path("Id").asText(), accessKey);
        }
        byte[] body = ("{\"FailedCount\":0,\"SuccessCount\":" + request.path("Findings").size()
            + ",\"FailedFindings\":[]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.createContext("/hook", exchange -> {
      try (exchange) {
        hooks.add(exchange.getRequestBody().readAllBytes());
        exchange.sendResponseHeaders(204, -1);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    saved.forEach((property, value) -> {
      if (value == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, value);
      }
    });
  }

  private String[] demo(Path site) {
    return new String[] {"demo", "--output", site.toString(), "--work-dir", temp.resolve("work").toString(),
        "--export", "securityhub", "--export", "webhook", "--export-option",
        "securityhub.endpoint=http://127.0.0.1:" + server.getAddress().getPort()};
  }

  private int job(String[] args, StringWriter out, StringWriter err) {
    Map<String, String> environment = Map.of("SECPOSTURE_EXPORT_OPTIONS", "webhook.url=http://127.0.0.1:"
        + server.getAddress().getPort() + "/hook;webhook.min-severity=high;webhook.max-findings=50;"
        + "webhook.retries=0");
    return SecpostureJob.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Map<String, String> states() {
    Map<String, String> states = new HashMap<>();
    stored.forEach((id, finding) -> states.put(id, finding.path("RecordState").asText()));
    return states;
  }

  @Test
  void demoTwice_importsTheFirstRunActive_andArchivesWhatTheSecondResolvedWhereItsScanSucceeded() throws Exception {
    Path site = temp.resolve("site");
    StringWriter out1 = new StringWriter();
    StringWriter err1 = new StringWriter();
    assertThat(job(demo(site), out1, err1)).as(err1.toString()).isZero();
    Map<String, String> afterFirst = states();
    PostureReport week1 = report(site);

    assertThat(afterFirst).isNotEmpty();
    assertThat(afterFirst.values()).containsOnly("ACTIVE");
    assertThat(stored.values()).allSatisfy(finding ->
        assertThat(finding.path("AwsAccountId").asText()).matches("\\d{12}"));
    assertThat(accessKeys.values()).containsOnly("AKIDDEMOJOB");
    long flaggedAws = week1.accounts().stream().filter(row -> row.provider().equals(CloudProvider.AWS))
        .mapToLong(row -> row.findings().flagged()).sum();
    assertThat((long) afterFirst.size()).isLessThanOrEqualTo(flaggedAws).isPositive();

    StringWriter out2 = new StringWriter();
    StringWriter err2 = new StringWriter();
    assertThat(job(demo(site), out2, err2)).as(err2.toString()).isZero();
    PostureReport week2 = report(site);
    RunDiff diff = week2.diff();
    Map<String, String> afterSecond = states();

    long resolvedWhereSucceeded = 0;
    long resolvedElsewhere = 0;
    for (AccountSummary row : week2.accounts()) {
      RunDiff.Counts counts = diff.byAccount().get(row.key());
      if (!row.provider().equals(CloudProvider.AWS) || counts == null) {
        continue;
      }
      if (row.status() == ScanStatus.SUCCEEDED) {
        resolvedWhereSucceeded += counts.resolved();
      } else {
        resolvedElsewhere += counts.resolved();
      }
    }
    List<String> archived = afterSecond.entrySet().stream().filter(e -> e.getValue().equals("ARCHIVED"))
        .map(Map.Entry::getKey).toList();
    assertThat(resolvedWhereSucceeded).as("the second demo generation fixes AWS findings").isPositive();
    assertThat((long) archived.size()).isEqualTo(resolvedWhereSucceeded);
    assertThat(afterFirst).as("every archived finding was imported ACTIVE by the first run")
        .containsKeys(archived.toArray(String[]::new));
    String summary = out2 + err2.toString();
    assertThat(out2.toString()).contains("export securityhub: ").contains("export webhook: 1 exported");
    if (resolvedElsewhere > 0) {
      assertThat(summary).contains("not archived because this run did not look at them");
    }

    assertThat(hooks).as("one webhook message per run").hasSize(2);
    java.util.Set<String> expectedAlerts = new java.util.HashSet<>();
    for (RunDiff.NewFinding finding : diff.newFindings()) {
      if (finding.severity().compareTo(io.secposture.api.Severity.HIGH) <= 0) {
        expectedAlerts.add(finding.accountId() + " " + finding.ruleId() + " " + finding.resourceId() + " "
            + (finding.reopened() ? "reopened" : "new"));
      }
    }
    java.util.Set<String> alerted = new java.util.HashSet<>();
    JSON.readTree(hooks.get(1)).path("findings").forEach(finding -> alerted.add(finding.path("account").asText()
        + " " + finding.path("rule_id").asText() + " " + finding.path("resource").asText() + " "
        + finding.path("change").asText()));
    assertThat(expectedAlerts).isNotEmpty();
    assertThat(alerted).isEqualTo(expectedAlerts);
  }

  private static PostureReport report(Path site) throws IOException {
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, site.toString());
    }
  }
}
