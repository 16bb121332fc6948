package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RateBudgetTest {

  @Test
  void from_settings_limitsPerProvider() {
    RateBudget budget = RateBudget.from(Settings.of(Map.of("aws.max-requests-per-second", "100",
        "gcp.retries-max-attempts", "8", "gcp.max-requests-per-second", "40")));

    assertThat(budget.limit(CloudProvider.AWS)).contains(new RateBudget.Limit(100, null));
    assertThat(budget.limit(CloudProvider.GCP)).contains(new RateBudget.Limit(40, 8));
    assertThat(budget.limit(CloudProvider.AZURE)).isEmpty();
    assertThat(RateBudget.from(Settings.empty()).isEmpty()).isTrue();
  }

  @Test
  void from_unknownMalformedOrOutOfRange_everyProblemAtOnce() {
    assertThatThrownBy(() -> RateBudget.from(Settings.of(Map.of("aws.max-rate", "5",
        "gcp.max-requests-per-second", "fast", "azure.retries-max-attempts", "0", "AWS!.x", "1"))))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).problems()).containsExactlyInAnyOrder(
            "rate budget setting 'aws.max-rate' is unknown; use <provider>.max-requests-per-second or"
                + " <provider>.retries-max-attempts, e.g. aws.max-requests-per-second=100",
            "setting 'gcp.max-requests-per-second' has value 'fast'; expected an integer such as 4",
            "rate budget setting 'azure.retries-max-attempts' has value '0'; expected 1 to 100",
            "rate budget setting 'AWS!.x': provider id 'aws!' is not valid: use 1-40 lower-case letters, digits or"
                + " '-', starting with a letter (e.g. aws)"));
  }

  @Test
  void apply_budgetSharedByFourScans_eachScannerGetsAQuarter() {
    RateBudget budget = RateBudget.builder().requestsPerSecond(CloudProvider.AWS, 100).build();

    Settings options = budget.apply(CloudProvider.AWS, 4, Settings.empty());

    assertThat(options.asMap()).containsEntry("rate.max-requests-per-second", "25")
        .containsEntry("scoutsuite.max-rate", "25")
        .containsEntry("prowler.aws-retries-max-attempts", String.valueOf(RateBudget.DEFAULT_RETRIES));
  }

  @Test
  void apply_accountSetsALowerRateOrItsOwnRetries_keptAsConfigured() {
    RateBudget budget = RateBudget.builder().requestsPerSecond(CloudProvider.GCP, 100).retries(CloudProvider.GCP, 7)
        .build();

    Settings lower = budget.apply(CloudProvider.GCP, 2, Settings.of(Map.of("scoutsuite.max-rate", "10",
        "prowler.gcp-retries-max-attempts", "3")));
    Settings higher = budget.apply(CloudProvider.GCP, 2, Settings.of(Map.of("scoutsuite.max-rate", "500")));

    assertThat(lower.asMap()).containsEntry("scoutsuite.max-rate", "10")
        .containsEntry("prowler.gcp-retries-max-attempts", "3");
    assertThat(higher.asMap()).containsEntry("scoutsuite.max-rate", "50")
        .containsEntry("prowler.gcp-retries-max-attempts", "7");
  }

  @Test
  void apply_providerWithoutBudgetOrAzureRetries_optionsUntouchedOrNoProwlerRetries() {
    RateBudget budget = RateBudget.builder().requestsPerSecond(CloudProvider.AZURE, 30).build();
    Settings options = Settings.of(Map.of("scoutsuite.max-workers", "4"));

    assertThat(budget.apply(CloudProvider.AWS, 3, options)).isEqualTo(options);
    assertThat(budget.apply(CloudProvider.AZURE, 3, options).asMap()).containsOnlyKeys("scoutsuite.max-workers",
        "scoutsuite.max-rate", "rate.max-requests-per-second");
  }

  @Property(tries = 300)
  void share_anyBudgetAndSharers_atLeastOneAndNeverAboveTheBudgetTogether(
      @ForAll @IntRange(min = 1, max = 5000) int budget, @ForAll @IntRange(min = 1, max = 1024) int sharers) {
    RateBudget rate = RateBudget.builder().requestsPerSecond(CloudProvider.AWS, budget).build();

    Optional<Integer> share = rate.share(CloudProvider.AWS, sharers);

    assertThat(share).isPresent();
    assertThat(share.get()).isGreaterThanOrEqualTo(1);
    if (budget >= sharers) {
      assertThat((long) share.get() * sharers).isLessThanOrEqualTo(budget);
    }
  }
}
