package io.secposture.samples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.samples.SampleData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ScoutSuite samples look like what ScoutSuite writes: the report directory, byte-for-byte Python
 * {@code json.dumps} formatting with sorted keys, a summary that matches the findings, items that point at
 * resources in the tree, determinism per seed, generation-to-generation churn and sizes on demand.
 */
class ScoutSuiteSampleWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static String text(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static JsonNode results(List<Artifact> artifacts) throws IOException {
    String text = text(artifacts.get(0).file());
    return JSON.readTree(text.substring(text.indexOf('\n') + 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "azure", "gcp"})
  void write_eachProvider_writesAReportDirectoryLikeScoutSuites(String provider) throws IOException {
    List<Artifact> artifacts = SampleData.scoutSuite(dir, CloudProvider.of(provider), "acct-1", 4, 0, 0);

    String name = provider + "-acct-1";
    assertThat(artifacts).extracting(Artifact::name).startsWith(
        "scoutsuite-results/scoutsuite_results_" + name + ".js", name + ".html", "inc-scoutsuite/scoutsuite.js",
        "inc-scoutsuite/css/scoutsuite.css", "scoutsuite-results/scoutsuite_exceptions_" + name + ".js");
    assertThat(artifacts).extracting(Artifact::role).startsWith(ArtifactRole.RESULTS, ArtifactRole.HTML,
        ArtifactRole.ASSET, ArtifactRole.ASSET, ArtifactRole.ASSET);
    for (Artifact artifact : artifacts) {
      assertThat(artifact.file()).isEqualTo(dir.resolve(artifact.name())).isRegularFile();
    }
    assertThat(artifacts.get(0).mediaType()).startsWith("text/javascript");
    String html = text(dir.resolve(name + ".html"));
    for (String reference : List.of("scoutsuite-results/scoutsuite_results_" + name + ".js",
        "scoutsuite-results/scoutsuite_exceptions_" + name + ".js", "inc-scoutsuite/scoutsuite.js",
        "inc-scoutsuite/css/scoutsuite.css")) {
      assertThat(html).contains("\"" + reference + "\"");
      assertThat(dir.resolve(reference)).isRegularFile();
    }
    assertThat(text(dir.resolve("inc-scoutsuite/scoutsuite.js"))).contains("scoutsuite_results")
        .doesNotContain("innerHTML");
    long size = Files.size(artifacts.get(0).file());
    assertThat(size).as("a small realistic results file").isBetween(30_000L, 250_000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "azure", "gcp"})
  void write_resultsFile_isPythonJsonDumpsOutputWithSortedKeys(String provider) throws IOException {
    List<Artifact> artifacts = SampleData.scoutSuite(dir, CloudProvider.of(provider), "acct-2", 8, 1, 0);
    String text = text(artifacts.get(0).file());

    assertThat(text).startsWith("scoutsuite_results =\n").endsWith("\n");
    assertThat(text.lines()).hasSize(2);
    String json = text.substring("scoutsuite_results =\n".length(), text.length() - 1);
    StringBuilder python = new StringBuilder();
    pythonDumps(JSON.readTree(json), python);
    assertThat(json).isEqualTo(python.toString());
    assertThat(json).isEqualTo(new String(json.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "azure", "gcp"})
  void write_summary_matchesTheFindingsAsScoutSuiteComputesIt(String provider) throws IOException {
    JsonNode root = results(SampleData.scoutSuite(dir, CloudProvider.of(provider), "acct-3", 12, 3, 0));

    JsonNode summary = root.get("last_run").get("summary");
    assertThat(new TreeSet<>(names(summary))).isEqualTo(new TreeSet<>(names(root.get("services"))));
    long flaggedTotal = 0;
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      long checked = 0;
      long flagged = 0;
      String maxLevel = "warning";
      for (Map.Entry<String, JsonNode> rule : service.getValue().get("findings").properties()) {
        JsonNode finding = rule.getValue();
        assertThat(finding.get("flagged_items").asLong()).isEqualTo(finding.get("items").size());
        checked += finding.get("checked_items").asLong();
        flagged += finding.get("items").size();
        if (finding.get("items").size() > 0 && !maxLevel.equals("danger")) {
          maxLevel = finding.get("level").asText();
        }
        assertThat(finding.get("level").asText()).isIn("danger", "warning");
      }
      long resources = 0;
      for (Map.Entry<String, JsonNode> key : service.getValue().properties()) {
        if (key.getKey().endsWith("_count") && !key.getKey().equals("regions_count")) {
          resources += key.getValue().asLong();
        }
      }
      JsonNode entry = summary.get(service.getKey());
      assertThat(entry.get("checked_items").asLong()).as(service.getKey()).isEqualTo(checked);
      assertThat(entry.get("flagged_items").asLong()).as(service.getKey()).isEqualTo(flagged);
      assertThat(entry.get("resources_count").asLong()).as(service.getKey()).isEqualTo(resources);
      assertThat(entry.get("max_level").asText()).as(service.getKey()).isEqualTo(maxLevel);
      assertThat(entry.get("rules_count").asInt()).isEqualTo(service.getValue().get("findings").size());
      flaggedTotal += flagged;
    }
    assertThat(flaggedTotal).isPositive();
    assertThat(root.get("provider_code").asText()).isEqualTo(provider);
    assertThat(root.get("account_id").asText()).isEqualTo("acct-3");
    assertThat(root.get("last_run").get("version").asText()).isEqualTo("5.14.0");
    assertThat(root.get("last_run").get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d{4}");
    assertThat(root.get("service_list")).hasSize(root.get("services").size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "azure", "gcp"})
  void write_items_pointAtResourcesInTheTreeAsTheHtmlResolvesThem(String provider) throws IOException {
    JsonNode root = results(SampleData.scoutSuite(dir, CloudProvider.of(provider), "acct-4", 2, 0, 0));

    int checked = 0;
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      for (Map.Entry<String, JsonNode> rule : service.getValue().get("findings").properties()) {
        JsonNode finding = rule.getValue();
        String pattern = finding.has("display_path") ? finding.get("display_path").asText()
            : finding.get("path").asText();
        int components = pattern.split("\\.").length;
        for (JsonNode item : finding.get("items")) {
          String[] parts = item.asText().split("\\.");
          assertThat(parts[0]).isEqualTo(service.getKey());
          JsonNode node = root.get("services");
          for (int i = 0; i < Math.min(components, parts.length); i++) {
            node = node.path(parts[i]);
          }
          assertThat(node.isObject()).as("resource of %s in rule %s", item, rule.getKey()).isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).isPositive();
  }

  @Test
  void write_sameArguments_sameBytes() throws IOException {
    List<Artifact> first = SampleData.scoutSuite(dir.resolve("a"), CloudProvider.AWS, "111122223333", 9, 2, 0);
    List<Artifact> second = SampleData.scoutSuite(dir.resolve("b"), CloudProvider.AWS, "111122223333", 9, 2, 0);

    assertThat(second).extracting(Artifact::name).isEqualTo(first.stream().map(Artifact::name).toList());
    for (int i = 0; i < first.size(); i++) {
      assertThat(Files.readAllBytes(second.get(i).file())).as(first.get(i).name())
          .isEqualTo(Files.readAllBytes(first.get(i).file()));
    }
    List<Artifact> other = SampleData.scoutSuite(dir.resolve("c"), CloudProvider.AWS, "111122223333", 10, 2, 0);
    assertThat(Files.readAllBytes(other.get(0).file())).isNotEqualTo(Files.readAllBytes(first.get(0).file()));
  }

  @Test
  void write_nextGeneration_fixesAboutATenthAndAddsAboutAFifthOfThat() throws IOException {
    Set<String> previous = items(results(SampleData.scoutSuite(dir.resolve("g0"), CloudProvider.AWS, "111122223333",
        6, 0, 3_000_000)));
    Set<String> next = items(results(SampleData.scoutSuite(dir.resolve("g1"), CloudProvider.AWS, "111122223333",
        6, 1, 3_000_000)));

    Set<String> fixed = new HashSet<>(previous);
    fixed.removeAll(next);
    Set<String> added = new HashSet<>(next);
    added.removeAll(previous);
    assertThat(previous).hasSizeGreaterThan(2_000);
    assertThat((double) fixed.size() / previous.size()).isBetween(0.08, 0.12);
    assertThat((double) added.size() / previous.size()).isBetween(0.035, 0.075);
    assertThat(next.size()).isEqualTo(previous.size() - fixed.size() + added.size());
  }

  @ParameterizedTest
  @ValueSource(longs = {2_000_000, 12_000_000})
  void write_targetBytes_growsTheResultsToAboutThatSize(long target) throws IOException {
    List<Artifact> artifacts = SampleData.scoutSuite(dir, CloudProvider.GCP, "big-project", 5, 0, target);

    assertThat((double) Files.size(artifacts.get(0).file())).isBetween(target * 0.95, target * 1.05);
  }

  @Test
  void write_someSeeds_writeAnErrorsFileLikeARunThatExited200() throws IOException {
    List<Long> withErrors = new ArrayList<>();
    for (long seed = 0; seed < 12; seed++) {
      List<Artifact> artifacts = SampleData.scoutSuite(dir.resolve("s" + seed), CloudProvider.AWS, "111122223333",
          seed, 0, 0);
      Path errors = dir.resolve("s" + seed + "/scoutsuite-results/scoutsuite_errors_aws-111122223333.json");
      if (Files.exists(errors)) {
        withErrors.add(seed);
        assertThat(artifacts).extracting(Artifact::file).contains(errors);
        String text = text(errors);
        JsonNode array = JSON.readTree(text);
        StringBuilder python = new StringBuilder();
        pythonDumpsIndented(array, python, 0);
        assertThat(text).isEqualTo(python + "\n");
        assertThat(array.size()).isBetween(3, 42);
        for (JsonNode error : array) {
          assertThat(names(error)).containsExactly("additional_details", "exception", "file", "line", "traceback");
          assertThat(error.get("exception").asText()).contains("(AccessDenied)");
        }
      }
    }
    assertThat(withErrors).hasSizeBetween(2, 10);
  }

  @Test
  void write_exceptionsFile_listsItemsThatAreNotFindings() throws IOException {
    boolean found = false;
    for (long seed = 0; seed < 16 && !found; seed++) {
      Path target = dir.resolve("e" + seed);
      List<Artifact> artifacts = SampleData.scoutSuite(target, CloudProvider.AZURE, "sub-1", seed, 0, 0);
      String exceptions = text(target.resolve("scoutsuite-results/scoutsuite_exceptions_azure-sub-1.js"));
      assertThat(exceptions).startsWith("exceptions =\n").endsWith("\n");
      JsonNode listed = JSON.readTree(exceptions.substring(exceptions.indexOf('\n') + 1));
      if (listed.isEmpty()) {
        assertThat(exceptions).isEqualTo("exceptions =\n{}\n");
        continue;
      }
      found = true;
      Set<String> findings = items(results(artifacts));
      for (Map.Entry<String, JsonNode> service : listed.properties()) {
        for (Map.Entry<String, JsonNode> rule : service.getValue().properties()) {
          for (JsonNode item : rule.getValue()) {
            assertThat(item.asText()).startsWith(service.getKey() + ".");
            assertThat(findings).doesNotContain(rule.getKey() + " " + item.asText());
          }
        }
      }
    }
    assertThat(found).as("some seed writes exceptions").isTrue();
  }

  @Test
  void write_providerWithoutSamples_refused() {
    assertThatThrownBy(() -> SampleData.scoutSuite(dir, CloudProvider.KUBERNETES, "c", 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aws, azure and gcp");
    assertThatThrownBy(() -> SampleData.scoutSuite(dir, CloudProvider.AWS, "c", 1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generation");
  }

  private static Set<String> items(JsonNode root) {
    Set<String> items = new HashSet<>();
    for (Map.Entry<String, JsonNode> service : root.get("services").properties()) {
      for (Map.Entry<String, JsonNode> rule : service.getValue().get("findings").properties()) {
        rule.getValue().get("items").forEach(item -> items.add(rule.getKey() + " " + item.asText()));
      }
    }
    return items;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.properties().forEach(entry -> names.add(entry.getKey()));
    return names;
  }

  /** An independent rendering of Python's {@code json.dumps(value, separators=(',', ': '), sort_keys=True)}. */
  private static void pythonDumps(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      boolean first = true;
      for (String name : new TreeSet<>(names(node))) {
        out.append(first ? "" : ",");
        first = false;
        pythonString(name, out);
        out.append(": ");
        pythonDumps(node.get(name), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",");
        pythonDumps(node.get(i), out);
      }
      out.append(']');
    } else {
      scalar(node, out);
    }
  }

  /** Python's {@code json.dumps(value, indent=4, sort_keys=True)}. */
  private static void pythonDumpsIndented(JsonNode node, StringBuilder out, int depth) {
    String inner = "    ".repeat(depth + 1);
    if (node.isObject() && !node.isEmpty()) {
      out.append("{\n");
      boolean first = true;
      for (String name : new TreeSet<>(names(node))) {
        out.append(first ? "" : ",\n").append(inner);
        first = false;
        pythonString(name, out);
        out.append(": ");
        pythonDumpsIndented(node.get(name), out, depth + 1);
      }
      out.append('\n').append("    ".repeat(depth)).append('}');
    } else if (node.isArray() && !node.isEmpty()) {
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",\n").append(inner);
        pythonDumpsIndented(node.get(i), out, depth + 1);
      }
      out.append('\n').append("    ".repeat(depth)).append(']');
    } else if (node.isContainerNode()) {
      out.append(node.isObject() ? "{}" : "[]");
    } else {
      scalar(node, out);
    }
  }

  private static void scalar(JsonNode node, StringBuilder out) {
    if (node.isTextual()) {
      pythonString(node.asText(), out);
    } else if (node.isNull()) {
      out.append("null");
    } else if (node.isBoolean()) {
      out.append(node.asBoolean() ? "true" : "false");
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue());
    } else {
      throw new AssertionError("the samples hold no floating point numbers, found " + node);
    }
  }

  /** Python's {@code ensure_ascii} string encoding. */
  private static void pythonString(String text, StringBuilder out) {
    out.append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
