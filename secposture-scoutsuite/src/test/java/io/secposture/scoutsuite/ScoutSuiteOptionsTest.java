package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading, checking and round-tripping the {@code scoutsuite.*} options. */
class ScoutSuiteOptionsTest {
  @TempDir
  Path dir;

  @Test
  void from_everyKey_isRead() throws IOException {
    Path exceptions = Files.writeString(dir.resolve("exceptions.js"), "exceptions =\n{}\n");
    Settings settings = Settings.of(Map.ofEntries(
        Map.entry("scoutsuite.executable", "/opt/scout/bin/scout"),
        Map.entry("scoutsuite.regions", "eu-west-1, us-gov-west-1"),
        Map.entry("scoutsuite.exclude-regions", "ap-south-1"),
        Map.entry("scoutsuite.services", "s3,iam"),
        Map.entry("scoutsuite.skip", "cloudfront"),
        Map.entry("scoutsuite.ruleset", "detailed"),
        Map.entry("scoutsuite.exceptions", exceptions.toString()),
        Map.entry("scoutsuite.max-workers", "4"),
        Map.entry("scoutsuite.max-rate", "10"),
        Map.entry("scoutsuite.extra-args", "--debug --ip-ranges 'ranges 1.json' ranges2.json"),
        Map.entry("scoutsuite.report-name", "weekly.aws"),
        Map.entry("scoutsuite.subscriptions", "a,b"),
        Map.entry("scoutsuite.folder-id", "folders/1234"),
        Map.entry("scoutsuite.cluster-provider", "EKS"),
        Map.entry("prowler.checks", "other scanners' keys are ignored")));

    ScoutSuiteOptions options = ScoutSuiteOptions.from(settings);

    assertThat(options.executable()).isEqualTo("/opt/scout/bin/scout");
    assertThat(options.regions()).containsExactly("eu-west-1", "us-gov-west-1");
    assertThat(options.excludeRegions()).containsExactly("ap-south-1");
    assertThat(options.services()).containsExactly("s3", "iam");
    assertThat(options.skip()).containsExactly("cloudfront");
    assertThat(options.ruleset()).isEqualTo("detailed");
    assertThat(options.exceptions()).isEqualTo(exceptions);
    assertThat(options.maxWorkers()).isEqualTo(4);
    assertThat(options.maxRate()).isEqualTo(10);
    assertThat(options.extraArgs()).containsExactly("--debug", "--ip-ranges", "ranges 1.json", "ranges2.json");
    assertThat(options.reportName()).isEqualTo("weekly.aws");
    assertThat(options.subscriptions()).containsExactly("a", "b");
    assertThat(options.allSubscriptions()).isFalse();
    assertThat(options.folderId()).isEqualTo("folders/1234");
    assertThat(options.clusterProvider()).isEqualTo("eks");
  }

  @Test
  void from_noKeys_givesScoutSuitesDefaults() {
    assertThat(ScoutSuiteOptions.from(Settings.empty())).isEqualTo(ScoutSuiteOptions.defaults());
  }

