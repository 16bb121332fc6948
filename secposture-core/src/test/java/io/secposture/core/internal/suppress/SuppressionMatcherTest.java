package io.secposture.core.internal.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.Severity;
import io.secposture.api.Suppression;
import io.secposture.core.Suppressions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** What a suppression entry matches, field by field, and when it stops matching. */
class SuppressionMatcherTest {
  private static final Instant RUN_START = Instant.parse("2027-03-31T23:59:59Z");
  private static final CloudAccount PROD = CloudAccount.builder(CloudProvider.AWS, "111122223333").name("prod")
      .labels(Map.of("team", "payments", "env", "prod")).build();

  private static Finding.Builder failing() {
    return Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId("111122223333")
        .region("eu-west-1").service("s3").ruleId("s3_bucket_public_access").title("Public bucket")
        .severity(Severity.HIGH).status(FindingStatus.FAIL).resourceId("arn:aws:s3:::legacy-logs-2019");
  }

  private static SuppressionMatcher matcher(String yaml) {
    return SuppressionMatcher.compile(Suppressions.parse(("suppressions:\n" + yaml).getBytes(StandardCharsets.UTF_8),
        "test.yaml"), RUN_START);
  }

  private static String match(String yaml, CloudAccount account, Finding finding) {
    SuppressionMatcher matcher = matcher(yaml);
    return matcher.forAccount(account).match(finding, matcher.counter());
  }

  @Test
  void match_eachField_narrowsWhatIsMuted() {
    Finding finding = failing().build();
    String entry = "  - {id: e, reason: r, owner: o, ";

    assertThat(match(entry + "rule: s3_bucket_public_access}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: s3_bucket_*}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"*_public_*\"}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"s3_bucket_public_acces?\"}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: s3_bucket_versioning}", PROD, finding)).isNull();
    assertThat(match(entry + "rule: S3_BUCKET_*}", PROD, finding)).as("globs are case-sensitive").isNull();

    assertThat(match(entry + "resource: \"arn:aws:s3:::legacy-logs*\"}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "resource: \"arn:aws:s3:::other*\"}", PROD, finding)).isNull();
    assertThat(match(entry + "resource: \"*\"}", PROD, failing().resourceId(null).build()))
        .as("* is any resource, none included").isEqualTo("e");
    assertThat(match(entry + "resource: \"arn:*\"}", PROD, failing().resourceId(null).build())).isNull();

    assertThat(match(entry + "rule: \"*\", scanner: prowler}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"*\", scanner: scoutsuite}", PROD, finding)).isNull();
    assertThat(match(entry + "rule: \"*\", provider: aws}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"*\", provider: gcp}", PROD, finding)).isNull();
    assertThat(match(entry + "rule: \"*\", region: EU-WEST-1}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"*\", region: us-east-1}", PROD, finding)).isNull();
    assertThat(match(entry + "rule: \"*\", service: s3}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"*\", service: iam}", PROD, finding)).isNull();

    assertThat(match(entry + "rule: \"*\", accounts: [\"111122223333\"]}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"*\", accounts: [prod]}", PROD, finding)).as("by inventory name")
        .isEqualTo("e");
    assertThat(match(entry + "rule: \"*\", accounts: [dev, \"999988887777\"]}", PROD, finding)).isNull();
    assertThat(match(entry + "rule: \"*\", accounts: [prod]}", null, finding))
        .as("without an inventory (aggregate) names are unknown").isNull();
    assertThat(match(entry + "rule: \"*\", accounts: [\"111122223333\"]}", null, finding)).isEqualTo("e");

    assertThat(match(entry + "rule: \"*\", labels: {team: payments, env: prod}}", PROD, finding)).isEqualTo("e");
    assertThat(match(entry + "rule: \"*\", labels: {team: payments, env: dev}}", PROD, finding)).isNull();
    assertThat(match(entry + "rule: \"*\", labels: {team: payments}}", null, finding)).isNull();
  }

  @Test
  void match_onlyFailuresNoScannerMuted() {
    String entry = "  - {id: e, rule: \"*\", reason: r, owner: o}";

    assertThat(match(entry, PROD, failing().status(FindingStatus.PASS).build())).isNull();
    assertThat(match(entry, PROD, failing().status(FindingStatus.MANUAL).build())).isNull();
    assertThat(match(entry, PROD, failing().muted(true).build())).as("muted by the scanner's own mutelist")
        .isNull();
  }

