package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.secposture.api.PostureReport;
import io.secposture.api.RunDiff;
import io.secposture.api.Severity;
import io.secposture.core.ReportJson;
import io.secposture.core.SiteLayout;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --export} through {@link SecpostureJob#execute}: the demo run twice with the webhook and OCSF exporters
 * against a real local HTTP server; the second run's message holds exactly the new and reopened findings at the
 * chosen severity (as the published diff counts them), the OCSF file is published with each run, a failing
 * exporter exits 3 with the site published, and an unknown exporter is a configuration error with did-you-mean.
 */
class ExportJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOOK_PATH = "/hooks/T0/B0/s3cr3t-d3m0-p4th";

  @TempDir
  Path temp;
  private HttpServer server;
  private final List<byte[]> bodies = new ArrayList<>();
  private final AtomicInteger failuresToAnswer = new AtomicInteger();

  record Result(int exit, String out, String err) {
  }

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        synchronized (bodies) {
          bodies.add(body);
        }
      }
      int status = failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 200;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String hook() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + HOOK_PATH;
  }

  private Result job(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private Result demo(Path site, String... more) {
    List<String> args = new ArrayList<>(List.of("demo", "--output", site.toString(), "--work-dir",
        temp.resolve("work").toString(), "--export", "webhook", "--export", "ocsf"));
    args.addAll(List.of(more));
    return job(Map.of("SECPOSTURE_EXPORT_OPTIONS", "webhook.url=" + hook() + ";webhook.min-severity=high;"
        + "webhook.max-findings=50;webhook.retry-backoff=0s;webhook.retries=0"), args.toArray(String[]::new));
  }

  @Test
  void demoTwice_webhookGetsExactlyTheNewAndReopenedHighFindings_ocsfPublishedWithEachRun() throws Exception {
    Path site = temp.resolve("site");
    Result first = demo(site);
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    PostureReport week1 = latest(site);
    Result second = demo(site);
    assertThat(second.exit()).as(second.out() + second.err()).isZero();
    PostureReport week2 = latest(site);

    assertThat(bodies).as("one message per run to the default route").hasSize(2);
    JsonNode message = JSON.readTree(bodies.get(1));
    assertThat(message.get("run_id").asText()).isEqualTo(week2.runId());
    assertThat(message.get("site").asText()).endsWith("/site/index.html");
    RunDiff diff = week2.diff();
    long expectedAlerts = 0;
    for (Severity severity : List.of(Severity.CRITICAL, Severity.HIGH)) {
      expectedAlerts += diff.bySeverity().get(severity).added() + diff.bySeverity().get(severity).reopened();
    }
    assertThat(expectedAlerts).as("the second sample week flags new high findings").isPositive();
    assertThat(message.get("counts").get("alerts").asLong()).isEqualTo(expectedAlerts);
    assertThat(message.get("counts").get("run").get("new").asLong()).isEqualTo(diff.total().added());
    Set<String> expected = new HashSet<>();
    for (RunDiff.NewFinding finding : diff.newFindings()) {
      if (finding.severity().compareTo(Severity.HIGH) <= 0) {
        expected.add(finding.accountId() + " " + finding.ruleId() + " " + finding.resourceId() + " "
            + (finding.reopened() ? "reopened" : "new"));
      }
    }
    assertThat(expected).hasSize((int) Math.min(expectedAlerts, 50));
    Set<String> listed = new HashSet<>();
    message.get("findings").forEach(finding -> listed.add(finding.get("account").asText() + " "
        + finding.get("rule_id").asText() + " " + finding.get("resource").asText() + " "
        + finding.get("change").asText()));
    assertThat(listed).isEqualTo(expected);
    assertThat(message.get("failed_scans")).as("the demo fails one account on purpose").isNotEmpty();
    assertThat(new String(bodies.get(1))).doesNotContain("s3cr3t-d3m0-p4th");
    assertThat(second.out()).contains("export webhook: 1 exported").contains("export ocsf: ")
        .doesNotContain("s3cr3t-d3m0-p4th");
    assertThat(second.err()).doesNotContain("s3cr3t-d3m0-p4th");

    for (PostureReport week : List.of(week1, week2)) {
      Path ocsf = site.resolve(SiteLayout.runPrefix(week.runId()) + "findings.ocsf.json");
      assertThat(ocsf).exists();
      JsonNode findings = JSON.readTree(ocsf.toFile());
      assertThat(findings.size()).as("every finding, passed included, and the resolved ones")
          .isGreaterThanOrEqualTo((int) (week.findings().failed() + week.findings().passed()));
      findings.forEach(finding -> assertThat(finding.get("class_uid").asInt()).isEqualTo(2004));
    }
  }

  @Test
  void exporterFails_exit3_siteStillPublished_urlNeverPrinted() throws Exception {
    failuresToAnswer.set(5);
    Path site = temp.resolve("site");

    Result result = demo(site);

    assertThat(result.exit()).as(result.out() + result.err()).isEqualTo(3);
    assertThat(result.out()).contains("export webhook FAILED").contains("HTTP 500")
        .contains("(the run stays published)").contains("export ocsf: ");
    assertThat(result.out() + result.err()).doesNotContain("s3cr3t-d3m0-p4th");
    PostureReport published = latest(site);
    assertThat(site.resolve(SiteLayout.runPrefix(published.runId()) + "findings.ocsf.json")).exists();
    assertThat(site.resolve(SiteLayout.INDEX)).exists();
  }

  @Test
  void unknownExporter_isAConfigurationErrorWithDidYouMean_beforeAnythingRuns() {
    Path site = temp.resolve("site");
    Result result = job(Map.of(), "demo", "--output", site.toString(), "--export", "webhok");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("webhok").contains("did you mean 'webhook'");
    assertThat(site.resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
  }

  @Test
  void exporterWithoutItsUrl_isAConfigurationErrorNamingTheSetting() {
    Result result = job(Map.of("SECPOSTURE_EXPORTS", "slack"), "demo", "--output", temp.resolve("site").toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("slack.url").contains("SECPOSTURE_EXPORT_OPTIONS");
  }

  @Test
  void check_listsTheExportersAndEveryProblemOfTheirSettings() {
    Map<String, String> environment = Map.of("SECPOSTURE_ACCOUNTS", "prod",
        "SECPOSTURE_ACCOUNT_PROD_PROVIDER", "aws", "SECPOSTURE_ACCOUNT_PROD_ID", "123456789012",
        "SECPOSTURE_EXPORT_OPTIONS", "teams.route.payments=not-a-url-s3cr3t;teams.min-severity=severe");
    Result check = job(environment, "check", "--publish", temp.resolve("site").toString(), "--export", "teams,ocsf",
        "--export-option", "ocsf.include-pased=true");

    assertThat(check.exit()).isEqualTo(2);
    assertThat(check.out()).containsPattern("exporter +teams +io\\.secposture\\.exporters\\.TeamsExporter");
    assertThat(check.out() + check.err()).contains("exporter teams: setting 'teams.route.payments' is not an http(s)"
        + " URL with a host").contains("exporter teams: setting 'teams.min-severity' has value 'severe'")
        .contains("exporter ocsf: unknown setting 'ocsf.include-pased'").doesNotContain("not-a-url-s3cr3t");
  }

  private static PostureReport latest(Path site) throws Exception {
    try (InputStream in = Files.newInputStream(site.resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, "latest");
    }
  }
}
