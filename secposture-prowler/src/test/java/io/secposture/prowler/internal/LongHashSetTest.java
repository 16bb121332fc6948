package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LongHashSetTest {

  @Property
  void add_anyValues_countsLikeAHashSet(@ForAll List<@LongRange(min = -40, max = 40) Long> small,
      @ForAll List<Long> any) {
    LongHashSet set = new LongHashSet();
    Set<Long> expected = new HashSet<>();
    List<Long> values = new ArrayList<>(small);
    values.addAll(any);
    values.add(0L);
    values.addAll(small);

    for (long value : values) {
      assertThat(set.add(value)).as("add(%d)", value).isEqualTo(expected.add(value));
    }
    assertThat(set.size()).isEqualTo(expected.size());
  }

  @Test
  void add_manyDistinctResourceHashes_growsAndKeepsThemAll() {
    LongHashSet set = new LongHashSet();

    for (int i = 0; i < 200_000; i++) {
      set.add(ResourceHash.of("arn:aws:s3:::bucket-" + i));
    }
    for (int i = 0; i < 200_000; i += 7) {
      assertThat(set.add(ResourceHash.of("arn:aws:s3:::bucket-" + i))).isFalse();
    }

    assertThat(set.size()).isEqualTo(200_000);
  }

  @Test
  void resourceHash_similarIds_differ() {
    Set<Long> hashes = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      hashes.add(ResourceHash.of("i-" + Integer.toHexString(i)));
      hashes.add(ResourceHash.of(Integer.toString(i)));
    }
    hashes.add(ResourceHash.of(""));
    hashes.add(ResourceHash.of("\u0000"));

    assertThat(hashes).hasSize(200_002);
  }
}