  @Test
  void match_severalEntries_theFirstInFileOrderWinsAndIsCounted() {
    SuppressionMatcher matcher = matcher(String.join("\n",
        "  - {id: wide, rule: \"s3_*\", reason: r, owner: o}",
        "  - {id: exact, rule: s3_bucket_public_access, reason: r, owner: o}",
        "  - {id: other, rule: iam_root, reason: r, owner: o}",
        ""));
    SuppressionMatcher.Counter counter = matcher.counter();
    SuppressionMatcher.Scope scope = matcher.forAccount(PROD);

    assertThat(scope.match(failing().build(), counter)).isEqualTo("wide");
    assertThat(scope.match(failing().resourceId("b").build(), counter)).isEqualTo("wide");
    assertThat(scope.match(failing().ruleId("iam_root").build(), counter)).isEqualTo("other");
    assertThat(matcher.used(counter)).extracting(Suppression::id, Suppression::matched)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("wide", 2L),
            org.assertj.core.groups.Tuple.tuple("other", 1L));
  }

  @Test
  void expiry_theLastDayStillMutesTheNextDayNothing() {
    String entry = "  - {id: e, rule: \"*\", reason: r, owner: o, expires: 2027-03-31}";
    Suppressions suppressions = Suppressions.parse(("suppressions:\n" + entry).getBytes(StandardCharsets.UTF_8),
        "t.yaml");
    SuppressionMatcher lastSecond = SuppressionMatcher.compile(suppressions, Instant.parse("2027-03-31T23:59:59Z"));
    SuppressionMatcher nextDay = SuppressionMatcher.compile(suppressions, Instant.parse("2027-04-01T00:00:00Z"));

    assertThat(lastSecond.forAccount(PROD).match(failing().build(), lastSecond.counter())).isEqualTo("e");
    assertThat(nextDay.forAccount(PROD).match(failing().build(), nextDay.counter())).isNull();
    assertThat(nextDay.section(List.of())).singleElement().satisfies(section -> {
      assertThat(section.expired()).isTrue();
      assertThat(section.unused()).as("expired is reported as expired, not unused").isFalse();
      assertThat(section.matched()).isZero();
    });
    assertThat(lastSecond.section(List.of())).singleElement().satisfies(section -> {
      assertThat(section.expired()).isFalse();
      assertThat(section.unused()).isTrue();
      assertThat(section.daysToExpiry(Instant.parse("2027-03-01T12:00:00Z"))).isEqualTo(30L);
    });
  }

  @Test
  void summary_namesTheEntriesThatNeedADecision() {
    SuppressionMatcher matcher = SuppressionMatcher.compile(Suppressions.parse(String.join("\n", "suppressions:",
        "  - {id: used, rule: \"*\", reason: r, owner: o}",
        "  - {id: old, rule: x, reason: r, owner: o, expires: 2020-01-01}",
        "  - {id: idle, rule: y, reason: r, owner: o}", "").getBytes(StandardCharsets.UTF_8), "t.yaml"), RUN_START);
    SuppressionMatcher.Counter counter = matcher.counter();
    matcher.forAccount(PROD).match(failing().build(), counter);
    io.secposture.api.PostureReport partial = io.secposture.api.PostureReport.builder("r", RUN_START)
        .suppressions(matcher.used(counter)).build();

    assertThat(SuppressionMatcher.summary(matcher.section(List.of(partial)))).isEqualTo("suppressions muted 1"
        + " finding; expired, muting nothing (renew or remove them): old; matched nothing: idle");
    assertThat(SuppressionMatcher.summary(List.of())).isNull();
  }

  @Property(tries = 2000)
  void glob_matchesExactlyWhatTheEquivalentRegularExpressionMatches(@ForAll("globs") String glob,
      @ForAll("values") String value) {
    Glob compiled = Glob.compile(glob);
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }

    boolean expected = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();

    assertThat(compiled == null || compiled.matches(value)).as("glob %s on %s", glob, value).isEqualTo(expected);
  }

  @Property(tries = 500)
  void match_indexedLookup_picksTheFirstMatchingEntryInFileOrder(@ForAll("globLists") List<String> globs,
      @ForAll("values") String ruleId) {
    StringBuilder yaml = new StringBuilder("suppressions:\n");
    for (int i = 0; i < globs.size(); i++) {
      yaml.append("  - {id: e").append(i).append(", rule: \"").append(globs.get(i)).append("\", reason: r, owner: o}\n");
    }
    SuppressionMatcher matcher = SuppressionMatcher.compile(Suppressions.parse(
        yaml.toString().getBytes(StandardCharsets.UTF_8), "t.yaml"), RUN_START);
    String expected = null;
    for (int i = 0; i < globs.size() && expected == null; i++) {
      Glob glob = Glob.compile(globs.get(i));
      if (glob == null || glob.matches(ruleId)) {
        expected = "e" + i;
      }
    }

    String actual = matcher.forAccount(PROD).match(failing().ruleId(ruleId).build(), matcher.counter());

    assertThat(actual).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<String>> globLists() {
    return Arbitraries.strings().withChars("ab*?:").ofMinLength(1).ofMaxLength(5).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> globs() {
    return Arbitraries.strings().withChars("ab*?:/").ofMinLength(1).ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.strings().withChars("ab:/*?").ofMaxLength(10);
  }
}
