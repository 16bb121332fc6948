package io.secposture.scoutsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading ScoutSuite's errors and exceptions files. */
class SiblingFilesTest {
  @TempDir
  Path dir;

  @Test
  void errorsFileOf_resultsFile_isTheSiblingWithTheSameReportName() {
    Path results = dir.resolve("scoutsuite-results/scoutsuite_results_aws-prod.account.js");

    assertThat(SiblingFiles.errorsFileOf(results))
        .contains(dir.resolve("scoutsuite-results/scoutsuite_errors_aws-prod.account.json"));
    assertThat(SiblingFiles.exceptionsFileOf(results))
        .contains(dir.resolve("scoutsuite-results/scoutsuite_exceptions_aws-prod.account.js"));
    assertThat(SiblingFiles.errorsFileOf(dir.resolve("new2.js"))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Failed to get all pages from paginator for the rds service: An error occurred (AccessDenied) when calling"
          + " the DescribeDBInstances operation | None | utils.py | AccessDenied | rds",
      "Failed to call aws cloudfront api: An error occurred (AccessDenied) when calling the ListDistributions"
          + " operation | None | cloudfront.py | AccessDenied | cloudfront",
      "Failed to retrieve sqldatabase resources: (AuthorizationFailed) The client does not have authorization"
          + " | File \"/x/ScoutSuite/providers/azure/facade/sqldatabase.py\", line 21 | sqldatabase.py"
          + " | AuthorizationFailed | sqldatabase",
      "Failed to retrieve cloudsql resources: <HttpError 403 when requesting https://sqladmin.googleapis.com>"
          + " | File \"/x/ScoutSuite/providers/gcp/facade/cloudsql.py\", line 18 | cloudsql.py | HttpError 403"
          + " | cloudsql",
      "Failed to call fetch_all() for resource regional_settings: 'NoneType' object is not subscriptable"
          + " | Traceback:\\n  File \"/x/ScoutSuite/providers/aws/resources/ec2/regional_settings.py\", line 19"
          + "\\nTypeError: 'NoneType' object is not subscriptable | base.py | TypeError | ec2",
      "something odd | None | | error | unknown"})
  void kindAndService_ofRealErrorShapes(String exception, String traceback, String file, String kind,
      String service) {
    String trace = traceback.replace("\\n", "\n");

    assertThat(SiblingFiles.kindOf(exception, trace)).isEqualTo(kind);
    assertThat(SiblingFiles.serviceOf(exception, trace, file)).isEqualTo(service);
  }

  /** Shapes of the real ScoutSuite 5.14.0 errors file of shared/fixtures/real-runs (install path shortened). */
  private static final String PARSER_TRACEBACK = "Traceback (most recent call last):\n"
      + "  File \"/usr/lib/python3/dist-packages/botocore/parsers.py\", line 503, in _parse_xml_string_to_dom\n"
      + "    parser.feed(xml_string)\n"
      + "xml.etree.ElementTree.ParseError: syntax error: line 1, column 0\n\n"
      + "During handling of the above exception, another exception occurred:\n\n"
      + "Traceback (most recent call last):\n"
      + "  File \"/x/ScoutSuite/providers/aws/facade/elasticache.py\", line 35, in get_security_groups\n"
      + "    return await AWSFacadeUtils.get_all_pages(\n"
      + "           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
      + "  File \"/usr/lib/python3/dist-packages/botocore/parsers.py\", line 506, in _parse_xml_string_to_dom\n"
      + "    raise ResponseParserError(\n"
      + "botocore.parsers.ResponseParserError: Unable to parse response (syntax error: line 1, column 0), invalid XML"
      + " received. Further retries may succeed:\n"
      + "b'<!doctype html>\\n<html lang=en>\\n<title>500 Internal Server Error</title>\\n'\n";
  private static final String CLIENT_500_TRACEBACK = "Traceback (most recent call last):\n"
      + "  File \"/x/ScoutSuite/providers/aws/facade/directconnect.py\", line 12, in get_connections\n"
      + "    return await run_concurrently(lambda: client.describe_connections()['connections'])\n"
      + "  File \"/usr/lib/python3/dist-packages/botocore/client.py\", line 960, in _make_api_call\n"
      + "    raise error_class(parsed_response, operation_name)\n"
      + "botocore.exceptions.ClientError: An error occurred (500) when calling the DescribeConnections operation"
      + " (reached max retries: 4): <!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n"
      + "<h1>Internal Server Error</h1>\n\n";

