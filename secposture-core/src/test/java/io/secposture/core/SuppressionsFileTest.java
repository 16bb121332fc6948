package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Suppression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suppressions file format of {@link Suppressions}: what it reads and every problem it reports with its line. */
class SuppressionsFileTest {
  private static final String YAML = String.join("\n",
      "# accepted risks, reviewed monthly",
      "suppressions:",
      "  - id: legacy-logs",
      "    rule: s3_bucket_*",
      "    resource: \"arn:aws:s3:::legacy-logs*\"",
      "    scanner: prowler",
      "    provider: AWS",
      "    accounts: [prod, 012345678901]",
      "    labels: {team: payments}",
      "    region: eu-west-1",
      "    service: s3",
      "    reason: Public by design, CloudFront in front",
      "    owner: network-team",
      "    ticket: SEC-1234",
      "    expires: 2027-03-31",
      "  - rule: iam_root_mfa_enabled",
      "    accounts: sandbox",
      "    reason: Sandbox has no root use",
      "    owner: platform",
      "");

  @TempDir
  Path dir;

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private List<String> problems(Path file) {
    try {
      Suppressions.read(file);
    } catch (ConfigurationException e) {
      return e.problems();
    }
    throw new AssertionError("expected a ConfigurationException");
  }

  @Test
  void read_yaml_keepsEveryFieldAsWritten() throws IOException {
    Suppressions suppressions = Suppressions.read(file("suppressions.yaml", YAML));

    assertThat(suppressions.entries()).hasSize(2);
    Suppression first = suppressions.entries().get(0);
    assertThat(first).isEqualTo(new Suppression("legacy-logs", "s3_bucket_*", "prowler", CloudProvider.AWS,
        List.of("prod", "012345678901"), new java.util.TreeMap<>(Map.of("team", "payments")), "eu-west-1", "s3",
        "arn:aws:s3:::legacy-logs*", "Public by design, CloudFront in front", "network-team", "SEC-1234",
        LocalDate.of(2027, 3, 31), 0, false));
    Suppression second = suppressions.entries().get(1);
    assertThat(second.accounts()).containsExactly("sandbox");
    assertThat(second.expires()).isNull();
    assertThat(second.ticket()).isNull();
    assertThat(second.id()).matches("S[0-9a-f]{8}");
  }

  @Test
  void read_json_readsTheSameEntries() throws IOException {
    String json = "{\"suppressions\": [{\"id\": \"legacy-logs\", \"rule\": \"s3_bucket_*\","
        + " \"resource\": \"arn:aws:s3:::legacy-logs*\", \"scanner\": \"prowler\", \"provider\": \"AWS\","
        + " \"accounts\": [\"prod\", \"012345678901\"], \"labels\": {\"team\": \"payments\"},"
        + " \"region\": \"eu-west-1\", \"service\": \"s3\", \"reason\": \"Public by design, CloudFront in front\","
        + " \"owner\": \"network-team\", \"ticket\": \"SEC-1234\", \"expires\": \"2027-03-31\"},"
        + " {\"rule\": \"iam_root_mfa_enabled\", \"accounts\": \"sandbox\", \"reason\": \"Sandbox has no root use\","
        + " \"owner\": \"platform\"}]}";

    Suppressions fromJson = Suppressions.read(file("suppressions.json", json));

    assertThat(fromJson.entries()).isEqualTo(Suppressions.read(file("suppressions.yaml", YAML)).entries());
  }

  @Test
  void derivedId_staysWhenTheEntryMovesOrItsReasonOwnerAndExpiryChange() throws IOException {
    String one = "suppressions:\n  - {rule: r1, reason: a, owner: o}\n  - {rule: ec2_*, accounts: [prod], reason: a,"
        + " owner: o}\n";
    String moved = "suppressions:\n  - {rule: ec2_*, accounts: [prod], reason: other, owner: someone,"
        + " expires: 2030-01-01, ticket: T-1}\n  - {rule: r1, reason: a, owner: o}\n";
    String widened = "suppressions:\n  - {rule: ec2_*, accounts: [prod, dev], reason: a, owner: o}\n";

    String before = Suppressions.read(file("one.yaml", one)).entries().get(1).id();
    String after = Suppressions.read(file("moved.yaml", moved)).entries().get(0).id();
    String other = Suppressions.read(file("widened.yaml", widened)).entries().get(0).id();

    assertThat(after).isEqualTo(before);
    assertThat(other).isNotEqualTo(before);
  }