  @Test
  void from_manyProblems_reportsEveryOneAtOnce() {
    Settings settings = Settings.of(Map.of(
        "scoutsuite.max-workers", "many",
        "scoutsuite.max-rate", "0",
        "scoutsuite.regions", "eu-west-1,--profile",
        "scoutsuite.all-subscriptions", "true",
        "scoutsuite.subscriptions", "x",
        "scoutsuite.exceptions", dir.resolve("missing.js").toString(),
        "scoutsuite.regoins", "eu-west-1",
        "scoutsuite.cluster-provider", "openshift",
        "scoutsuite.all-projects", "maybe"));

    assertThatThrownBy(() -> ScoutSuiteOptions.from(settings))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
            "unknown setting 'scoutsuite.regoins' (did you mean 'scoutsuite.regions'?); known: [scoutsuite.all-projects,"
                + " scoutsuite.all-subscriptions, scoutsuite.cluster-provider, scoutsuite.exceptions,"
                + " scoutsuite.exclude-regions, scoutsuite.executable, scoutsuite.extra-args, scoutsuite.folder-id,"
                + " scoutsuite.max-rate, scoutsuite.max-workers, scoutsuite.organization-id, scoutsuite.regions,"
                + " scoutsuite.report-name, scoutsuite.ruleset, scoutsuite.services, scoutsuite.skip,"
                + " scoutsuite.subscriptions]",
            "setting 'scoutsuite.max-workers' has value 'many'; expected an integer",
            "setting 'scoutsuite.all-projects' has value 'maybe'; expected true or false",
            "setting 'scoutsuite.regions' holds '--profile'; expected aws region names such as eu-west-1",
            "setting 'scoutsuite.exceptions' names " + dir.resolve("missing.js").toAbsolutePath()
                + ", which does not exist; point it at a ScoutSuite exceptions file",
            "setting 'scoutsuite.max-rate' has value '0'; expected an integer from 1 to 100000",
            "settings 'scoutsuite.subscriptions' and 'scoutsuite.all-subscriptions' contradict each other; set one"
                + " of them",
            "setting 'scoutsuite.cluster-provider' has value 'openshift'; expected aks, eks or gke"))
        .hasMessageStartingWith("8 configuration problems:");
  }

  @Test
  void from_twoGcpScopes_refused() {
    assertThatThrownBy(() -> ScoutSuiteOptions.from(Settings.of(Map.of("scoutsuite.folder-id", "1",
        "scoutsuite.organization-id", "2"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("each choose the gcp scope; set only one");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--secret-access-key wJalrXUtnFEMI", "--access-key-id=AKIAEXAMPLE",
      "--session-token FwoGZXIvYXdz", "--secret wJalrXUtnFEMI", "--client-secret=s3cr3t-value",
      "--password hunter2-secret", "--token dop_v1_abcdef", "--sess FwoGZXIvYXdz", "--access-keys",
      "--my-api-key k3y-value-9"})
  void from_extraArgumentCarryingASecret_refusedWithoutEchoingTheValue(String extra) {
    assertThatThrownBy(() -> ScoutSuiteOptions.from(Settings.of(Map.of("scoutsuite.extra-args", extra))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("would put a secret on the command line")
        .satisfies(e -> {
          String value = extra.contains("=") ? extra.substring(extra.indexOf('=') + 1)
              : extra.contains(" ") ? extra.substring(extra.indexOf(' ') + 1) : "";
          if (!value.isEmpty()) {
            assertThat(e.getMessage()).doesNotContain(value);
          }
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"--report-dir /tmp/x", "--report-name n", "--profile prod", "--no-browser", "--force",
      "--services s3", "--rep x", "--result-format sqlite", "--local", "--serve", "--cli"})
  void from_extraArgumentSecpostureSets_refused(String extra) {
    assertThatThrownBy(() -> ScoutSuiteOptions.from(Settings.of(Map.of("scoutsuite.extra-args", extra))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("which secposture sets itself");
  }

  @Test
  void from_extraArgumentAbbreviation_namesTheFlagArgparseReads() {
    assertThatThrownBy(() -> ScoutSuiteOptions.from(Settings.of(Map.of("scoutsuite.extra-args", "--max-w 3"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("scoutsuite.extra-args holds '--max-w' (argparse reads it as --max-workers), which secposture"
            + " sets itself; use scoutsuite.max-workers instead");
  }

  @Test
  void from_shortFlag_refusedBecauseItsMeaningDependsOnTheProvider() {
    assertThatThrownBy(() -> ScoutSuiteOptions.from(Settings.of(Map.of("scoutsuite.extra-args", "-p x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("short flag '-p'").hasMessageContaining("long flag names");
  }

  @Test
  void from_unclosedQuote_refused() {
    assertThatThrownBy(() -> ScoutSuiteOptions.from(Settings.of(Map.of("scoutsuite.extra-args", "--ip-ranges \"a"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("unclosed double quote");
  }

  @Test
  void from_harmlessExtraArguments_accepted() {
    ScoutSuiteOptions options = ScoutSuiteOptions.from(Settings.of(Map.of("scoutsuite.extra-args",
        "--debug --quiet --ip-ranges-name-key name --subscription-id abc -1")));

    assertThat(options.extraArgs()).containsExactly("--debug", "--quiet", "--ip-ranges-name-key", "name",
        "--subscription-id", "abc", "-1");
  }

  @Test
  void builder_invalidValues_refusedLikeSettings() {
    assertThatThrownBy(() -> ScoutSuiteOptions.builder().maxWorkers(0).reportName("../x").build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void toSettings_anyOptions_readBackEqual() throws IOException {
    Path exceptions = Files.writeString(dir.resolve("e.js"), "exceptions =\n{}\n");
    ScoutSuiteOptions options = ScoutSuiteOptions.builder().regions(List.of("eu-west-1")).services(List.of("s3"))
        .exceptions(exceptions).maxWorkers(3).extraArgs(List.of("--ip-ranges", "my ranges.json", "--debug"))
        .allProjects(true).clusterProvider("gke").build();

    assertThat(ScoutSuiteOptions.from(options.toSettings())).isEqualTo(options);
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(ScoutSuiteScanner.builder().defaults(options).build().toString())
        .contains("scoutsuite.regions", "scoutsuite.extra-args");
  }
}
