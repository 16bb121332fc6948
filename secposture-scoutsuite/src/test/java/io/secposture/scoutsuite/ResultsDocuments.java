package io.secposture.scoutsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small ScoutSuite results documents for parser tests, built as trees (they are tiny) and written in the shapes a
 * results file comes in.
 */
final class ResultsDocuments {
  static final ObjectMapper JSON = new ObjectMapper();

  /** How a document is written. */
  enum Shape {
    /** {@code scoutsuite_results =} then one line, as ScoutSuite writes it. */
    ASSIGNMENT,
    /** The assignment then indented JSON, as {@code --debug} writes it. */
    ASSIGNMENT_PRETTY,
    /** JSON without the assignment. */
    PLAIN,
    /** Indented JSON without the assignment. */
    PLAIN_PRETTY,
    /** The assignment and indented JSON with CRLF line ends. */
    CRLF,
    /** A byte-order mark, the assignment, one line. */
    BOM
  }

  private ResultsDocuments() {
  }

  /**
   * A two-service AWS document: ec2 with 2 danger items (of 3 checked volumes, one rule) and s3 with 1 warning
   * item whose rule has a display path, plus an out-of-scope service (rds) with nothing.
   */
  static ObjectNode minimal() {
    ObjectNode root = JSON.createObjectNode();
    root.put("account_id", "123456789012");
    root.put("environment", "default");
    ObjectNode lastRun = root.putObject("last_run");
    lastRun.put("ruleset_name", "default");
    ObjectNode summary = lastRun.putObject("summary");
    summary(summary, "ec2", 3, 2, 3, "danger");
    summary(summary, "rds", 0, 0, 0, "warning");
    summary(summary, "s3", 2, 1, 2, "warning");
    lastRun.put("time", "2024-09-28 17:13:10+0000");
    lastRun.put("version", "5.14.0");
    root.putObject("metadata").putObject("compute").putObject("ec2").putObject("resources");
    root.put("provider_code", "aws");
    root.put("provider_name", "Amazon Web Services");
    root.putArray("service_list").add("ec2").add("s3");
    ObjectNode services = root.putObject("services");
    ObjectNode ec2 = services.putObject("ec2");
    ec2.putObject("filters");
    ObjectNode volumes = finding(ec2.putObject("findings"), "ec2-ebs-volume-not-encrypted", "danger",
        "EBS Volume Not Encrypted", "ec2.regions.id.volumes.id", null, 3,
        List.of("ec2.regions.eu-west-1.volumes.vol-0a1.encrypted", "ec2.regions.us-east-1.volumes.vol-0b2.encrypted"));
    ArrayNode compliance = volumes.putArray("compliance");
    compliance.addObject().put("name", "CIS Amazon Web Services Foundations").put("reference", "2.2.1")
        .put("version", "1.4.0");
    volumes.put("remediation", "Enable encryption by default.");
    ObjectNode regions = ec2.putObject("regions");
    regions.putObject("eu-west-1").putObject("volumes").putObject("vol-0a1").put("Encrypted", false)
        .put("Size", 8);
    ec2.put("regions_count", 2);
    ec2.put("volumes_count", 3);
    ObjectNode rds = services.putObject("rds");
    rds.putObject("filters");
    rds.putObject("findings");
    ObjectNode s3 = services.putObject("s3");
    s3.putObject("buckets").putObject("3f2a").put("name", "logs");
    s3.put("buckets_count", 2);
    s3.putObject("filters");
    finding(s3.putObject("findings"), "s3-bucket-no-logging", "warning", "Bucket Access Logging Disabled",
        "s3.buckets.id", "s3.buckets.id", 2, List.of("s3.buckets.3f2a.logging"));
    return root;
  }

  private static void summary(ObjectNode summary, String service, long checked, long flagged, long resources,
      String maxLevel) {
    summary.putObject(service).put("checked_items", checked).put("flagged_items", flagged).put("max_level", maxLevel)
        .put("resources_count", resources).put("rules_count", 1);
  }

  /** Adds a finding with sorted keys (compliance and remediation null unless set later). */
  static ObjectNode finding(ObjectNode findings, String key, String level, String description, String path,
      String displayPath, long checked, List<String> items) {
    ObjectNode finding = findings.putObject(key);
    finding.put("checked_items", checked);
    finding.putNull("compliance");
    finding.put("dashboard_name", "Resources");
    finding.put("description", description);
    if (displayPath != null) {
      finding.put("display_path", displayPath);
    }
    finding.put("flagged_items", items.size());
    ArrayNode array = finding.putArray("items");
    items.forEach(array::add);
    finding.put("level", level);
    finding.put("path", path);
    finding.put("rationale", description + " matters.");
    finding.putNull("references");
    finding.putNull("remediation");
    finding.put("service", key.substring(0, key.indexOf('-')).toUpperCase(java.util.Locale.ROOT));
    return finding;
  }

  /** Returns the finding object of a rule. */
  static ObjectNode rule(ObjectNode root, String service, String rule) {
    return (ObjectNode) root.get("services").get(service).get("findings").get(rule);
  }

  static Path write(Path file, JsonNode root, Shape shape) {
    try {
      String json = switch (shape) {
        case ASSIGNMENT, PLAIN, BOM -> JSON.writeValueAsString(root);
        default -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
      };
      String text = switch (shape) {
        case ASSIGNMENT, ASSIGNMENT_PRETTY -> "scoutsuite_results =\n" + json + "\n";
        case PLAIN, PLAIN_PRETTY -> json;
        case CRLF -> ("scoutsuite_results =\n" + json + "\n").replace("\n", "\r\n");
        case BOM -> "\uFEFFscoutsuite_results =\n" + json + "\n";
      };
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns a copy of a tree with the keys of every object shuffled. */
  static JsonNode shuffled(JsonNode node, Random random) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      entries.addAll(node.properties());
      java.util.Collections.shuffle(entries, random);
      ObjectNode copy = JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> entry : entries) {
        copy.set(entry.getKey(), shuffled(entry.getValue(), random));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(shuffled(element, random)));
      return copy;
    }
    return node;
  }
}