  @Test
  void kindServiceAndRegion_ofTheRealRunShapes_nameTheExceptionNeverHtml() {
    assertThat(SiblingFiles.kindOf("Failed to get ElastiCache security groups: Unable to parse response (syntax"
        + " error: line 1, column 0), invalid XML received. Further retries may succeed:\nb'<!doctype html>'",
        PARSER_TRACEBACK)).isEqualTo("ResponseParserError");
    assertThat(SiblingFiles.serviceOf("Failed to call fetch_all() for resource clusters: Unable to parse",
        PARSER_TRACEBACK, "base.py")).isEqualTo("elasticache");
    assertThat(SiblingFiles.kindOf("Failed to describe Direct Connect connections: An error occurred (500) when"
        + " calling the DescribeConnections operation (reached max retries: 4): <!doctype html>",
        CLIENT_500_TRACEBACK)).isEqualTo("ClientError 500");
    assertThat(SiblingFiles.serviceOf("Failed to describe Direct Connect connections", CLIENT_500_TRACEBACK,
        "directconnect.py")).isEqualTo("directconnect");
    String attackSurface = "Traceback (most recent call last):\n  File \"/x/ScoutSuite/providers/aws/provider.py\","
        + " line 255, in list_ec2_network_attack_surface_callback\n    if len(x) > 0:\n       ^^^^^^\n"
        + "TypeError: object of type 'NoneType' has no len()\n";
    assertThat(SiblingFiles.kindOf("Error listing EC2 network attack surface: object of type 'NoneType' has no"
        + " len()", attackSurface)).isEqualTo("TypeError");
    assertThat(SiblingFiles.serviceOf("Error listing EC2 network attack surface", attackSurface, "provider.py"))
        .isEqualTo("preprocessing");
    String rule = "Traceback (most recent call last):\n  File \"/x/ScoutSuite/core/conditions.py\", line 213, in"
        + " pass_condition\n    age, threshold = __prepare_age_test(a, b)\n"
        + "dateutil.parser._parser.ParserError: Unknown string format: not_supported\n";
    assertThat(SiblingFiles.kindOf("Unable to process testcase 'newerThan' on value 'not_supported'", rule))
        .isEqualTo("ParserError");
    assertThat(SiblingFiles.serviceOf("Unable to process testcase", rule, "conditions.py")).isEqualTo("rule engine");
    assertThat(SiblingFiles.kindOf("Failed to call aws ec2 api: Could not connect to the endpoint URL:"
        + " \"https://ec2.eu-west-3.amazonaws.com/\"", "None")).isEqualTo("EndpointConnectionError");
    assertThat(CollectionErrors.regionOf("Could not connect to the endpoint URL: \"https://ec2.eu-west-3"
        + ".amazonaws.com/\"")).isEqualTo("eu-west-3");
    assertThat(CollectionErrors.regionOf("not authorized on resource: arn:aws:rds:us-gov-west-1:1:db:*"))
        .isEqualTo("us-gov-west-1");
    assertThat(CollectionErrors.regionOf("An error occurred (AccessDenied) when calling ListRoles")).isNull();
  }

  @Test
  void summarizeErrors_realRunShapes_kindsWithTheirServicesAndRegions() throws IOException {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 4; i++) {
      json.append(entry("Failed to get ElastiCache security groups: Unable to parse response", PARSER_TRACEBACK,
          "elasticache.py")).append(',');
    }
    json.append(entry("Failed to describe Direct Connect connections: An error occurred (500) when calling the"
        + " DescribeConnections operation", CLIENT_500_TRACEBACK, "directconnect.py")).append(',');
    for (String region : new String[] {"us-east-1", "eu-west-1", "us-east-1"}) {
      json.append(entry("Failed to get all pages from paginator for the rds service: An error occurred"
          + " (AccessDenied) when calling the DescribeDBInstances operation: on resource: arn:aws:rds:" + region
          + ":123456789012:db:*", "None", "utils.py")).append(',');
    }
    json.append(entry("Failed to get all pages from paginator for the sqs service: An error occurred"
        + " (AccessDenied) when calling the ListQueues operation: on resource arn:aws:sqs:ap-south-1:1:*", "None",
        "utils.py"));
    Path errors = Files.writeString(dir.resolve("scoutsuite_errors_r.json"), json.append("]").toString());

