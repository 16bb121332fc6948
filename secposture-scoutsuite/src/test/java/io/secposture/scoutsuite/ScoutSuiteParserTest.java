package io.secposture.scoutsuite;

import static io.secposture.scoutsuite.ResultsDocuments.minimal;
import static io.secposture.scoutsuite.ResultsDocuments.rule;
import static io.secposture.scoutsuite.ResultsDocuments.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.secposture.api.AccountStats;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.ParsedReport;
import io.secposture.api.Plugins;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportSource;
import io.secposture.api.RequirementResult;
import io.secposture.api.ServiceStats;
import io.secposture.api.Severity;
import io.secposture.samples.SampleData;
import io.secposture.scoutsuite.ResultsDocuments.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What the parser makes of well-formed, unusual and broken results files. */
class ScoutSuiteParserTest {
  private final ScoutSuiteParser parser = new ScoutSuiteParser();

  @TempDir
  Path dir;

  private record Parsed(ParsedReport report, List<Finding> findings) {
    AccountStats account() {
      return report.accounts().get(0);
    }
  }

  private Parsed parse(Path file) {
    return parse(parser, ReportSource.of(file));
  }

  private static Parsed parse(ScoutSuiteParser parser, ReportSource source) {
    List<Finding> findings = new ArrayList<>();
    ParsedReport report = parser.parse(source, findings::add);
    return new Parsed(report, findings);
  }

  private Path results(JsonNode root) {
    return write(dir.resolve("scoutsuite-results/scoutsuite_results_aws-123456789012.js"), root, Shape.ASSIGNMENT);
  }

  // ---- what a valid file produces --------------------------------------------------------------------------------

  @Test
  void parse_validFile_reportsSummaryStatsMetadataAndOneFindingPerItem() {
    Parsed parsed = parse(results(minimal()));

    ParsedReport report = parsed.report();
    assertThat(report.parser()).isEqualTo("scoutsuite");
    assertThat(report.tool()).isEqualTo("scoutsuite");
    assertThat(report.toolVersion()).isEqualTo("5.14.0");
    assertThat(report.scannedAt()).isEqualTo(Instant.parse("2024-09-28T17:13:10Z"));
    assertThat(report.findings()).isEqualTo(3);
    assertThat(report.warnings()).isEmpty();
    assertThat(parsed.account().provider()).isEqualTo(CloudProvider.AWS);
    assertThat(parsed.account().accountId()).isEqualTo("123456789012");
    assertThat(parsed.account().services()).isEqualTo(Map.of(
        "ec2", new ServiceStats(3, 2, 3), "rds", ServiceStats.ZERO, "s3", new ServiceStats(2, 1, 2)));
    assertThat(parsed.findings()).hasSize(3);
  }

