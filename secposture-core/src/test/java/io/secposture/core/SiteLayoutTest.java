package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import java.nio.file.Path;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SiteLayoutTest {

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings().withChars("./\\~_-aZ09 \u0000\n%<>\"'").ofMaxLength(30),
        Arbitraries.of("..", ".", "", "../../etc/passwd", "<img src=x onerror=alert(1)>", "a/../b", "C:\\Windows",
            "con", "name~deadbeef"));
  }

  @Property(tries = 500)
  void segment_anyText_safeShortAndNeverADotSegment(@ForAll("names") String text) {
    String segment = SiteLayout.segment(text);

    assertThat(segment).matches("[A-Za-z0-9._@=+~-]+").hasSizeLessThanOrEqualTo(120).isNotIn(".", "..");
    assertThat(SiteLayout.requireSafeKey(segment)).isEqualTo(segment);
  }

  @Property(tries = 500)
  void segment_differentTexts_differentSegments(@ForAll("names") String one, @ForAll("names") String two) {
    Assume.that(!one.equals(two));

    assertThat(SiteLayout.segment(one)).isNotEqualTo(SiteLayout.segment(two));
  }

  @Property(tries = 500)
  void scanPrefixAndRelativePath_anyAccountAndFileName_safeKeyUnderTheRun(@ForAll("names") String account,
      @ForAll("names") String fileName) {
    Assume.that(!fileName.isEmpty());

    String key = SiteLayout.scanPrefix("run-1", CloudProvider.AWS, account, "scoutsuite")
        + SiteLayout.relativePath(fileName);

    assertThat(SiteLayout.requireSafeKey(key)).startsWith("runs/run-1/aws/");
    assertThat(key.split("/")).hasSizeGreaterThanOrEqualTo(6).doesNotContain("..", ".", "");
  }

  @Test
  void segment_safeText_keptAsIs() {
    assertThat(SiteLayout.segment("123456789012")).isEqualTo("123456789012");
    assertThat(SiteLayout.segment("payments-prod_1.eu@org=x+y")).isEqualTo("payments-prod_1.eu@org=x+y");
  }

  @Test
  void segment_unsafeText_replacedAndHashed() {
    assertThat(SiteLayout.segment("../../etc/passwd")).matches("____etc_passwd~[0-9a-f]{8}")
        .doesNotContain("..");
    assertThat(SiteLayout.segment("..")).matches("_~[0-9a-f]{8}");
    assertThat(SiteLayout.segment("x".repeat(300))).hasSize(120).endsWith(SiteLayout.segment("x".repeat(300))
        .substring(111));
  }

  @Test
  void relativePath_keepsDirectoriesDropsEmptyAndDotSegments() {
    assertThat(SiteLayout.relativePath("scoutsuite-results/scoutsuite_results_aws.js"))
        .isEqualTo("scoutsuite-results/scoutsuite_results_aws.js");
    assertThat(SiteLayout.relativePath("./inc-scoutsuite//css/main.css")).isEqualTo("inc-scoutsuite/css/main.css");
    assertThat(SiteLayout.relativePath("a/../b")).matches("a/_~[0-9a-f]{8}/b");
  }

  @Test
  void requireSafeKey_refusesTraversalAbsoluteBackslashAndControlCharacters() {
    for (String bad : new String[] {"", "/abs", "a/../b", "a\\b", "a/./b", "a//b", "a/", "x\ny", ".."}) {
      assertThatThrownBy(() -> SiteLayout.requireSafeKey(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void layoutKeys_matchTheDesign() {
    PostureReport report = PostureReport.builder("run-7", Instant.parse("2026-11-22T02:00:00Z")).build();

    assertThat(SiteLayout.datedReport(report)).isEqualTo("reports/report_2026-11-22_run-7.json");
    assertThat(SiteLayout.runPrefix("run-7")).isEqualTo("runs/run-7/");
    assertThat(SiteLayout.manifest("run-7")).isEqualTo("runs/run-7/manifest.json");
    assertThat(SiteLayout.scanPrefix("run-7", CloudProvider.GCP, "data-1", "prowler"))
        .isEqualTo("runs/run-7/gcp/data-1/prowler/");
    assertThat(SiteLayout.scanDirectory(Path.of("/work/run-7"), CloudProvider.GCP, "../x", "prowler"))
        .isEqualTo(Path.of("/work/run-7/gcp/" + SiteLayout.segment("../x") + "/prowler"));
    assertThatThrownBy(() -> SiteLayout.runPrefix("../x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cacheControl_shortForWhatChangesEveryRun() {
    assertThat(SiteLayout.cacheControl("index.html")).isEqualTo(SiteLayout.SHORT_CACHE);
    assertThat(SiteLayout.cacheControl(SiteLayout.LATEST_REPORT)).isEqualTo(SiteLayout.SHORT_CACHE);
    assertThat(SiteLayout.cacheControl(SiteLayout.HISTORY)).isEqualTo(SiteLayout.SHORT_CACHE);
    assertThat(SiteLayout.cacheControl("runs/run-7/manifest.json")).isEqualTo(SiteLayout.IMMUTABLE_CACHE);
  }
}
