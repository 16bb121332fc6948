package io.secposture.scoutsuite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ScanDurationTextTest {
  @Property
  void scanDurationsReadAsPrintfWouldRoundThem(@ForAll @LongRange(min = 0, max = 100_000_000) long millis) {
    assertThat(ScoutSuiteScanner.tenthsOfSeconds(millis))
        .isEqualTo(String.format(Locale.ROOT, "%.1f", millis / 1000.0));
  }
}
