package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.core.SiteLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code diff} command's usage and error paths, and the gate's documentation. */
class DiffCommandTest {
  @TempDir
  Path temp;

  record Result(int exit, String out, String err) {
  }

  private static Result job(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SecpostureJob.execute(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void help_documentsTheDiffCommandTheGateAndExitCodeFive() {
    Result help = job("--help");
    assertThat(help.out()).contains("diff").contains("5    a --fail-on gate tripped");
    Result diffHelp = job("diff", "--help");
    assertThat(diffHelp.exit()).isZero();
    assertThat(diffHelp.out()).contains("--previous=SITE_OR_REPORT").contains("--fail-on=KIND:SEVERITY")
        .contains("--json").contains("unknown, never resolved");
    assertThat(job("run", "--help").out()).contains("--fail-on=KIND:SEVERITY");
    assertThat(job("demo", "--help").out()).contains("--fail-on=KIND:SEVERITY");
  }

  @Test
  void diff_withoutCurrent_isAUsageError() {
    Result result = job("diff");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("CURRENT");
  }

  @Test
  void diff_severalProblems_areListedAtOnce() {
    Result result = job("diff", temp.resolve("nowhere").toString(), "--previous", temp.resolve("elsewhere").toString(),
        "--fail-on", "new:hgh", "--top", "-1");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("4 configuration problems").contains("'new:hgh'").contains("--top")
        .contains("CURRENT " + temp.resolve("nowhere") + " does not exist")
        .contains("--previous " + temp.resolve("elsewhere") + " does not exist");
  }

  @Test
  void diff_siteWithASingleRun_saysThereIsNothingToCompareAndExitsZero() {
    Path site = temp.resolve("site");
    assertThat(job("demo", "--output", site.toString(), "--accounts", "3").exit()).isZero();

    Result text = job("diff", site.toString(), "--fail-on", "new:any");
    assertThat(text.exit()).isZero();
    assertThat(text.out()).contains("has no earlier run to compare with")
        .contains("no previous run to compare with, so --fail-on new:any has nothing to check");
    Result json = job("diff", site.toString(), "--json");
    assertThat(json.exit()).isZero();
    assertThat(json.out().trim()).isEqualTo("null");
  }

  @Test
  void diff_corruptReport_isAConfigurationErrorNamingTheFile() throws Exception {
    Path site = temp.resolve("site");
    Files.createDirectories(site.resolve("reports"));
    Files.writeString(site.resolve(SiteLayout.LATEST_REPORT), "{\"schema_version\": 1, \"run_id\": [");

    Result result = job("diff", site.toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("cannot read a report at").contains("report_latest.json")
        .contains("line 1");
  }

  @Test
  void diff_emptyFolder_saysItHoldsNoReport() {
    Result result = job("diff", temp.toString());
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("holds no report").contains("report_latest.json");
  }
}
