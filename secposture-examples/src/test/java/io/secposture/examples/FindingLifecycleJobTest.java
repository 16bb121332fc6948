package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.AccountSummary;
import io.secposture.api.OwnerSummary;
import io.secposture.api.PostureReport;
import io.secposture.api.Severity;
import io.secposture.core.FindingsFile;
import io.secposture.core.ReportJson;
import io.secposture.core.SiteLayout;
import io.secposture.core.TrackedFinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLA options end to end through {@link SecpostureJob#execute}: {@code --sla} and {@code --owner-label} reach the
 * published report and findings, {@code --fail-on sla:high} exits 5 when a high finding is past its SLA and 0 when
 * none is, and a malformed policy is a configuration error naming where it came from.
 */
class FindingLifecycleJobTest {
  @TempDir
  Path temp;

  record Result(int exit, String out, String err) {
  }

  private static Result job(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private String[] demo(String... more) {
    List<String> args = new ArrayList<>(List.of("demo", "--output", temp.resolve("site").toString(), "--work-dir",
        temp.resolve("work").toString(), "--accounts", "6"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void failOnSlaHigh_tripsWhenAHighFindingIsPastAZeroDaySla_andPassesWithinALongerOne() {
    Result strict = job(Map.of(), demo("--sla", "critical=0d,high=0d", "--fail-on", "sla:high"));

    PostureReport report = latest();
    long breaches = report.sla().breachedAtOrAbove(Severity.HIGH);
    assertThat(breaches).as("the demo flags high findings, all past a 0-day SLA").isPositive();
    assertThat(strict.exit()).as(strict.out() + strict.err()).isEqualTo(5);
    assertThat(strict.out()).contains("gate tripped: " + breaches + " findings at high or worse past their SLA"
        + " (--fail-on sla:high)");
    assertThat(report.sla().policy().toString()).isEqualTo("critical=0d,high=0d");

    // generous limits: the demo may date its next run a week later
    Result relaxed = job(Map.of(), demo("--sla", "critical=60d,high=60d", "--fail-on", "sla:high"));

    assertThat(relaxed.exit()).as(relaxed.out() + relaxed.err()).isZero();
    assertThat(relaxed.out()).contains("gate passed: --fail-on sla:high");
    PostureReport second = latest();
    assertThat(second.sla().totalBreached()).as("findings a run or two old are within 60 days").isZero();
    assertThat(second.diff()).isNotNull();
  }

  @Test
  void ownerLabel_fromTheEnvironment_namesOwnersInTheReportAndTheFindings() {
    Result result = job(Map.of("SECPOSTURE_OWNER_LABEL", "env"), demo());

    assertThat(result.exit()).as(result.out() + result.err()).isIn(0, 3);
    PostureReport report = latest();
    assertThat(report.owners().label()).isEqualTo("env");
    AccountSummary row = report.accounts().stream().filter(account -> account.links().containsKey("findings"))
        .findFirst().orElseThrow();
    String owner = OwnerSummary.ownerOf(row.labels(), "env");
    assertThat(report.owners().owners()).containsKey(owner);
    List<TrackedFinding> findings = new ArrayList<>();
    FindingsFile.readTracked(temp.resolve("site").resolve(row.links().get("findings")), findings::add);
    assertThat(findings).isNotEmpty().allSatisfy(finding -> assertThat(finding.owner()).isEqualTo(owner));
    assertThat(findings).filteredOn(finding -> finding.finding().flagged())
        .allSatisfy(finding -> assertThat(finding.firstSeen()).isEqualTo(report.generatedAt()));
  }

  @Test
  void malformedPolicy_isAConfigurationErrorNamingTheVariable() {
    Result result = job(Map.of("SECPOSTURE_SLA", "high=soon"), demo());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out() + result.err()).contains("SECPOSTURE_SLA: SLA 'high=soon' has no valid duration");
    assertThat(temp.resolve("site").resolve(SiteLayout.LATEST_REPORT)).doesNotExist();
  }

  private PostureReport latest() {
    try (InputStream in = Files.newInputStream(temp.resolve("site").resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, SiteLayout.LATEST_REPORT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
