package io.secposture.prowler;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.api.ServiceStats;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.testkit.ReportParserContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProwlerV2CsvParserTest extends ReportParserContract {
  private final ProwlerV2CsvParser parser = new ProwlerV2CsvParser();

  @Override
  protected ReportParser parser() {
    return parser;
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return TestFiles.large(directory, "large.csv", Format.CSV_V2, CloudProvider.AWS, "123456789012", minimumBytes);
  }

  @Override
  protected List<Path> validSamples() {
    List<Path> samples = new ArrayList<>();
    samples.add(TestFiles.sample(contractDirectory.resolve("samples"), "aws.csv", Format.CSV_V2, CloudProvider.AWS,
        "123456789012"));
    samples.addAll(TestFiles.fixturesIfPresent("v2/many_vuln2.csv", "v2/issue4450.csv"));
    return samples;
  }

  @Test
  void parse_v25ColumnsWithResourceIds_countsDistinctResources() {
    Path csv = TestFiles.sample(contractDirectory.resolve("samples"), "aws.csv", Format.CSV_V2, CloudProvider.AWS,
        "123456789012");
    Path ocsf = TestFiles.sample(contractDirectory.resolve("samples"), "aws.ocsf.json", Format.OCSF,
        CloudProvider.AWS, "123456789012");
    List<Finding> fromCsv = new ArrayList<>();

    ParsedReport v2 = parser.parse(ReportSource.of(csv), fromCsv::add);
    ParsedReport v5 = new ProwlerOcsfParser().parse(ReportSource.of(ocsf), finding -> { });

    assertThat(v2.accounts().get(0).services()).isEqualTo(v5.accounts().get(0).services());
    assertThat(fromCsv).extracting(Finding::resourceId).doesNotContainNull();
  }

  @Test
  void parse_18ColumnFileWithoutResources_countsChecksButNoResources() {
    String text = "PROFILE,ACCOUNT_NUM,REGION,TITLE_ID,CHECK_RESULT,ITEM_SCORED,ITEM_LEVEL,TITLE_TEXT,"
        + "CHECK_RESULT_EXTENDED,CHECK_ASFF_COMPLIANCE_TYPE,CHECK_SEVERITY,CHECK_SERVICENAME,CHECK_ASFF_RESOURCE_TYPE,"
        + "CHECK_ASFF_TYPE,CHECK_RISK,CHECK_REMEDIATION,CHECK_DOC,CHECK_CAF_EPIC\n"
        + ",1,us-east-1,1.2,FAIL,Scored,Level 1,[check12] MFA,User a,ens-op.acc.5.aws.iam.1,High,iam,AwsIamUser,t,r,"
        + "fix,doc,IAM\n"
        + ",1,us-east-1,1.2,FAIL,Scored,Level 1,[check12] MFA,User b,ens-op.acc.5.aws.iam.1,High,iam,AwsIamUser,t,r,"
        + "fix,doc,IAM\n";

    ParsedReport report = parser.parse(ReportSource.of(TestFiles.write(contractDirectory, "old.csv", text)),
        finding -> { });

    assertThat(report.accounts().get(0).services()).isEqualTo(Map.of("iam", new ServiceStats(2, 2, 0)));
  }
}
