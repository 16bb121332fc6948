package io.secposture.core.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class DurationsTest {
  @Property
  void underTenSecondsReadsAsPrintfWouldRoundIt(@ForAll @LongRange(min = 0, max = 9_999) long millis) {
    assertThat(Durations.format(Duration.ofMillis(millis)))
        .isEqualTo(String.format(Locale.ROOT, "%.1fs", millis / 1000.0));
  }

  @Example
  void longerDurationsReadAsSecondsMinutesAndHours() {
    assertThat(Durations.format(Duration.ofMillis(1_250))).isEqualTo("1.3s");
    assertThat(Durations.format(Duration.ofMillis(-5))).isEqualTo("0.0s");
    assertThat(Durations.format(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(Durations.format(Duration.ofSeconds(3_725))).isEqualTo("1h02m05s");
  }
}