  @Test
  void parse_validFile_mapsEveryFindingField() {
    Finding volume = parse(results(minimal())).findings().get(0);

    assertThat(volume.tool()).isEqualTo("scoutsuite");
    assertThat(volume.provider()).isEqualTo(CloudProvider.AWS);
    assertThat(volume.accountId()).isEqualTo("123456789012");
    assertThat(volume.service()).isEqualTo("ec2");
    assertThat(volume.ruleId()).isEqualTo("ec2-ebs-volume-not-encrypted");
    assertThat(volume.title()).isEqualTo("EBS Volume Not Encrypted");
    assertThat(volume.severity()).isEqualTo(Severity.HIGH);
    assertThat(volume.status()).isEqualTo(FindingStatus.FAIL);
    assertThat(volume.muted()).isFalse();
    assertThat(volume.region()).isEqualTo("eu-west-1");
    assertThat(volume.resourceId()).isEqualTo("ec2.regions.eu-west-1.volumes.vol-0a1.encrypted");
    assertThat(volume.resourceType()).isEqualTo("ec2.volumes");
    assertThat(volume.description()).isEqualTo("EBS Volume Not Encrypted matters.");
    assertThat(volume.remediation()).isEqualTo("Enable encryption by default.");
    assertThat(volume.compliance()).containsExactly(
        new ComplianceRef("CIS-1.4", "2.2.1"));
    assertThat(volume.fingerprint()).isEqualTo(Finding.fingerprint("scoutsuite", CloudProvider.AWS, "123456789012",
        "ec2-ebs-volume-not-encrypted", "ec2.regions.eu-west-1.volumes.vol-0a1.encrypted"));

    Finding bucket = parse(results(minimal())).findings().get(2);
    assertThat(bucket.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(bucket.region()).isNull();
    assertThat(bucket.resourceType()).isEqualTo("s3.buckets");
    assertThat(bucket.remediation()).isNull();
    assertThat(bucket.compliance()).isEmpty();
  }

  @Test
  void parse_ruleThatCheckedItemsAndFlaggedNone_listsItsRequirementsAsPassed() {
    ObjectNode root = minimal();
    ObjectNode clean = ResultsDocuments.finding((ObjectNode) root.get("services").get("s3").get("findings"),
        "s3-bucket-no-mfa-delete", "warning", "Bucket without MFA delete", "s3.buckets.id", null, 2, List.of());
    ArrayNode refs = clean.putArray("compliance");
    refs.addObject().put("name", "CIS Amazon Web Services Foundations").put("reference", "2.1.3")
        .put("version", "1.2.0");
    refs.addObject().put("name", "Custom Baseline").put("reference", "B-7").put("version", "2024");
    ObjectNode unchecked = ResultsDocuments.finding((ObjectNode) root.get("services").get("s3").get("findings"),
        "s3-bucket-unchecked", "warning", "Never checked", "s3.buckets.id", null, 0, List.of());
    unchecked.putArray("compliance").addObject().put("name", "CIS Amazon Web Services Foundations")
        .put("reference", "9.9").put("version", "1.2.0");

    ParsedReport report = parse(results(root)).report();

    assertThat(report.requirementResults()).filteredOn(result -> result.status() == FindingStatus.PASS)
        .containsExactly(
            new RequirementResult(CloudProvider.AWS, "123456789012", new ComplianceRef("CIS-1.2", "2.1.3"),
                FindingStatus.PASS, "Bucket without MFA delete"),
            new RequirementResult(CloudProvider.AWS, "123456789012", new ComplianceRef("Custom Baseline 2024", "B-7"),
                FindingStatus.PASS, "Bucket without MFA delete"));
  }

  @Test
  void parse_ruleWithFlaggedItems_failsItsRequirementsWithTheRuleDescriptionAsTitle() {
    ParsedReport report = parse(results(minimal())).report();

    assertThat(report.requirementResults()).containsExactly(new RequirementResult(CloudProvider.AWS,
        "123456789012", new ComplianceRef("CIS-1.4", "2.2.1"), FindingStatus.FAIL, "EBS Volume Not Encrypted"));
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void parse_everyShapeAFileComesIn_givesTheSameResult(Shape shape) {
    Parsed expected = parse(results(minimal()));

    Parsed parsed = parse(write(dir.resolve("shape-" + shape + ".js"), minimal(), shape));

    assertThat(parser.accepts(ReportSource.of(dir.resolve("shape-" + shape + ".js")))).isTrue();
    assertThat(parsed.findings()).isEqualTo(expected.findings());
    assertThat(parsed.report().accounts()).isEqualTo(expected.report().accounts());
    assertThat(parsed.report().warnings()).isEmpty();
  }

  @Test
  void parse_servicesBeforeAccountAndProvider_givesTheSameResult() throws IOException {
    ObjectNode reordered = ResultsDocuments.JSON.createObjectNode();
    ObjectNode original = minimal();
    reordered.set("services", original.get("services"));
    reordered.set("last_run", original.get("last_run"));
    reordered.set("provider_code", original.get("provider_code"));
    reordered.set("account_id", original.get("account_id"));

    Parsed parsed = parse(write(dir.resolve("reordered.js"), reordered, Shape.ASSIGNMENT_PRETTY));

    Parsed expected = parse(results(minimal()));
    assertThat(parsed.findings()).isEqualTo(expected.findings());
    assertThat(parsed.report().accounts()).isEqualTo(expected.report().accounts());
  }

  @Test
  void parse_itemsAfterTheRuleMetadata_givesTheSameResult() {
    ObjectNode root = minimal();
    ObjectNode rule = rule(root, "ec2", "ec2-ebs-volume-not-encrypted");
    JsonNode items = rule.remove("items");
    rule.set("items", items);

    assertThat(parse(results(root)).findings()).isEqualTo(parse(write(dir.resolve("sorted.js"), minimal(),
        Shape.ASSIGNMENT)).findings());
  }

  @Test
  void parse_itemsBeyondTheBuffer_areReadAgainFromTheFile() {
    Path file = dir.resolve("sample");
    Path results = SampleData.scoutSuite(file, CloudProvider.AWS, "123456789012", 3, 0, 300_000).get(0).file();

    Parsed buffered = parse(new ScoutSuiteParser(), ReportSource.of(results));
    Parsed reread = parse(new ScoutSuiteParser(50), ReportSource.of(results));

    assertThat(buffered.findings()).hasSizeGreaterThan(100);
    assertThat(reread.findings()).isEqualTo(buffered.findings());
    assertThat(reread.report().accounts()).isEqualTo(buffered.report().accounts());
  }

  @Test
  void parse_sameFindingsAsAReferenceTreeWalk_onASample() throws IOException {
    Path results = SampleData.scoutSuite(dir.resolve("walk"), CloudProvider.GCP, "prod-7", 9, 2, 0).get(0).file();
    String text = Files.readString(results);
    JsonNode root = ResultsDocuments.JSON.readTree(text.substring(text.indexOf('\n') + 1));
    List<String> expected = new ArrayList<>();
    root.get("services").properties().forEach(service -> service.getValue().get("findings").properties()
        .forEach(rule -> rule.getValue().get("items").forEach(item ->
            expected.add(service.getKey() + " " + rule.getKey() + " " + item.asText()))));

    Parsed parsed = parse(results);

    assertThat(parsed.findings()).extracting(f -> f.service() + " " + f.ruleId() + " " + f.resourceId())
        .containsExactlyElementsOf(expected);
    root.get("last_run").get("summary").properties().forEach(entry -> assertThat(
        parsed.account().services().get(entry.getKey())).isEqualTo(new ServiceStats(
            entry.getValue().get("checked_items").asLong(), entry.getValue().get("flagged_items").asLong(),
            entry.getValue().get("resources_count").asLong())));
  }

  @Test
  void parse_kubernetesStyleCappedFlaggedCount_isNotAWarning() {
    ObjectNode root = minimal();
    root.put("provider_code", "kubernetes");
    rule(root, "ec2", "ec2-ebs-volume-not-encrypted").put("flagged_items", 1);
    ((ObjectNode) root.get("last_run").get("summary").get("ec2")).put("flagged_items", 1);

    assertThat(parse(results(root)).report().warnings()).isEmpty();
  }

  // ---- tolerated, with a warning ---------------------------------------------------------------------------------

  @Test
  void parse_findingWithoutItems_reportsNoFindingForItAndWarns() {
    ObjectNode root = minimal();
    rule(root, "ec2", "ec2-ebs-volume-not-encrypted").remove("items");

    Parsed parsed = parse(results(root));

    assertThat(parsed.findings()).extracting(Finding::ruleId).containsExactly("s3-bucket-no-logging");
    assertThat(parsed.account().services().get("ec2")).isEqualTo(new ServiceStats(3, 2, 3));
    assertThat(parsed.report().warnings()).anySatisfy(warning -> assertThat(warning).startsWith(
        "'services.ec2.findings.ec2-ebs-volume-not-encrypted' counts 2 flagged items but has no items list"));
    assertThat(parsed.report().warnings()).anySatisfy(warning -> assertThat(warning)
        .contains("counts 2 flagged items for ec2, but its findings list 0"));
  }

  @ParameterizedTest(name = "level ''{0}''")
  @CsvSource({"critical, CRITICAL, false", "Low, LOW, false", "info, INFORMATIONAL, false",
      "'', INFORMATIONAL, true", "severe, INFORMATIONAL, true"})
  void parse_levelOtherThanDangerOrWarning_isMappedAndUnknownOnesWarn(String level, Severity severity,
      boolean warns) {
    ObjectNode root = minimal();
    rule(root, "ec2", "ec2-ebs-volume-not-encrypted").put("level", level);

    Parsed parsed = parse(results(root));

    assertThat(parsed.findings().get(0).severity()).isEqualTo(severity);
    if (warns) {
      assertThat(parsed.report().warnings()).containsExactly("'services.ec2.findings.ec2-ebs-volume-not-encrypted'"
          + " has level '" + level + "', which is neither danger nor warning; its 2 finding(s) are reported as"
          + " INFORMATIONAL");
    } else {
      assertThat(parsed.report().warnings()).isEmpty();
    }
  }

  @Test
  void parse_nullLevel_isInformationalWithAWarning() {
    ObjectNode root = minimal();
    rule(root, "ec2", "ec2-ebs-volume-not-encrypted").putNull("level");

    Parsed parsed = parse(results(root));

    assertThat(parsed.findings().get(0).severity()).isEqualTo(Severity.INFORMATIONAL);
    assertThat(parsed.report().warnings()).hasSize(1);
  }

  @Test
  void parse_emptyServicesAndSummary_warnsThatNothingWasScanned() {
    ObjectNode root = minimal();
    root.putObject("services");
    ((ObjectNode) root.get("last_run")).putObject("summary");

    Parsed parsed = parse(results(root));

    assertThat(parsed.findings()).isEmpty();
    assertThat(parsed.account().services()).isEmpty();
    assertThat(parsed.report().warnings()).singleElement().asString().contains("lists no services");
  }

  @Test
  void parse_noSummary_recomputesLikeScoutSuiteAndWarns() {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("last_run")).remove("summary");

    Parsed parsed = parse(results(root));

    assertThat(parsed.account().services()).isEqualTo(Map.of(
        "ec2", new ServiceStats(3, 2, 3), "rds", ServiceStats.ZERO, "s3", new ServiceStats(2, 1, 2)));
    assertThat(parsed.report().warnings()).singleElement().asString().contains("has no last_run.summary");
  }

  @Test
  void parse_serviceMissingFromSummary_isRecomputedAndNamed() {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("last_run").get("summary")).remove("s3");

    Parsed parsed = parse(results(root));

    assertThat(parsed.account().services().get("s3")).isEqualTo(new ServiceStats(2, 1, 2));
    assertThat(parsed.report().warnings()).singleElement().asString().contains("lacks the services [s3]");
  }

