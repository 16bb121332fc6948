package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.ComplianceRef;
import io.secposture.api.FindingStatus;
import io.secposture.api.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProwlerTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "PASS, PASS, false", "Pass, PASS, false", "FAIL, FAIL, false", "fail, FAIL, false", "MANUAL, MANUAL, false",
      "INFO, MANUAL, false", "Info, MANUAL, false", "WARNING, FAIL, true", "MUTED, FAIL, true",
      "PASSED, PASS, false", "FAILED, FAIL, false", "WARNINGED, FAIL, true", "INFOED, MANUAL, false",
      "NOT_AVAILABLE, MANUAL, false", "Success, PASS, false", "Failure, FAIL, false", "Other, FAIL, true",
      "Unknown, MANUAL, false", "' fail ', FAIL, false"})
  void status_everyVocabulary_mapsToStatusAndMuted(String raw, FindingStatus status, boolean muted) {
    assertThat(ProwlerText.status(raw)).isEqualTo(new ProwlerText.Status(status, muted));
  }

  @Test
  void status_unknownOrBlank_isNull() {
    assertThat(ProwlerText.status("ERROR")).isNull();
    assertThat(ProwlerText.status(" ")).isNull();
    assertThat(ProwlerText.status(null)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"critical, CRITICAL", "High, HIGH", "MEDIUM, MEDIUM", "low, LOW", "Informational, INFORMATIONAL",
      "5, CRITICAL", "4, HIGH", "3, MEDIUM", "2, LOW", "1, INFORMATIONAL", "0, INFORMATIONAL"})
  void severity_labelsAndOcsfIds_map(String raw, Severity severity) {
    assertThat(ProwlerText.severity(raw)).isEqualTo(severity);
  }

  @Test
  void severity_unknown_isNull() {
    assertThat(ProwlerText.severity("Level 1")).isNull();
    assertThat(ProwlerText.severity("99")).isNull();
  }

  @Test
  void unrolledCompliance_csvCell_givesEveryRequirement() {
    List<ComplianceRef> refs = new ArrayList<>();

    ProwlerText.unrolledCompliance("CIS-1.4: 1.20 | KISA-ISMS-P-2023: 2.5.6, 2.6.4 | broken | : x", refs);

    assertThat(refs).containsExactly(new ComplianceRef("CIS-1.4", "1.20"),
        new ComplianceRef("KISA-ISMS-P-2023", "2.5.6"), new ComplianceRef("KISA-ISMS-P-2023", "2.6.4"));
  }

  @Test
  void rc3Requirement_pythonListText_givesEveryRequirement() {
    List<ComplianceRef> refs = new ArrayList<>();

    ProwlerText.rc3Requirement("HIPAA: ['164_308_a_4_ii_a', '164_312_e_1']", refs);
    ProwlerText.rc3Requirement("GDPR: []", refs);

    assertThat(refs).containsExactly(new ComplianceRef("HIPAA", "164_308_a_4_ii_a"),
        new ComplianceRef("HIPAA", "164_312_e_1"));
  }

  @Test
  void asffRequirement_v3AndV2Shapes_areTold() {
    List<ComplianceRef> refs = new ArrayList<>();

    ProwlerText.asffRequirement("FFIEC d3-cc-pm-b-1 d3-cc-pm-b-3", refs);
    ProwlerText.asffRequirement("ens-op.acc.1.aws.iam.4 ens-op.acc.5.aws.iam.3", refs);

    assertThat(refs).containsExactly(new ComplianceRef("FFIEC", "d3-cc-pm-b-1"),
        new ComplianceRef("FFIEC", "d3-cc-pm-b-3"), new ComplianceRef("ENS", "op.acc.1.aws.iam.4"),
        new ComplianceRef("ENS", "op.acc.5.aws.iam.3"));
  }

  @Test
  void asffRequirement_entryCutAtTheLimit_leavesOutItsPossiblyCutLastIdUnlessTheCutFellOnASpace() {
    List<ComplianceRef> refs = new ArrayList<>();
    String cut = "HIPAA 164_308_a_1_ii_b 164_308_a_4_ii_a 164_312_a_2_iv 164_312_";
    String cutOnSpace = "HIPAA 164_308_a_1_ii_b 164_308_a_4_ii_a 164_312_a_2_iv 164_312 ";

    ProwlerText.asffRequirement(cut, refs);
    List<ComplianceRef> fromCut = List.copyOf(refs);
    refs.clear();
    ProwlerText.asffRequirement(cutOnSpace, refs);

    assertThat(cut).hasSize(63);
    assertThat(cutOnSpace).hasSize(63);
    assertThat(fromCut).extracting(ComplianceRef::requirement)
        .containsExactly("164_308_a_1_ii_b", "164_308_a_4_ii_a", "164_312_a_2_iv");
    assertThat(refs).extracting(ComplianceRef::requirement)
        .containsExactly("164_308_a_1_ii_b", "164_308_a_4_ii_a", "164_312_a_2_iv", "164_312");
  }

  @Test
  void compliance_jsonMap_skipsBlankFrameworksAndIds() {
    Map<String, List<String>> map = new LinkedHashMap<>();
    map.put("CIS-3.0", List.of("1.1", " "));
    map.put(" ", List.of("x"));
    List<ComplianceRef> refs = new ArrayList<>();

    ProwlerText.compliance(map, refs);

    assertThat(refs).containsExactly(new ComplianceRef("CIS-3.0", "1.1"));
  }

  @Test
  void v2Texts_giveCheckTitleAndService() {
    assertThat(ProwlerText.v2CheckId("[check14] Ensure keys are rotated")).isEqualTo("check14");
    assertThat(ProwlerText.v2CheckId("iam.[extra71] Admin")).isEqualTo("extra71");
    assertThat(ProwlerText.v2CheckId("no bracket")).isNull();
    assertThat(ProwlerText.v2Title("[check14] Ensure keys are rotated")).isEqualTo("Ensure keys are rotated");
    assertThat(ProwlerText.v2Title("iam.[check14] Ensure keys")).isEqualTo("Ensure keys");
    assertThat(ProwlerText.v2TitleService("iam.[check14] Ensure keys")).isEqualTo("iam");
    assertThat(ProwlerText.v2TitleService("Check if IAM Access Analyzer is enabled")).isNull();
  }

  @Test
  void serviceOf_checkId_isItsPrefix() {
    assertThat(ProwlerText.serviceOf("s3_bucket_public_access")).isEqualTo("s3");
    assertThat(ProwlerText.serviceOf("check14")).isEqualTo("check14");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2025-02-14T14:27:03.913874, 2025-02-14T14:27:03.913874Z",
      "2025-02-14 14:27:03.913874, 2025-02-14T14:27:03.913874Z", "2023-03-18T15:43:31Z, 2023-03-18T15:43:31Z",
      "2023-03-18T15:43:31+02:00, 2023-03-18T13:43:31Z", "1739539623, 2025-02-14T13:27:03Z",
      "2023-06-30 10:28:55, 2023-06-30T10:28:55Z"})
  void time_everyShapeProwlerWrites_isReadAsUtc(String raw, String expected) {
    assertThat(ProwlerText.time(raw)).hasToString(expected);
  }

  @Test
  void time_andVersion_rejectWhatIsNotOne() {
    assertThat(ProwlerText.time("yesterday")).isNull();
    assertThat(ProwlerText.version("<prowler_version>")).isNull();
    assertThat(ProwlerText.version("5.4.0")).isEqualTo("5.4.0");
    assertThat(ProwlerText.version("2.9.0-13April2022")).isEqualTo("2.9.0-13April2022");
  }

  @Test
  void lineFeeds_windowsLineEnds_becomeLineFeeds() {
    assertThat(ProwlerText.lineFeeds("a\r\r\nb\r\nc\rd")).isEqualTo("a\nb\nc\nd");
    assertThat(ProwlerText.lineFeeds(null)).isNull();
  }

  @Test
  void remediation_textAndReferences_joinOnePerLineWithoutRepeats() {
    assertThat(ProwlerText.remediation("Fix it at https://x", List.of("https://x", "https://y", " ")))
        .isEqualTo("Fix it at https://x\nhttps://y");
    assertThat(ProwlerText.remediation(" ", null)).isNull();
  }
}