  @Test
  void read_badFile_reportsEveryProblemAtOnceWithItsLine() throws IOException {
    Path file = file("bad.yaml", String.join("\n",
        "suppressions:",
        "  - rule: s3_*",                         // 2: no reason, no owner
        "    expires: 31/03/2027",                // 3
        "  - resource: arn:aws:s3:::x",           // 4
        "    reasn: typo",                        // 5
        "    reason: r",
        "    owner: o",
        "    provider: \"not a provider\"",       // 8
        "  - service: s3",                        // 9: neither rule nor resource
        "    reason: r",
        "    owner: o",
        "    expires: 2027-02-30",                // 12
        "  - id: dup",                            // 13
        "    rule: a",
        "    reason: r",
        "    owner: o",
        "  - id: dup",                            // 17
        "    rule: b",
        "    reason: r",
        "    owner: o",
        "    labels: [team]",                     // 21
        "  - id: bad id!",                        // 22
        "    rule: c",
        "    reason: \"\"",                       // 24
        "    owner: o",
        ""));

    List<String> problems = problems(file);

    String name = file.toString();
    assertThat(problems).containsExactlyInAnyOrder(
        name + " line 2: the entry has no 'reason'; every suppression needs one (why the risk is accepted)",
        name + " line 2: the entry has no 'owner'; every suppression needs one (who accepted the risk (a team or"
            + " person))",
        name + " line 3: 'expires' is '31/03/2027'; write the last day as YYYY-MM-DD, e.g. 2027-03-31",
        name + " line 5: unknown key 'reasn' in a suppression; did you mean 'reason'? known keys: id, rule,"
            + " scanner, provider, accounts, labels, region, service, resource, reason, owner, ticket, expires",
        name + " line 8: the provider 'not a provider' is not a provider id such as aws, azure, gcp or kubernetes",
        name + " line 9: the entry sets neither 'rule' nor 'resource'; name what it accepts (rule: \"*\" accepts"
            + " every rule of its accounts)",
        name + " line 12: 'expires' is '2027-02-30', which is not a date of the calendar",
        name + " line 21: 'labels' is a list; it must be a mapping of label to value, e.g. {team: payments}",
        name + " line 22: the id 'bad id!' must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a"
            + " letter or digit",
        name + " line 24: 'reason' is empty; give a value or leave the key out");
  }

  @Test
  void read_sameIdTwice_namesBothLines() throws IOException {
    Path file = file("dup.yaml", "suppressions:\n  - {id: a, rule: x, reason: r, owner: o}\n"
        + "  - {id: a, rule: y, reason: r, owner: o}\n  - {rule: z, reason: r, owner: o}\n"
        + "  - {rule: z, reason: other, owner: o}\n");

    assertThat(problems(file)).containsExactly(
        file + " line 3: the id 'a' is already used by the entry at line 2; ids must be unique",
        file + " line 5: this entry matches the same findings as the entry at line 4 (both have the id '"
            + Suppressions.read(file("one.yaml", "suppressions:\n  - {rule: z, reason: r, owner: o}\n")).entries()
                .get(0).id() + "'), so it would never mute anything; merge the two or give each an 'id'");
  }

  @Test
  void read_syntaxErrorsAndShapes_sayWhereAndWhat() throws IOException {
    Path broken = file("broken.yaml", "suppressions:\n  - rule: a\n    reason: [unclosed\n    owner: o\n");
    Path notAList = file("map.yaml", "suppressions: {rule: a}\n");
    Path wrongTop = file("top.yaml", "supressions: []\n");
    Path duplicateKey = file("dupkey.yaml", "suppressions:\n  - rule: a\n    rule: b\n    reason: r\n    owner: o\n");
    Path empty = file("empty.yaml", "  \n");

    assertThat(problems(broken)).singleElement().asString().startsWith(broken + " line ").contains("not valid YAML");
    assertThat(problems(notAList)).containsExactly(notAList
        + " line 1: 'suppressions' is a mapping; it must be a list of entries");
    assertThat(problems(wrongTop)).containsExactly(
        wrongTop + " line 1: unknown key 'supressions' at the top level; did you mean 'suppressions'? known keys:"
            + " suppressions",
        wrongTop + " line 1: there is no 'suppressions' list; add one with an entry per accepted risk");
    assertThat(problems(duplicateKey)).containsExactly(duplicateKey
        + " line 3: the key 'rule' appears twice in the same mapping; keep one");
    assertThat(problems(empty)).containsExactly(empty + " is empty; it needs a 'suppressions:' list");
    assertThat(problems(dir.resolve("missing.yaml")))
        .containsExactly("suppressions file " + dir.resolve("missing.yaml") + " does not exist; check the path");
  }

  @Test
  void parse_contentFromAStore_namesTheUriInProblems() {
    byte[] content = "suppressions:\n  - {rule: a, owner: o}\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Suppressions.parse(content, "s3://bucket/config/suppressions.yaml"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("s3://bucket/config/suppressions.yaml line 2: the entry has no 'reason'");
    assertThat(Suppressions.parse("suppressions: []\n".getBytes(StandardCharsets.UTF_8), "s3://b/s.yaml").isEmpty())
        .isTrue();
  }
}
