package io.secposture.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.Settings;
import io.secposture.core.ExportResult;
import io.secposture.testkit.InMemoryExportedRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCSF file of a sample run: one Detection Finding per finding and per resolved finding, Prowler's shape. */
class OcsfExporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  @Test
  void export_sampleRun_writesOneDetectionFindingPerFindingAndResolvedOne() throws Exception {
    InMemoryExportedRun run = InMemoryExportedRun.sample(temp);
    ExportResult result = new OcsfExporter().export(run, Settings.empty());

    assertThat(result.exported()).isEqualTo(7);
    Path file = run.addedFiles().get(OcsfExporter.FILE_NAME);
    JsonNode all = JSON.readTree(file.toFile());
    assertThat(all.isArray()).isTrue();
    assertThat(all).hasSize(7);
    all.forEach(finding -> {
      assertThat(finding.get("class_uid").asInt()).isEqualTo(2004);
      assertThat(finding.get("category_uid").asInt()).isEqualTo(2);
      assertThat(finding.get("type_uid").asInt()).isEqualTo(200400 + finding.get("activity_id").asInt());
      assertThat(finding.get("metadata").get("version").asText()).isEqualTo("1.4.0");
      assertThat(finding.get("time").asLong()).isEqualTo(1795312800000L);
    });
    JsonNode first = all.get(0);
    assertThat(first.get("severity").asText()).isEqualTo("Critical");
    assertThat(first.get("severity_id").asInt()).isEqualTo(5);
    assertThat(first.get("status").asText()).isEqualTo("New");
    assertThat(first.get("status_code").asText()).isEqualTo("FAIL");
    assertThat(first.get("activity_name").asText()).isEqualTo("Create");
    assertThat(first.get("finding_info").get("title").asText()).isEqualTo("S3 bucket is public");
    assertThat(first.get("finding_info").get("uid").asText()).hasSize(32);
    assertThat(first.get("finding_info").get("first_seen_time_dt").asText()).isEqualTo("2026-11-22T02:00:00Z");
    assertThat(first.get("metadata").get("event_code").asText()).isEqualTo("s3_bucket_public_access");
    assertThat(first.get("resources").get(0).get("uid").asText()).isEqualTo("arn:aws:s3:::payments-exports");
    assertThat(first.get("resources").get(0).get("group").get("name").asText()).isEqualTo("s3");
    assertThat(first.get("resources").get(0).get("cloud_partition").asText()).isEqualTo("aws");
    assertThat(first.get("cloud").get("account").get("uid").asText()).isEqualTo("111122223333");
    assertThat(first.get("cloud").get("account").get("name").asText()).isEqualTo("payments-prod");
    assertThat(first.get("cloud").get("account").get("type_id").asInt()).isEqualTo(10);
    assertThat(first.get("cloud").get("region").asText()).isEqualTo("eu-west-1");
    assertThat(first.get("unmapped").get("compliance").get("CIS-2.0").get(0).asText()).isEqualTo("1.4");
    assertThat(first.get("unmapped").get("owner").asText()).isEqualTo("payments");
    assertThat(first.get("unmapped").get("change").asText()).isEqualTo("new");
    List<String> statuses = new ArrayList<>();
    all.forEach(finding -> statuses.add(finding.get("unmapped").get("change").asText() + ":"
        + finding.get("status").asText() + ":" + finding.get("activity_name").asText()));
    assertThat(statuses).containsExactly("new:New:Create", "reopened:New:Create", "unchanged:New:Update",
        "new:New:Create", "not_flagged:New:Create", "not_flagged:Suppressed:Create", "resolved:Resolved:Close");
    assertThat(all.get(5).get("unmapped").get("suppressed_by").asText()).isEqualTo("S12");
    assertThat(all.get(6).has("finding_info")).isTrue();
    assertThat(all.get(6).get("finding_info").has("last_seen_time")).isFalse();
  }

  @Test
  void export_withoutPassedOrResolved_writesOnlyFailures() throws Exception {
    InMemoryExportedRun run = InMemoryExportedRun.sample(temp);
    ExportResult result = new OcsfExporter().export(run, Settings.of(Map.of("ocsf.include-passed", "false",
        "ocsf.include-resolved", "false")));
    assertThat(result.exported()).isEqualTo(5);
    JsonNode all = JSON.readTree(run.addedFiles().get(OcsfExporter.FILE_NAME).toFile());
    all.forEach(finding -> assertThat(finding.get("status_code").asText()).isEqualTo("FAIL"));
  }

  @Test
  void validate_unknownOrMalformedSetting_isAProblem() {
    assertThat(new OcsfExporter().validate(Settings.of(Map.of("ocsf.include-pased", "true",
        "ocsf.include-resolved", "maybe"))).problems()).hasSize(2);
  }
}