    assertThat(SiblingFiles.summarizeErrors(errors)).contains("9 collection errors in scoutsuite_errors_r.json"
        + " (ScoutSuite could not read everything; findings may be incomplete): AccessDenied x4 (rds 3, sqs 1) in 3"
        + " regions; ResponseParserError x4 (elasticache 4); ClientError 500 x1 (directconnect 1)");
  }

  @Test
  void summarizeErrors_hugeAndOddEntries_staysShortAndCountsEveryEntry() throws IOException {
    Path errors = dir.resolve("scoutsuite_errors_huge.json");
    try (var out = Files.newBufferedWriter(errors)) {
      out.write("[");
      for (int huge = 0; huge < 2; huge++) {
        out.write("{\"exception\": \"");
        for (int i = 0; i < 2_000; i++) {
          out.write("An error occurred (Throttling) ".repeat(100));
        }
        out.write("\", \"file\": \"" + "f".repeat(3_000_000) + "\", \"traceback\": \"None\", \""
            + "k".repeat(2_000_000) + "\": [\"" + "v".repeat(2_000_000) + "\"]},");
      }
      for (int i = 0; i < 300; i++) {
        out.write((i > 0 ? "," : "") + entry("Failed: something", "Traceback (most recent call last):\n  File"
            + " \"/x/ScoutSuite/providers/aws/resources/svc" + i + "/x.py\", line 1\nKind" + i + "Error: odd "
            + "\u0007".repeat(3), "x.py"));
      }
      out.write("]");
    }

    String summary = SiblingFiles.summarizeErrors(errors).orElseThrow();

    assertThat(summary).startsWith("302 collection errors in scoutsuite_errors_huge.json (ScoutSuite could not read"
        + " everything; findings may be incomplete): (other kinds) x237 ((other services) 173, svc100 1,")
        .contains("; Throttling x2 (" + "f".repeat(60) + "... 2); Kind0Error x1 (svc0 1);")
        .endsWith("; +59 other kinds").doesNotContain("\u0007");
    assertThat(summary.length()).isLessThan(1_500);
  }

  private static String entry(String exception, String traceback, String file) {
    return "{\"additional_details\": null, \"exception\": " + quote(exception) + ", \"file\": " + quote(file)
        + ", \"line\": 1, \"traceback\": " + quote(traceback) + "}";
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        .replace("\u0007", "\\u0007") + "\"";
  }

  @Test
  void summarizeErrors_manyKindsAndServices_listsTheLargestFirstAndCountsTheRest() throws IOException {
    StringBuilder json = new StringBuilder("[");
    String[] services = {"rds", "rds", "rds", "sns", "sqs", "ses", "kms", "efs", "emr"};
    for (int i = 0; i < services.length; i++) {
      json.append(i > 0 ? "," : "").append("{\"exception\": \"Failed to get all pages from paginator for the ")
          .append(services[i]).append(" service: An error occurred (AccessDenied) when calling X\", \"file\":"
              + " \"utils.py\", \"line\": 27, \"traceback\": \"None\", \"additional_details\": null}");
    }
    Path errors = Files.writeString(dir.resolve("scoutsuite_errors_x.json"), json.append("]").toString());

    assertThat(SiblingFiles.summarizeErrors(errors)).contains("9 collection errors in scoutsuite_errors_x.json"
        + " (ScoutSuite could not read everything; findings may be incomplete): AccessDenied x9 (rds 3, efs 1,"
        + " emr 1, kms 1, ses 1, +2 more)");
  }

  @Test
  void summarizeErrors_emptyArrayOrMissingFile_saysNothing() throws IOException {
    assertThat(SiblingFiles.summarizeErrors(Files.writeString(dir.resolve("e.json"), "[]"))).isEmpty();
    assertThat(SiblingFiles.summarizeErrors(dir.resolve("missing.json"))).isEmpty();
  }

  @Test
  void summarizeErrors_notAnArray_isAWarning() throws IOException {
    Path errors = Files.writeString(dir.resolve("scoutsuite_errors_y.json"), "{\"exception\": \"x\"}");

    assertThat(SiblingFiles.summarizeErrors(errors)).contains("cannot read the ScoutSuite errors file"
        + " scoutsuite_errors_y.json: expected a JSON array of errors; collection errors, if any, are not counted");
  }

  @Test
  void describeExceptions_countsItemsAcrossServicesAndRules() throws IOException {
    Path exceptions = Files.writeString(dir.resolve("scoutsuite_exceptions_z.js"), "exceptions =\n{\"ec2\": {\"a\":"
        + " [\"ec2.x\", \"ec2.y\"], \"b\": [\"ec2.z\"]}, \"s3\": {\"c\": [\"s3.w\"]}}\n");

    assertThat(SiblingFiles.describeExceptions(exceptions))
        .contains("4 items were excepted by scoutsuite_exceptions_z.js and are not reported as findings");
  }

  @Test
  void describeExceptions_truncated_isAWarning() throws IOException {
    Path exceptions = Files.writeString(dir.resolve("scoutsuite_exceptions_t.js"), "exceptions =\n{\"ec2\": {\"a\": [");

    assertThat(SiblingFiles.describeExceptions(exceptions)).hasValueSatisfying(warning -> assertThat(warning)
        .startsWith("cannot read the ScoutSuite exceptions file scoutsuite_exceptions_t.js"));
  }
}
