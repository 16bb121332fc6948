package io.secposture.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class StatsLawsTest {

  @Provide
  Arbitrary<ServiceStats> stats() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, 1_000_000);
    return Combinators.combine(count, count, count).as(ServiceStats::new);
  }

  @Provide
  Arbitrary<FindingTally> tallies() {
    Arbitrary<Long> count = Arbitraries.longs().between(0, 1_000);
    return Combinators.combine(count, count, count, count, count, count)
        .as((high, low, failed, passed, muted, manual) ->
            new FindingTally(Map.of(Severity.HIGH, high, Severity.LOW, low), failed, passed, muted, manual));
  }

  @Property
  void serviceStats_plus_isAssociativeCommutativeWithZeroIdentity(@ForAll("stats") ServiceStats a,
      @ForAll("stats") ServiceStats b, @ForAll("stats") ServiceStats c) {
    assertThat(a.plus(b).plus(c)).isEqualTo(a.plus(b.plus(c)));
    assertThat(a.plus(b)).isEqualTo(b.plus(a));
    assertThat(a.plus(ServiceStats.ZERO)).isEqualTo(a);
  }

  @Property
  void findingTally_plus_isAssociativeCommutativeWithZeroIdentity(@ForAll("tallies") FindingTally a,
      @ForAll("tallies") FindingTally b, @ForAll("tallies") FindingTally c) {
    assertThat(a.plus(b).plus(c)).isEqualTo(a.plus(b.plus(c)));
    assertThat(a.plus(b)).isEqualTo(b.plus(a));
    assertThat(a.plus(FindingTally.ZERO)).isEqualTo(a);
    assertThat(a.plus(b).flagged()).isEqualTo(a.flagged() + b.flagged());
  }
}
