package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountFilterTest {
  private static final AccountFilter.Candidate PROD = new AccountFilter.Candidate("111111111111", "payments-prod",
      Set.of("ou-root-a", "ou-a-prod"), Map.of("env", "prod", "team", "payments"));
  private static final AccountFilter.Candidate SANDBOX = new AccountFilter.Candidate("222222222222", "alice-sandbox",
      Set.of("ou-root-a", "ou-a-sandbox"), Map.of("env", "sandbox"));

  @Test
  void admits_noRules_everyAccount() {
    assertThat(AccountFilter.ALL.admits(PROD)).isTrue();
    assertThat(AccountFilter.parse(List.of(), List.of()).admits(SANDBOX)).isTrue();
  }

  @Test
  void admits_includeRules_accountMustMatchOne() {
    AccountFilter filter = AccountFilter.parse(List.of("ou:ou-a-prod", "tag:team=pay*"), List.of());

    assertThat(filter.admits(PROD)).isTrue();
    assertThat(filter.admits(SANDBOX)).isFalse();
  }

  @Test
  void admits_excludeMatches_excludedEvenWhenIncluded() {
    AccountFilter filter = AccountFilter.parse(List.of("ou:ou-root-a"), List.of("name:*-sandbox"));

    assertThat(filter.admits(PROD)).isTrue();
    assertThat(filter.admits(SANDBOX)).isFalse();
  }

  @Test
  void parse_bareIdWithWildcardsTagWithoutValue_matchAsWritten() {
    AccountFilter filter = AccountFilter.parse(List.of("1111*", "id:2222222222?2"), List.of("tag:env=sand*"));

    assertThat(filter.admits(PROD)).isTrue();
    assertThat(filter.admits(SANDBOX)).isFalse();
    assertThat(AccountFilter.parse(List.of("tag:team"), List.of()).admits(PROD)).isTrue();
    assertThat(AccountFilter.parse(List.of("tag:team"), List.of()).admits(SANDBOX)).isFalse();
    assertThat(AccountFilter.parse(List.of("id:1.1*"), List.of()).admits(PROD)).as("a dot is literal").isFalse();
  }

  @Test
  void parse_unknownWordsAndEmptyValues_everyProblemAtOnceWithTheFormsThatWork() {
    assertThatThrownBy(() -> AccountFilter.parse(List.of("team:payments"), List.of("ou:")))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactly(
            "--include rule 'team:payments': unknown rule word 'team'; write an account id (wildcards * and ?),"
                + " id:PATTERN, name:PATTERN, ou:OU_ID, folder:FOLDER_ID, tag:KEY or tag:KEY=VALUE",
            "--exclude rule 'ou:': a rule needs a value after 'ou:'; write an account id (wildcards * and ?),"
                + " id:PATTERN, name:PATTERN, ou:OU_ID, folder:FOLDER_ID, tag:KEY or tag:KEY=VALUE"));
  }

  @Test
  void usesAndGroups_tellWhatADiscoveryMustLookUp() {
    AccountFilter filter = AccountFilter.parse(List.of("ou:ou-b", "123"), List.of("ou:ou-a"));

    assertThat(filter.usesGroups()).isTrue();
    assertThat(filter.usesTags()).isFalse();
    assertThat(filter.groups()).containsExactly("ou-a", "ou-b");
    assertThat(AccountFilter.parse(List.of("tag:env"), List.of()).usesTags()).isTrue();
  }

  @Test
  void unsupported_wordsADiscoveryDoesNotKnow_namedWithTheOnesItDoes() {
    AccountFilter filter = AccountFilter.parse(List.of("folder:123", "id:a"), List.of("tag:x"));

    assertThat(filter.unsupported(Set.of("id", "name", "ou", "tag"))).containsExactly(
        "the rule 'folder:123' does not apply here; this discovery understands [id, name, ou, tag]");
    assertThat(filter).hasToString("include [folder:123, id:a] exclude [tag:x]");
  }
}
