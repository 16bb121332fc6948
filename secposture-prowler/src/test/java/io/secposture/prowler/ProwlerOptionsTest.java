package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProwlerOptionsTest {

  @Test
  void defaults_writeOcsfCsvAndHtmlAtErrorLevelWithoutFilters() {
    ProwlerOptions options = ProwlerOptions.defaults();

    assertThat(options.outputFormats()).containsExactly("json-ocsf", "csv", "html");
    assertThat(options.logLevel()).isEqualTo("ERROR");
    assertThat(options.partialOnErrors()).isTrue();
    assertThat(options.executable()).isNull();
    assertThat(options.severities()).isEmpty();
    assertThat(options.extraArgs()).isEmpty();
  }

  @Test
  void from_everyKeyWithSingularAndPluralAliases_isRead() {
    ProwlerOptions options = ProwlerOptions.from(Settings.of(Map.ofEntries(
        Map.entry("prowler.executable", "/opt/prowler"), Map.entry("prowler.output-formats", "json-ocsf, html"),
        Map.entry("prowler.asff", "yes"), Map.entry("prowler.severities", "Critical,HIGH"),
        Map.entry("prowler.check", "s3_bucket_public_access"), Map.entry("prowler.excluded-service", "iam"),
        Map.entry("prowler.status", "fail,manual"), Map.entry("prowler.region", "eu-west-1"),
        Map.entry("prowler.subscription-id", "sub-1"), Map.entry("prowler.project-ids", "p1,p2"),
        Map.entry("prowler.namespace", "web"), Map.entry("prowler.log-level", "debug"),
        Map.entry("prowler.partial-on-errors", "off"), Map.entry("prowler.extra-args", "--aws-retries-max-attempts,10"),
        Map.entry("scoutsuite.regions", "not-ours"))));

    assertThat(options.executable()).isEqualTo("/opt/prowler");
    assertThat(options.outputFormats()).containsExactly("json-ocsf", "html", "json-asff");
    assertThat(options.severities()).containsExactly("critical", "high");
    assertThat(options.checks()).containsExactly("s3_bucket_public_access");
    assertThat(options.excludedServices()).containsExactly("iam");
    assertThat(options.statuses()).containsExactly("FAIL", "MANUAL");
    assertThat(options.regions()).containsExactly("eu-west-1");
    assertThat(options.subscriptionIds()).containsExactly("sub-1");
    assertThat(options.projectIds()).containsExactly("p1", "p2");
    assertThat(options.namespaces()).containsExactly("web");
    assertThat(options.logLevel()).isEqualTo("DEBUG");
    assertThat(options.partialOnErrors()).isFalse();
    assertThat(options.extraArgs()).containsExactly("--aws-retries-max-attempts", "10");
  }

  @Test
  void from_manyProblems_reportsEveryOneAtOnce() {
    Settings settings = Settings.of(Map.ofEntries(
        Map.entry("prowler.severites", "high"),
        Map.entry("prowler.severity", "urgent"),
        Map.entry("prowler.status", "MUTED"),
        Map.entry("prowler.output-formats", "csv,pdf"),
        Map.entry("prowler.compliance", "cis_3.0_aws"),
        Map.entry("prowler.services", "s3"),
        Map.entry("prowler.checks", "--output-directory"),
        Map.entry("prowler.region", "eu-west-1"),
        Map.entry("prowler.regions", "us-east-1"),
        Map.entry("prowler.log-level", "LOUD"),
        Map.entry("prowler.asff", "maybe"),
        Map.entry("prowler.extra-args", "--output-filename,x,--personal-access-token,ghp_x")));

    assertThatThrownBy(() -> ProwlerOptions.from(settings)).isInstanceOfSatisfying(ConfigurationException.class,
        e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "unknown option 'prowler.severites'; did you mean 'prowler.severities'?",
            "prowler.output-formats holds 'pdf'; Prowler writes [csv, html, json-asff, json-ocsf, sarif]",
            "prowler.output-formats must include json-ocsf, the format secposture parses; got [csv, pdf]",
            "prowler.asff is 'maybe'; use true or false",
            "prowler.severity holds 'urgent'; use [critical, high, informational, low, medium]",
            "prowler.checks holds '--output-directory'; values may not start with '-' or hold spaces (they would "
                + "reach Prowler as flags)",
            "prowler.compliance, prowler.services and prowler.checks cannot be combined: Prowler accepts only one "
                + "of them; keep one and use excluded-checks or severity to narrow it",
            "prowler.status holds 'MUTED'; use [FAIL, MANUAL, PASS]",
            "prowler.log-level is 'LOUD'; use one of [CRITICAL, DEBUG, ERROR, INFO, WARNING]",
            "prowler.region and prowler.regions are the same option; set only one",
            "prowler.extra-args holds '--output-filename', which secposture sets itself from the account's "
                + "credentials and options; use the matching prowler.* option or credentials instead",
            "prowler.extra-args holds '--personal-access-token', which takes a secret; secrets never go on a command "
                + "line: give Prowler the secret through its environment variable instead"));
  }

  @Test
  void from_unknownKeyFarFromAnyKnown_listsTheKnownOnes() {
    assertThatThrownBy(() -> ProwlerOptions.from(Settings.of(Map.of("prowler.zzzzzzzzzzzz", "1"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("unknown option 'prowler.zzzzzzzzzzzz'; known options: [all-subscriptions, asff,");
  }

  @Test
  void extraArgs_secretBearingFlagsInAnySpelling_areRefused() {
    for (String flag : List.of("--shodan", "-N", "--oauth-app-token=abc", "--github-app-key", "--client-secret",
        "--password")) {
      assertThatThrownBy(() -> ProwlerOptions.from(Settings.of(Map.of("prowler.extra-args", flag))))
          .as(flag).isInstanceOf(ConfigurationException.class).hasMessageContaining("takes a secret");
    }
    assertThat(ProwlerOptions.from(Settings.of(Map.of("prowler.extra-args", "--ignore-exit-code-3,--verbose")))
        .extraArgs()).containsExactly("--ignore-exit-code-3", "--verbose");
  }

  @Test
  void constructor_withoutOcsf_isRefused() {
    ProwlerOptions defaults = ProwlerOptions.defaults();

    assertThatThrownBy(() -> new ProwlerOptions(null, List.of("csv"), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of(), List.of(), List.of(), null, List.of(), false, List.of(), null, List.of(), false,
        "ERROR", true, List.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("json-ocsf");
    assertThat(defaults.compliance()).isUnmodifiable();
  }
}
