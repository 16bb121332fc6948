package io.secposture.samples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.samples.ProwlerSampleWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProwlerSampleWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  @Test
  void write_small_writesOcsfFirstThenCsvAndHtmlOfAbout100Kb() throws IOException {
    List<Artifact> artifacts = ProwlerSampleWriter.write(directory, CloudProvider.AWS, "123456789012", 1, 0, 0);

    assertThat(artifacts).extracting(Artifact::role)
        .containsExactly(ArtifactRole.RESULTS, ArtifactRole.ASSET, ArtifactRole.HTML);
    assertThat(artifacts).extracting(Artifact::name).allMatch(name -> name.startsWith("prowler-output-123456789012-"))
        .satisfiesExactly(name -> assertThat(name).endsWith(".ocsf.json"),
            name -> assertThat(name).endsWith(".csv"), name -> assertThat(name).endsWith(".html"));
    assertThat(artifacts.get(0).mediaType()).isEqualTo("application/json");
    for (Artifact artifact : artifacts) {
      assertThat(artifact.file()).isRegularFile().hasParent(directory);
      assertThat(artifact.file().getFileName().toString()).isEqualTo(artifact.name());
    }
    assertThat(Files.size(artifacts.get(0).file())).isBetween(50_000L, 250_000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "azure", "gcp", "kubernetes"})
  void write_eachProvider_writesProwler5DetectionFindings(String providerId) throws IOException {
    String account = providerId.equals("azure") ? "9f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b" : "acct-" + providerId;
    List<Artifact> artifacts = ProwlerSampleWriter.write(directory, CloudProvider.of(providerId), account, 7, 0, 0);
    JsonNode findings = JSON.readTree(artifacts.get(0).file().toFile());

    assertThat(findings.isArray()).isTrue();
    assertThat(findings.size()).isGreaterThan(15);
    Set<String> statuses = new HashSet<>();
    for (JsonNode finding : findings) {
      String check = finding.at("/metadata/event_code").asText();
      assertThat(check).matches("[a-z0-9_A-Z]+");
      assertThat(finding.get("class_uid").asInt()).isEqualTo(2004);
      assertThat(finding.get("class_name").asText()).isEqualTo("Detection Finding");
      assertThat(finding.get("type_uid").asInt()).isEqualTo(200401);
      assertThat(finding.at("/metadata/product/name").asText()).isEqualTo("Prowler");
      String status = finding.get("status_code").asText();
      statuses.add(status);
      assertThat(status).isIn("PASS", "FAIL", "MANUAL");
      boolean muted = finding.get("status").asText().equals("Suppressed");
      assertThat(finding.get("status_id").asInt()).isEqualTo(muted ? 3 : 1);
      if (!muted) {
        assertThat(finding.get("status").asText()).isEqualTo("New");
      }
      assertThat(finding.get("severity_id").asInt())
          .isEqualTo(List.of("Informational", "Low", "Medium", "High", "Critical")
              .indexOf(finding.get("severity").asText()) + 1);
      assertThat(finding.at("/finding_info/uid").asText()).startsWith("prowler-" + providerId + "-" + check + "-"
          + account + "-");
      assertThat(finding.at("/finding_info/title").asText()).isNotBlank();
      assertThat(finding.at("/finding_info/desc").asText()).isNotBlank();
      assertThat(finding.get("resources").size()).isEqualTo(1);
      JsonNode resource = finding.get("resources").get(0);
      assertThat(resource.get("uid").asText()).isNotBlank();
      assertThat(resource.get("name").asText()).isNotBlank();
      assertThat(resource.get("type").asText()).isNotBlank();
      assertThat(resource.at("/group/name").asText()).matches("[a-z0-9]+");
      assertThat(finding.at("/unmapped/compliance").isObject()).isTrue();
      finding.at("/unmapped/compliance").forEach(ids -> assertThat(ids.isArray()).isTrue());
      assertThat(finding.at("/unmapped/provider_uid").asText()).isEqualTo(account);
      assertThat(finding.at("/remediation/desc").asText()).isNotBlank();
      assertThat(finding.at("/remediation/references").get(0).asText()).startsWith("https://");
      if (providerId.equals("kubernetes")) {
        assertThat(finding.has("cloud")).as("Prowler writes no cloud object for Kubernetes").isFalse();
        assertThat(resource.get("namespace").asText()).isNotBlank();
        assertThat(finding.at("/metadata/profiles/0").asText()).isEqualTo("container");
      } else {
        assertThat(finding.at("/cloud/account/uid").asText()).isEqualTo(account);
        assertThat(finding.at("/cloud/provider").asText()).isEqualTo(providerId);
        assertThat(resource.get("region").asText()).isNotBlank();
      }
    }
    assertThat(statuses).contains("PASS", "FAIL", "MANUAL");
  }

  @Test
  void write_layout_isProwlersArrayOfFourSpaceIndentedObjects() throws IOException {
    Path file = ProwlerSampleWriter.write(directory, CloudProvider.GCP, "shop-prod-0042", 3, 0, 0).get(0).file();
    String text = Files.readString(file);

    assertThat(text).startsWith("[{\n    \"message\": \"");
    assertThat(text).contains("},{\n    \"message\"");
    assertThat(text).contains("\"depends_on\": [],").doesNotContain("[ ]").doesNotContain("\" : ");
    assertThat(text).endsWith("}]");
  }

  @Test
  void write_sameSeedAndGeneration_writesTheSameBytes() throws IOException {
    Path one = Files.createDirectories(directory.resolve("one"));
    Path two = Files.createDirectories(directory.resolve("two"));
    Path three = Files.createDirectories(directory.resolve("three"));
    List<Artifact> first = ProwlerSampleWriter.write(one, CloudProvider.AZURE, "sub-1", 11, 2, 0);
    List<Artifact> second = ProwlerSampleWriter.write(two, CloudProvider.AZURE, "sub-1", 11, 2, 0);
    List<Artifact> otherSeed = ProwlerSampleWriter.write(three, CloudProvider.AZURE, "sub-1", 12, 2, 0);

    for (int i = 0; i < first.size(); i++) {
      assertThat(Files.readAllBytes(second.get(i).file())).isEqualTo(Files.readAllBytes(first.get(i).file()));
    }
    assertThat(Files.readAllBytes(otherSeed.get(0).file())).isNotEqualTo(Files.readAllBytes(first.get(0).file()));
  }

  @Test
  void write_csv_holdsTheSameResultsAsTheOcsfFile() throws IOException {
    List<Artifact> artifacts = ProwlerSampleWriter.write(directory, CloudProvider.AWS, "210987654321", 5, 1, 0);
    JsonNode findings = JSON.readTree(artifacts.get(0).file().toFile());
    List<List<String>> rows = readCsv(Files.readString(artifacts.get(1).file(), StandardCharsets.UTF_8));

    assertThat(rows.get(0)).isEqualTo(ProwlerSampleCsv.COLUMNS);
    assertThat(rows).hasSize(findings.size() + 1);
    List<String> header = rows.get(0);
    for (int i = 0; i < findings.size(); i++) {
      JsonNode finding = findings.get(i);
      List<String> row = rows.get(i + 1);
      assertThat(row).hasSameSizeAs(header);
      assertThat(row.get(header.indexOf("CHECK_ID"))).isEqualTo(finding.at("/metadata/event_code").asText());
      assertThat(row.get(header.indexOf("STATUS"))).isEqualTo(finding.get("status_code").asText());
      assertThat(row.get(header.indexOf("MUTED")))
          .isEqualTo(finding.get("status").asText().equals("Suppressed") ? "True" : "False");
      assertThat(row.get(header.indexOf("RESOURCE_UID"))).isEqualTo(finding.at("/resources/0/uid").asText());
      assertThat(row.get(header.indexOf("FINDING_UID"))).isEqualTo(finding.at("/finding_info/uid").asText());
      assertThat(row.get(header.indexOf("SEVERITY"))).isEqualTo(finding.get("severity").asText().toLowerCase());
    }
  }

  @Test
  void write_laterGeneration_fixesAboutATenthOfFailuresAndAddsAboutFivePercentNew() throws IOException {
    long size = 6_000_000;
    Map<String, String> previous = statuses(ProwlerSampleWriter.write(
        Files.createDirectories(directory.resolve("g2")), CloudProvider.AWS, "111122223333", 9, 2, size).get(0));
    Map<String, String> current = statuses(ProwlerSampleWriter.write(
        Files.createDirectories(directory.resolve("g3")), CloudProvider.AWS, "111122223333", 9, 3, size).get(0));

    assertThat(current.keySet()).as("every generation covers the same checks and resources")
        .isEqualTo(previous.keySet());
    long failedBefore = previous.values().stream().filter("FAIL"::equals).count();
    long fixed = previous.keySet().stream()
        .filter(key -> previous.get(key).equals("FAIL") && current.get(key).equals("PASS")).count();
    long added = previous.keySet().stream()
        .filter(key -> previous.get(key).equals("PASS") && current.get(key).equals("FAIL")).count();
    assertThat(failedBefore).isGreaterThan(300);
    assertThat((double) fixed / failedBefore).isBetween(0.06, 0.14);
    assertThat((double) added / failedBefore).isBetween(0.025, 0.075);
  }

  @Test
  void write_targetBytes_growsTheOcsfFileToAboutThatSizeWithoutCsvPastTheSmallLimit() throws IOException {
    Path medium = Files.createDirectories(directory.resolve("medium"));
    Path large = Files.createDirectories(directory.resolve("large"));
    List<Artifact> mediumArtifacts = ProwlerSampleWriter.write(medium, CloudProvider.KUBERNETES, "prod-eks", 1, 0,
        3_000_000);
    List<Artifact> largeArtifacts = ProwlerSampleWriter.write(large, CloudProvider.GCP, "data-lake-7", 1, 0,
        ProwlerSampleWriter.SMALL_LIMIT + 1_000_000);

    assertThat(Files.size(mediumArtifacts.get(0).file())).isBetween(2_700_000L, 3_300_000L);
    assertThat(mediumArtifacts).hasSize(3);
    assertThat(largeArtifacts).singleElement().extracting(Artifact::role).isEqualTo(ArtifactRole.RESULTS);
    assertThat(Files.size(largeArtifacts.get(0).file()))
        .isBetween(ProwlerSampleWriter.SMALL_LIMIT, ProwlerSampleWriter.SMALL_LIMIT + 2_500_000);
    try (var files = Files.list(large)) {
      assertThat(files.count()).isEqualTo(1);
    }
    Set<String> uids = new HashSet<>();
    for (JsonNode finding : JSON.readTree(largeArtifacts.get(0).file().toFile())) {
      assertThat(uids.add(finding.at("/metadata/event_code").asText() + " " + finding.at("/resources/0/uid").asText()))
          .as("each check looks at each resource once").isTrue();
    }
  }

  @Test
  void write_accountWithUnsafeCharacters_keepsItInContentAndSanitisesTheFileNameAndEscapesTheHtml()
      throws IOException {
    String account = "arn:aws:eks:eu-west-1:123:cluster/<b>&'x";
    List<Artifact> artifacts = ProwlerSampleWriter.write(directory, CloudProvider.KUBERNETES, account, 2, 0, 0);

    assertThat(artifacts.get(0).name()).matches("prowler-output-[A-Za-z0-9._-]+\\.ocsf\\.json");
    assertThat(JSON.readTree(artifacts.get(0).file().toFile()).get(0).at("/unmapped/provider_uid").asText())
        .isEqualTo(account);
    String html = Files.readString(artifacts.get(2).file());
    assertThat(html).contains("cluster/&lt;b&gt;&amp;&#39;x").doesNotContain("<b>");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(ProwlerSampleWriter.Format.class)
  void writeFormat_eachFormat_writesTheSameResultsAsTheOcsfSample(ProwlerSampleWriter.Format format)
      throws IOException {
    Path file = directory.resolve("sample-" + format);
    ProwlerSampleWriter.writeFormat(file, format, CloudProvider.AWS, "123456789012", 4, 1, 0);
    Path ocsf = directory.resolve("sample.ocsf.json");
    ProwlerSampleWriter.writeFormat(ocsf, ProwlerSampleWriter.Format.OCSF, CloudProvider.AWS, "123456789012", 4, 1,
        0);
    JsonNode findings = JSON.readTree(ocsf.toFile());
    String text = Files.readString(file);
    long manual = 0;
    for (JsonNode finding : findings) {
      manual += finding.get("status_code").asText().equals("MANUAL") ? 1 : 0;
    }

    switch (format) {
      case OCSF:
        assertThat(text).isEqualTo(Files.readString(ocsf));
        break;
      case CSV:
      case CSV_V2:
        assertThat(text.lines().count()).isEqualTo(findings.size() + 1);
        break;
      case JSON_V2:
        assertThat(text.lines().count()).isEqualTo(findings.size());
        text.lines().forEach(line -> assertThat(line).startsWith("{\"Profile\":").endsWith("}"));
        break;
      case ASFF:
        assertThat(JSON.readTree(text).size()).as("MANUAL results are not in ASFF").isEqualTo(findings.size() - manual);
        break;
      case OCSF_V3:
      case JSON_V3:
        assertThat(JSON.readTree(text).size()).isEqualTo(findings.size());
        break;
      case COMPLIANCE_CSV:
        assertThat(text).startsWith("PROVIDER;DESCRIPTION;ACCOUNTID;REGION;ASSESSMENTDATE;REQUIREMENTS_ID;")
            .contains(";manual;False;CIS;CIS Benchmark CIS-3.0\r\n");
        break;
      default:
        throw new IllegalStateException(format.toString());
    }
  }

  @Test
  void writeFormat_awsOnlyFormatForAnotherCloud_isRefused() {
    assertThatThrownBy(() -> ProwlerSampleWriter.writeFormat(directory.resolve("x"), ProwlerSampleWriter.Format.ASFF,
        CloudProvider.AZURE, "sub", 1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AWS only");
  }

  @Test
  void write_badArguments_areRefused() {
    assertThatThrownBy(() -> ProwlerSampleWriter.write(directory, CloudProvider.of("oci"), "a", 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oci");
    assertThatThrownBy(() -> ProwlerSampleWriter.write(directory, CloudProvider.AWS, " ", 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accountId");
    assertThatThrownBy(() -> ProwlerSampleWriter.write(directory, CloudProvider.AWS, "1", 1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation");
    assertThatThrownBy(() -> ProwlerSampleWriter.write(directory, CloudProvider.AWS, "1", 1, 0, -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetBytes");
  }

  private static Map<String, String> statuses(Artifact ocsf) throws IOException {
    Map<String, String> byFinding = new HashMap<>();
    for (JsonNode finding : JSON.readTree(ocsf.file().toFile())) {
      byFinding.put(finding.at("/finding_info/uid").asText(), finding.get("status_code").asText());
    }
    return byFinding;
  }

  /** A small RFC 4180 reader for ';'-separated text with CRLF rows. */
  private static List<List<String>> readCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ';') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    return rows;
  }
}
