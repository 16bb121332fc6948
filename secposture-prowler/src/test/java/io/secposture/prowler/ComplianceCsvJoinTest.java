package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.ComplianceRequirement;
import io.secposture.api.FindingStatus;
import io.secposture.api.FrameworkCompliance;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.core.Pipeline;
import io.secposture.core.RunManifest;
import io.secposture.core.RunOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Prowler compliance CSV given with the JSON-OCSF file of the same run: the CSV is not counted (its results are the
 * OCSF file's), but its requirement titles and MANUAL requirements join the compliance section. The OCSF file is the
 * real Prowler 5.7.5 run {@code iam-s3-ec2-us-east-1}; the CIS 2.0 compliance CSV beside it is written here from that
 * file's results in the layout of Prowler 5's {@code compliance/<name>_cis_2.0_aws.csv} (header of a real 5.x CIS
 * file), with a title per requirement and two MANUAL requirements, as Prowler writes them.
 */
class ComplianceCsvJoinTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NAME = "prowler-aws-123456789012";
  private static final String ACCOUNT = "123456789012";
  private static final String HEADER = "PROVIDER;DESCRIPTION;ACCOUNTID;REGION;ASSESSMENTDATE;REQUIREMENTS_ID;"
      + "REQUIREMENTS_DESCRIPTION;REQUIREMENTS_ATTRIBUTES_SECTION;REQUIREMENTS_ATTRIBUTES_SUBSECTION;"
      + "REQUIREMENTS_ATTRIBUTES_PROFILE;REQUIREMENTS_ATTRIBUTES_ASSESSMENTSTATUS;STATUS;STATUSEXTENDED;RESOURCEID;"
      + "RESOURCENAME;CHECKID;MUTED;FRAMEWORK;NAME";

  @TempDir
  Path temp;
  private Path run;
  private Path ocsf;
  private Map<String, String> titles;

  @BeforeEach
  void writeRun() throws IOException {
    Path real = TestFiles.realRun("prowler-5.7.5/iam-s3-ec2-us-east-1").resolve(NAME + ".ocsf.json");
    run = Files.createDirectories(temp.resolve("output"));
    ocsf = Files.copy(real, run.resolve(NAME + ".ocsf.json"));
    titles = new TreeMap<>();
    StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
    for (JsonNode result : JSON.readTree(real.toFile())) {
      JsonNode ids = result.path("unmapped").path("compliance").path("CIS-2.0");
      for (JsonNode id : ids) {
        String title = "Requirement " + id.asText() + ": ensure it";
        titles.put(id.asText(), title);
        csv.append(String.join(";", "aws", "The CIS Amazon Web Services Foundations Benchmark", ACCOUNT,
            result.path("cloud").path("region").asText(), "2026-12-06 03:31:32.865000", id.asText(), title,
            "Section", "", "Level 1", "Automated", result.path("status_code").asText(), "status text",
            result.path("resources").get(0).path("uid").asText(), result.path("resources").get(0).path("name")
                .asText(), result.path("metadata").path("event_code").asText(),
            "Suppressed".equals(result.path("status").asText()) ? "True" : "False", "CIS",
            "CIS Amazon Web Services Foundations Benchmark v2.0.0")).append("\r\n");
      }
    }
    // requirements no check covers: Prowler writes them MANUAL, with check "manual"
    for (String manual : List.of("1.1", "1.2")) {
      titles.put(manual, "Manual requirement " + manual);
      csv.append(String.join(";", "aws", "The CIS Amazon Web Services Foundations Benchmark", ACCOUNT, "",
          "2026-12-06 03:31:32.865000", manual, "Manual requirement " + manual, "Section", "", "Level 1", "Manual",
          "MANUAL", "Manual check", "manual_check", "Manual check", "manual", "False", "CIS",
          "CIS Amazon Web Services Foundations Benchmark v2.0.0")).append("\r\n");
    }
    Path compliance = Files.createDirectories(run.resolve("compliance"));
    Files.writeString(compliance.resolve(NAME + "_cis_2.0_aws.csv"), csv);
  }

  private RunOutcome aggregate(String runId, Path input) {
    return Pipeline.builder(Plugins.discover()).workDirectory(temp.resolve("work")).build()
        .aggregate(runId, List.of(input));
  }

  @Test
  void aggregate_complianceCsvWithTheOcsfFileOfItsRun_addsTitlesAndManualRequirementsAndCountsNothingTwice() {
    PostureReport alone = aggregate("ocsf-alone", ocsf).report();
    RunOutcome outcome = aggregate("with-csv", run);
    PostureReport joined = outcome.report();

    assertThat(titles).containsKeys("1.1", "1.2").hasSizeGreaterThan(5);
    assertThat(joined.findings()).isEqualTo(alone.findings());
    assertThat(joined.services()).isEqualTo(alone.services());
    assertThat(joined.rules()).isEqualTo(alone.rules());
    assertThat(joined.accounts()).extracting(row -> row.findings()).isEqualTo(alone.accounts().stream()
        .map(row -> row.findings()).toList());
    assertThat(outcome.manifest().inputs()).filteredOn(input -> input.source().endsWith("_cis_2.0_aws.csv"))
        .singleElement().satisfies(input -> {
          assertThat(input.findings()).isZero();
          assertThat(input.skipped()).contains("same run as");
        });
    List<String> others = new ArrayList<>();
    for (FrameworkCompliance framework : alone.compliance()) {
      if (!framework.framework().equals("CIS-2.0")) {
        others.add(framework.framework());
        assertThat(joined.compliance()).contains(framework);
      }
    }
    assertThat(joined.compliance()).hasSize(others.size() + 1);

    FrameworkCompliance before = alone.compliance().stream().filter(f -> f.framework().equals("CIS-2.0"))
        .findFirst().orElseThrow();
    FrameworkCompliance after = joined.compliance().stream().filter(f -> f.framework().equals("CIS-2.0"))
        .findFirst().orElseThrow();
    assertThat(after.passed()).isEqualTo(before.passed());
    assertThat(after.failed()).isEqualTo(before.failed());
    assertThat(after.manual()).isEqualTo(before.manual() + 2);
    for (ComplianceRequirement requirement : after.requirements()) {
      assertThat(requirement.title()).as(requirement.id()).isEqualTo(titles.get(requirement.id()));
      ComplianceRequirement was = before.requirements().stream().filter(r -> r.id().equals(requirement.id()))
          .findFirst().orElse(null);
      if (was == null) {
        assertThat(requirement.id()).isIn("1.1", "1.2");
        assertThat(requirement.status(ACCOUNT)).isEqualTo(FindingStatus.MANUAL);
        assertThat(requirement.flagged()).isZero();
      } else {
        assertThat(requirement.status()).as(requirement.id()).isEqualTo(was.status());
        assertThat(requirement.flagged()).as(requirement.id()).isEqualTo(was.flagged());
        assertThat(requirement.accounts()).isEqualTo(was.accounts());
      }
    }
  }

  @Test
  void aggregate_complianceCsvAlone_namesItsFrameworkWithProwlersKey() {
    Path alone = temp.resolve("alone");
    try {
      Files.createDirectories(alone);
      Files.copy(run.resolve("compliance").resolve(NAME + "_cis_2.0_aws.csv"),
          alone.resolve(NAME + "_cis_2.0_aws.csv"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    PostureReport report = aggregate("csv-alone", alone).report();

    assertThat(report.compliance()).extracting(FrameworkCompliance::framework).containsExactly("CIS-2.0");
    assertThat(report.compliance().get(0).manual()).isEqualTo(2);
  }
}
