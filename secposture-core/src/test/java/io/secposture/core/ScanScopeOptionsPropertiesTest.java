package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ScanScope#of} over random scan options (job-wide with the account's own over them, singular and plural
 * limits, filtering options): a scope never covers a region or service that any limit the scanner might have read
 * excludes, and a filtering option always makes the filters unknown. This is what keeps an exporter from retracting
 * findings a scan never looked at, whichever alias the scanner reads.
 */
class ScanScopeOptionsPropertiesTest {
  private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1", "ap-south-1");
  private static final List<String> SERVICES = List.of("s3", "iam", "ec2");

  @Provide
  Arbitrary<Map<String, String>> options() {
    Arbitrary<Optional<String>> regions = Arbitraries.of(REGIONS).set().ofMinSize(1).ofMaxSize(2)
        .map(set -> String.join(",", set)).optional(0.5);
    Arbitrary<Optional<String>> services = Arbitraries.of(SERVICES).set().ofMinSize(1).ofMaxSize(2)
        .map(set -> String.join(",", set)).optional(0.5);
    Arbitrary<Optional<String>> filter = Arbitraries.of("severity", "excluded-checks", "skip", "extra-args",
        "Compliance").optional(0.2);
    return net.jqwik.api.Combinators.combine(regions, regions, services, services, filter)
        .as((region, regionsPlural, service, servicesPlural, limiting) -> {
          Map<String, String> map = new HashMap<>();
          region.ifPresent(value -> map.put("prowler.region", value));
          regionsPlural.ifPresent(value -> map.put("prowler.regions", value));
          service.ifPresent(value -> map.put("prowler.service", value));
          servicesPlural.ifPresent(value -> map.put("prowler.services", value));
          limiting.ifPresent(key -> map.put("prowler." + key, "x"));
          return map;
        });
  }

  @Property(tries = 300)
  void a_scope_never_covers_what_a_limit_the_scanner_may_have_read_excludes(
      @ForAll("options") Map<String, String> jobWide, @ForAll("options") Map<String, String> account) {
    Settings effective = Settings.of(jobWide).with(Settings.of(account));
    ScanScope scope = ScanScope.of(CloudProvider.AWS, "111111111111", "prowler", ScanStatus.SUCCEEDED, effective,
        Shard.whole());

    boolean filtered = effective.asMap().keySet().stream().anyMatch(key -> Set.of("prowler.severity",
        "prowler.excluded-checks", "prowler.skip", "prowler.extra-args", "prowler.Compliance").contains(key));
    if (filtered) {
      assertThat(scope.filtersKnown()).isFalse();
    }
    for (String region : REGIONS) {
      for (String service : SERVICES) {
        if (scope.covers(region, service)) {
          for (String key : List.of("prowler.region", "prowler.regions")) {
            assertThat(!effective.contains(key) || effective.getList(key).contains(region)).as(key).isTrue();
          }
          for (String key : List.of("prowler.service", "prowler.services")) {
            assertThat(!effective.contains(key) || effective.getList(key).contains(service)).as(key).isTrue();
          }
        }
      }
    }
  }
}
