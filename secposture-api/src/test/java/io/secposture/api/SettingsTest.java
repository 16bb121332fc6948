package io.secposture.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void typedGetters_readPresentValuesAndDefaults() {
    Settings settings = Settings.of(Map.of("a.int", " 4 ", "a.bool", "yes", "a.list", "x, y,,z", "a.dur", "90s"));
    assertThat(settings.getInt("a.int")).isEqualTo(4);
    assertThat(settings.getInt("missing", 7)).isEqualTo(7);
    assertThat(settings.getBoolean("a.bool", false)).isTrue();
    assertThat(settings.getList("a.list")).containsExactly("x", "y", "z");
    assertThat(settings.getList("missing")).isEmpty();
    assertThat(settings.getDuration("a.dur")).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.getString("missing")).isNull();
  }

  @Test
  void malformedValue_namesKeyValueOriginAndExpectedForm() {
    Settings settings = Settings.of(Map.of("scoutsuite.max-workers", "four"), "account prod");
    assertThatThrownBy(() -> settings.getInt("scoutsuite.max-workers"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("setting 'scoutsuite.max-workers' (account prod) has value 'four'; expected an integer such as 4");
    assertThatThrownBy(() -> Settings.of(Map.of("t", "soon")).getDuration("t"))
        .hasMessageContaining("expected a duration such as 30m");
    assertThatThrownBy(() -> Settings.of(Map.of("b", "maybe")).getBoolean("b", true))
        .hasMessageContaining("expected true or false");
  }

  @Test
  void with_overridesAndScoped_stripsPrefix() {
    Settings base = Settings.of(Map.of("scoutsuite.regions", "eu-west-1", "prowler.severity", "high"));
    Settings merged = base.with(Settings.of(Map.of("scoutsuite.regions", "us-east-1")));
    assertThat(merged.getString("scoutsuite.regions")).isEqualTo("us-east-1");
    assertThat(merged.scoped("prowler").asMap()).containsExactly(Map.entry("severity", "high"));
  }

  @Property
  void parseDuration_readsEveryUnitAndIsoForm(@ForAll @IntRange(min = 0, max = 100_000) int amount) {
    assertThat(Settings.parseDuration(amount + "ms")).isEqualTo(Duration.ofMillis(amount));
    assertThat(Settings.parseDuration(amount + "s")).isEqualTo(Duration.ofSeconds(amount));
    assertThat(Settings.parseDuration(amount + "m")).isEqualTo(Duration.ofMinutes(amount));
    assertThat(Settings.parseDuration(amount + "h")).isEqualTo(Duration.ofHours(amount));
    assertThat(Settings.parseDuration(Duration.ofSeconds(amount).toString())).isEqualTo(Duration.ofSeconds(amount));
  }

  @Test
  void parseDuration_garbage_isNull() {
    assertThat(Settings.parseDuration("10 parsecs")).isNull();
    assertThat(Settings.parseDuration("m")).isNull();
    assertThat(Settings.parseDuration("PTX")).isNull();
  }
}
