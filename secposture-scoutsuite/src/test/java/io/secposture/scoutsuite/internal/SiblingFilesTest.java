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
