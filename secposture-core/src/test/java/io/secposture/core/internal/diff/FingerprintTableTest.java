package io.secposture.core.internal.diff;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FingerprintTableTest {
  @Test
  void key_ofAFindingsFingerprint_isItsOwn128BitsAndPrintsBack() {
    String print = Finding.fingerprint("prowler", CloudProvider.AWS, "123456789012", "s3_rule", "arn:aws:s3:::b");

    FingerprintTable.Key key = FingerprintTable.Key.of(print);

    assertThat(key.hex()).isEqualTo(print);
    assertThat(FingerprintTable.Key.of("ffffffffffffffffffffffffffffffff").hex())
        .isEqualTo("ffffffffffffffffffffffffffffffff");
  }

  @Test
  void key_ofAnyOtherText_isHashedAndItsHexReadsBackToTheSameKey() {
    for (String text : List.of("custom-id-1", "", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef",
        "g123456789abcdef0123456789abcdef")) {
      FingerprintTable.Key key = FingerprintTable.Key.of(text);

      assertThat(key.hex()).matches("[0-9a-f]{32}").isNotEqualTo(text);
      assertThat(FingerprintTable.Key.of(key.hex())).isEqualTo(key);
    }
    assertThat(FingerprintTable.Key.of("custom-id-1")).isNotEqualTo(FingerprintTable.Key.of("custom-id-2"));
  }

  @Test
  void add_manyKeys_growsAndFindsEveryOneWithItsValues() {
    FingerprintTable table = new FingerprintTable();
    for (int i = 0; i < 100_000; i++) {
      int slot = table.add(FingerprintTable.Key.of("id-" + i), i % 5);
      assertThat(slot).isNotNegative();
      table.setValue(slot, i);
      if (i % 3 == 0) {
        table.mark(slot);
      }
    }

    assertThat(table.size()).isEqualTo(100_000);
    assertThat(table.capacity()).isGreaterThanOrEqualTo(200_000);
    for (int i = 0; i < 100_000; i += 997) {
      int slot = table.find(FingerprintTable.Key.of("id-" + i));
      assertThat(table.value(slot)).isEqualTo(i);
      assertThat(table.severity(slot)).isEqualTo(i % 5);
      assertThat(table.marked(slot)).isEqualTo(i % 3 == 0);
    }
    assertThat(table.find(FingerprintTable.Key.of("id-100000"))).isNegative();
    int again = table.add(FingerprintTable.Key.of("id-42"), 0);
    assertThat(again).isNegative();
    assertThat(table.value(-again - 1)).isEqualTo(42);
  }

  @Property(tries = 200)
  void table_anyKeys_behavesLikeAMap(@ForAll @Size(max = 300) List<String> texts) {
    FingerprintTable table = new FingerprintTable();
    Map<String, Integer> model = new HashMap<>();
    for (String text : texts) {
      int slot = table.add(FingerprintTable.Key.of(text), 0);
      if (model.containsKey(text)) {
        assertThat(slot).isNegative();
      } else {
        assertThat(slot).isNotNegative();
        table.setValue(slot, model.size());
        model.put(text, model.size());
      }
    }
    assertThat(table.size()).isEqualTo(model.size());
    model.forEach((text, value) -> assertThat(table.value(table.find(FingerprintTable.Key.of(text)))).isEqualTo(value));
  }
}