  @Test
  void parse_summaryEntryWithoutACount_countsZeroAndWarns() {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("last_run").get("summary").get("rds")).remove("resources_count");

    Parsed parsed = parse(results(root));

    assertThat(parsed.account().services().get("rds")).isEqualTo(ServiceStats.ZERO);
    assertThat(parsed.report().warnings()).singleElement().asString()
        .contains("'last_run.summary.rds' lacks resources_count");
  }

  @Test
  void parse_noAccountIdButTheScannedAccountIsKnown_usesItAndWarns() {
    ObjectNode root = minimal();
    root.remove("account_id");
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "210987654321").build();

    Parsed parsed = parse(parser, ReportSource.of(results(root), account));

    assertThat(parsed.account().accountId()).isEqualTo("210987654321");
    assertThat(parsed.findings()).allSatisfy(f -> assertThat(f.accountId()).isEqualTo("210987654321"));
    assertThat(parsed.report().warnings()).singleElement().asString().contains("has no 'account_id'");
  }

  @Test
  void parse_noAccountIdAndNoAccount_failsSayingSo() {
    ObjectNode root = minimal();
    root.remove("account_id");
    Path file = results(root);

    assertThatThrownBy(() -> parse(file))
        .isInstanceOf(ReportParseException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("expected an 'account_id' at the top level");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "2024-09-28 17:13:10+0000    | 2024-09-28T17:13:10Z",
      "2021-10-01 20:47:09+0200    | 2021-10-01T18:47:09Z",
      "2024-09-28 17:31:32.311000+00:00 | 2024-09-28T17:31:32.311Z",
      "2024-09-28T17:13:10Z        | 2024-09-28T17:13:10Z"})
  void parse_runTimeFormats_areRead(String time, String expected) {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("last_run")).put("time", time);

    Parsed parsed = parse(results(root));

    assertThat(parsed.report().scannedAt()).isEqualTo(Instant.parse(expected));
    assertThat(parsed.report().warnings()).isEmpty();
  }

  @Test
  void parse_runTimeWithoutOffset_isReadAsUtcWithAWarning() {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("last_run")).put("time", "2024-09-28 17:13:10");

    Parsed parsed = parse(results(root));

    assertThat(parsed.report().scannedAt()).isEqualTo(Instant.parse("2024-09-28T17:13:10Z"));
    assertThat(parsed.report().warnings()).singleElement().asString().contains("has no UTC offset");
  }

  @Test
  void parse_unreadableRunTime_leavesTheTimeUnknownWithAWarning() {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("last_run")).put("time", "last tuesday");

    Parsed parsed = parse(results(root));

    assertThat(parsed.report().scannedAt()).isNull();
    assertThat(parsed.report().warnings()).singleElement().asString().contains("'last tuesday'");
  }

  @Test
  void parse_nanAndInfinityInResourceData_areSkipped() {
    String text = "scoutsuite_results =\n" + ResultsDocuments.JSON.valueToTree(minimal()).toString()
        .replace("\"Size\":8", "\"Size\":NaN,\"Iops\":-Infinity") + "\n";

    Parsed parsed = parse(write(dir.resolve("nan.js"), text));

    assertThat(text).contains("NaN");
    assertThat(parsed.findings()).hasSize(3);
  }

  @Test
  void parse_siblingErrorsAndExceptionsFiles_becomeWarnings() {
    Path results = results(minimal());
    write(results.resolveSibling("scoutsuite_errors_aws-123456789012.json"), StandInScout.errorsJson());
    write(results.resolveSibling("scoutsuite_exceptions_aws-123456789012.js"),
        "exceptions =\n{\"ec2\": {\"ec2-ebs-volume-not-encrypted\": [\"ec2.regions.x.volumes.v.encrypted\","
            + " \"ec2.regions.y.volumes.w.encrypted\"]}}\n");

    Parsed parsed = parse(results);

    assertThat(parsed.report().warnings()).containsExactly(
        "5 collection errors in scoutsuite_errors_aws-123456789012.json (ScoutSuite could not read everything;"
            + " findings may be incomplete): AccessDenied x4 (rds 3, elasticache 1); TypeError x1 (ec2 1)",
        "2 items were excepted by scoutsuite_exceptions_aws-123456789012.js and are not reported as findings");
  }

  @Test
  void parse_manyWarnings_keepsFiftyCountsTheRestAndAlwaysTheErrorsSummary() {
    ObjectNode root = minimal();
    ObjectNode findings = (ObjectNode) root.get("services").get("s3").get("findings");
    for (int i = 0; i < 60; i++) {
      ResultsDocuments.finding(findings, String.format("s3-custom-%02d", i), "notice", "Custom " + i,
          "s3.buckets.id", null, 1, List.of("s3.buckets.b" + i));
    }
    ((ObjectNode) root.get("last_run").get("summary").get("s3")).put("flagged_items", 61).put("checked_items", 62);
    Path results = results(root);
    write(results.resolveSibling("scoutsuite_errors_aws-123456789012.json"), StandInScout.errorsJson());

    Parsed parsed = parse(results);

    List<String> warnings = parsed.report().warnings();
    assertThat(warnings).hasSize(52);
    assertThat(warnings.subList(0, 50)).allSatisfy(w -> assertThat(w).contains("which is neither danger nor warning"));
    assertThat(warnings.get(50)).isEqualTo("10 more warnings about " + results + " were left out");
    assertThat(warnings.get(51)).startsWith("5 collection errors in scoutsuite_errors_aws-123456789012.json");
    assertThat(parsed.findings()).hasSize(63);
  }

  @Test
  void parse_emptyExceptionsFile_addsNoWarning() {
    Path results = results(minimal());
    write(results.resolveSibling("scoutsuite_exceptions_aws-123456789012.js"), "exceptions =\n{}\n");

    assertThat(parse(results).report().warnings()).isEmpty();
  }

  @Test
  void parse_brokenErrorsFile_isAWarningNotAFailure() {
    Path results = results(minimal());
    write(results.resolveSibling("scoutsuite_errors_aws-123456789012.json"), "[{\"exception\": \"x\"}, {\"exc");

    Parsed parsed = parse(results);

    assertThat(parsed.findings()).hasSize(3);
    assertThat(parsed.report().warnings()).singleElement().asString()
        .startsWith("cannot read the ScoutSuite errors file scoutsuite_errors_aws-123456789012.json")
        .contains("1 collection errors were counted");
  }

  // ---- refused, with the position --------------------------------------------------------------------------------

  @Test
  void parse_truncatedFile_failsWithLineColumnAndTruncationHint() throws IOException {
    Path full = write(dir.resolve("full.js"), minimal(), Shape.ASSIGNMENT_PRETTY);
    String text = Files.readString(full);
    Path truncated = write(dir.resolve("truncated.js"), text.substring(0, text.indexOf("\"s3-bucket-no-logging\"")));

    assertThatThrownBy(() -> parse(truncated))
        .isInstanceOfSatisfying(ReportParseException.class, e -> {
          assertThat(e.source()).isEqualTo(truncated.toString());
          assertThat(e.line()).isGreaterThan(1);
          assertThat(e.expected()).contains("truncated");
        })
        .hasMessageStartingWith("cannot parse " + truncated + " at line ");
  }

  @Test
  void parse_wrongFirstLine_failsShowingWhatWasFound() {
    Path file = write(dir.resolve("wrong.js"), "var results = {\"account_id\": \"1\"}\n");

    assertThatThrownBy(() -> parse(file))
        .isInstanceOf(ReportParseException.class)
        .hasMessage("cannot parse " + file + " at line 1, column 1: expected a first line 'scoutsuite_results ='"
            + " followed by a JSON object, or a JSON object; found 'var results = {\"account_id\": \"1\"}'");
  }

  @Test
  void parse_exceptionsFileByMistake_failsWithAHint() {
    Path file = write(dir.resolve("scoutsuite_exceptions_aws.js"), "exceptions =\n{}\n");

    assertThatThrownBy(() -> parse(file)).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("this is a ScoutSuite exceptions file");
  }

  @Test
  void parse_notJson_failsWithPosition() {
    Path file = write(dir.resolve("notjson.js"), "scoutsuite_results =\n{\"account_id\": 12 34}\n");

    assertThatThrownBy(() -> parse(file))
        .isInstanceOfSatisfying(ReportParseException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isGreaterThan(1);
          assertThat(e.expected()).isEqualTo("well-formed JSON");
        });
  }

  @Test
  void parse_emptyFile_fails() {
    Path file = write(dir.resolve("empty.js"), "");

    assertThatThrownBy(() -> parse(file)).isInstanceOf(ReportParseException.class)
        .hasMessage("cannot parse " + file + ": expected a ScoutSuite results file; the file is empty");
  }

  @Test
  void parse_arrayRoot_failsNamingWhatWasExpected() {
    Path file = write(dir.resolve("array.js"), "scoutsuite_results =\n[1, 2]\n");

    assertThatThrownBy(() -> parse(file)).isInstanceOf(ReportParseException.class)
        .hasMessage("cannot parse " + file + " at line 2, column 1: expected a JSON object holding ScoutSuite"
            + " results; found an array");
  }

  @Test
  void parse_objectThatIsNotScoutSuite_fails() {
    Path file = write(dir.resolve("other.js"), "scoutsuite_results =\n{\"hello\": \"world\"}\n");

    assertThatThrownBy(() -> parse(file)).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("expected a ScoutSuite results object with 'last_run' and 'services'");
  }

  @Test
  void parse_negativeCount_failsNamingTheKeyAndPosition() throws IOException {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("last_run").get("summary").get("s3")).put("checked_items", -4);
    Path file = write(dir.resolve("negative.js"), root, Shape.ASSIGNMENT_PRETTY);
    long line = Files.readAllLines(file).indexOf(Files.readAllLines(file).stream()
        .filter(l -> l.contains("-4")).findFirst().orElseThrow()) + 1;

    assertThatThrownBy(() -> parse(file))
        .isInstanceOfSatisfying(ReportParseException.class, e -> assertThat(e.line()).isEqualTo(line))
        .hasMessageContaining("expected a non-negative integer for 'last_run.summary.s3.checked_items'; found the"
            + " number -4");
  }

  @Test
  void parse_itemThatIsNotAString_failsNamingTheRule() {
    ObjectNode root = minimal();
    rule(root, "s3", "s3-bucket-no-logging").putArray("items").addObject();

    assertThatThrownBy(() -> parse(results(root))).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("expected an item path string in 'services.s3.findings.s3-bucket-no-logging.items';"
            + " found an object");
  }

  @Test
  void parse_findingThatIsNotAnObject_fails() {
    ObjectNode root = minimal();
    ((ObjectNode) root.get("services").get("s3").get("findings")).put("s3-bucket-no-logging", "oops");

    assertThatThrownBy(() -> parse(results(root))).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("expected a finding object for 'services.s3.findings.s3-bucket-no-logging'; found the"
            + " string 'oops'");
  }

  @Test
  void parse_invalidProviderCode_fails() {
    ObjectNode root = minimal();
    root.put("provider_code", "Not A Cloud!");

    assertThatThrownBy(() -> parse(results(root))).isInstanceOf(ReportParseException.class)
        .hasMessageContaining("expected a provider code such as aws, azure or gcp for 'provider_code'; found the"
            + " string 'Not A Cloud!'");
  }

  @Test
  void parse_brokenDeferredServices_failsWithTheByteOffset() {
    String text = "{\"services\": {\"s3\": {\"findings\": {\"r\": {\"items\": [1]}}}}, \"provider_code\": \"aws\","
        + " \"account_id\": \"1\", \"last_run\": {}}";
    Path file = write(dir.resolve("deferred.json"), text);

    assertThatThrownBy(() -> parse(file)).isInstanceOfSatisfying(ReportParseException.class, e -> {
      assertThat(e.line()).isZero();
      assertThat(e.getMessage()).contains("expected an item path string").contains("at byte offset "
          + (text.indexOf("[1]") + 1));
    });
  }

  // ---- sniffing ---------------------------------------------------------------------------------------------------

  @Test
  void accepts_resultsFilesWhateverTheirName_butNotTheirSiblingsOrOtherJson() {
    Path plain = write(dir.resolve("anything.json"), minimal(), Shape.PLAIN);
    Path errors = write(dir.resolve("scoutsuite_errors_aws.json"), StandInScout.errorsJson());
    Path exceptions = write(dir.resolve("scoutsuite_exceptions_aws.js"), "exceptions =\n{}\n");
    Path prowler = write(dir.resolve("prowler.json"), "{\"AssessmentStartTime\": \"2024\", \"FindingUniqueId\":"
        + " \"x\", \"Provider\": \"aws\", \"Status\": \"FAIL\"}");
    Path html = write(dir.resolve("aws.html"), "<!DOCTYPE html><html></html>");

    assertThat(parser.accepts(ReportSource.of(plain))).isTrue();
    assertThat(parser.accepts(ReportSource.of(results(minimal())))).isTrue();
    for (Path other : List.of(errors, exceptions, prowler, html, dir.resolve("missing.js"))) {
      assertThat(parser.accepts(ReportSource.of(other))).as("accepts %s", other.getFileName()).isFalse();
    }
  }

  @Test
  void accepts_truncatedHeadOfAHugePlainFile_decidesOnTheKeysSeen() throws IOException {
    String head = "{\"account_id\": \"1\", \"environment\": null, \"last_run\": {\"summary\": {}}, \"metadata\": {\"x\": \""
        + "y".repeat(100_000);
    Path file = Files.writeString(dir.resolve("huge.json"), head, StandardCharsets.UTF_8);

    assertThat(parser.accepts(ReportSource.of(file))).isTrue();
  }

  @Test
  void discovery_findsTheParserAsTheParserForASampleFile() {
    Path results = SampleData.scoutSuite(dir.resolve("discovered"), CloudProvider.AZURE, "sub-1", 1, 0, 0).get(0)
        .file();

    assertThat(Plugins.discover().parserFor(ReportSource.of(results))).containsInstanceOf(ScoutSuiteParser.class);
  }

  @Test
  void parse_shuffledKeys_sameFindingsAndCounts() {
    Parsed expected = parse(results(minimal()));
    Random random = new Random(3);
    for (int i = 0; i < 10; i++) {
      Path file = write(dir.resolve("shuffled-" + i + ".js"), ResultsDocuments.shuffled(minimal(), random),
          Shape.ASSIGNMENT);
      Parsed parsed = parse(file);
      assertThat(parsed.findings()).containsExactlyInAnyOrderElementsOf(expected.findings());
      assertThat(parsed.report().accounts()).isEqualTo(expected.report().accounts());
    }
  }
}
