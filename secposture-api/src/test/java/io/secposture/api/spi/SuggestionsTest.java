package io.secposture.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void closest_oneTypo_findsTheIntendedNameIgnoringCase() {
    assertThat(Suggestions.closest("PROWLR", List.of("scoutsuite", "prowler"))).contains("prowler");
  }

  @Test
  void closest_nothingNear_suggestsNothing() {
    assertThat(Suggestions.closest("azure", List.of("scoutsuite", "prowler"))).isEmpty();
    assertThat(Suggestions.closest("x", List.of())).isEmpty();
  }

  @Test
  void closest_tie_firstInIterationOrderWins() {
    assertThat(Suggestions.closest("ab", List.of("ax", "ay"), 1)).contains("ax");
  }

  @Property
  void closest_exactKnownName_isAlwaysFound(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String name,
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String other) {
    assertThat(Suggestions.closest(name, List.of(other, name), 0)).isPresent()
        .hasValueSatisfying(found -> assertThat(found).isEqualToIgnoringCase(name));
  }

  @Property
  void distance_isSymmetricAndBoundedByTheLongerString(@ForAll @StringLength(max = 12) String a,
      @ForAll @StringLength(max = 12) String b) {
    int distance = Suggestions.distance(a, b);
    assertThat(distance).isEqualTo(Suggestions.distance(b, a));
    assertThat(distance).isBetween(Math.abs(a.length() - b.length()), Math.max(a.length(), b.length()));
    assertThat(distance == 0).isEqualTo(a.equals(b));
  }
}
