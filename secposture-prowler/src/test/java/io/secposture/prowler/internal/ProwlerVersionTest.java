package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code prowler --version} prints across releases, and what each release accepts. */
class ProwlerVersionTest {
  @Test
  void parse_everyShapeProwlerPrints_givesTheVersion() {
    assertThat(ProwlerVersion.parse("Prowler 5.7.5")).hasValueSatisfying(version -> {
      assertThat(version.major()).isEqualTo(5);
      assertThat(version.minor()).isEqualTo(7);
      assertThat(version.patch()).isEqualTo(5);
      assertThat(version).hasToString("5.7.5");
    });
    assertThat(ProwlerVersion.parse("Prowler 5.7.5 (You are running the latest version, yay!)"))
        .hasValueSatisfying(version -> assertThat(version).hasToString("5.7.5"));
    assertThat(ProwlerVersion.parse("Prowler 4.1.0 (latest is 5.7.5, upgrade for the latest features)"))
        .hasValueSatisfying(version -> assertThat(version).hasToString("4.1.0"));
    assertThat(ProwlerVersion.parse("\u001b[1;92mProwler\u001b[0m \u001b[33m4.2.4\u001b[0m"))
        .hasValueSatisfying(version -> assertThat(version).hasToString("4.2.4"));
    assertThat(ProwlerVersion.parse("Prowler 5.0.0rc1")).hasValueSatisfying(version -> assertThat(version)
        .hasToString("5.0.0rc1"));
    assertThat(ProwlerVersion.parse("5.30.4")).hasValueSatisfying(version -> assertThat(version.minor())
        .isEqualTo(30));
    assertThat(ProwlerVersion.parse("usage: prowler [-h] [--version] {aws,azure} ...")).isEmpty();
    assertThat(ProwlerVersion.parse("")).isEmpty();
  }

  @Test
  void outputFormats_htmlFrom42AndSarifFrom525() {
    assertThat(version("4.0.0").outputFormats()).containsExactlyInAnyOrder("csv", "json-asff", "json-ocsf");
    assertThat(version("4.1.2").outputFormats()).doesNotContain("html");
    assertThat(version("4.2.0").outputFormats()).contains("html").doesNotContain("sarif");
    assertThat(version("5.7.5").outputFormats()).contains("html").doesNotContain("sarif");
    assertThat(version("5.25.0").outputFormats()).contains("html", "sarif");
    assertThat(version("4.1.0").whyNot("html")).isEqualTo("html came back in Prowler 4.2.0");
  }

  @Test
  void supported_fromFourOn_andOrdering() {
    assertThat(version("3.16.17").supported()).isFalse();
    assertThat(version("4.0.0").supported()).isTrue();
    assertThat(version("4.10.0")).isGreaterThan(version("4.9.3"));
    assertThat(version("5.0").atLeast(4, 2)).isTrue();
    assertThat(version("4.1.9").atLeast(4, 2)).isFalse();
  }

  private static ProwlerVersion version(String text) {
    return ProwlerVersion.parse("Prowler " + text).orElseThrow();
  }
}
