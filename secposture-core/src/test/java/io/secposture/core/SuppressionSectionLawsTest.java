package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.Aggregator;
import io.secposture.api.PostureReport;
import io.secposture.api.Suppression;
import io.secposture.core.internal.aggregate.DefaultAggregator;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The merge law of the report's {@code suppressions} section: shards (and per-scan partial reports) merge to the
 * same section in any grouping and order, counts of one id add up, an entry expired in any part stays expired, and
 * the merged section survives the report JSON.
 */
class SuppressionSectionLawsTest {
  private final Aggregator aggregator = new DefaultAggregator();

  @Provide
  Arbitrary<List<List<Suppression>>> sections() {
    return ReportArbitraries.suppressions().list().ofMaxSize(4).list().ofMinSize(1).ofMaxSize(5);
  }

  private static PostureReport report(List<Suppression> section) {
    return PostureReport.builder("r1", ReportArbitraries.RUN_START).suppressions(section).build();
  }

  @Example
  void combine_entriesThatPrintAlike_butDiffer_keepTheSameDefinitionInEitherOrder() {
    // [] and [""] (and labels {a=b, c=d} against {"a=b, c": "d"}) print alike; a definition order built on joined
    // text saw them as equal, so the entry kept depended on the order of the shards
    Suppression none = entry(List.of(), new TreeMap<>(Map.of("a", "b", "c", "d")));
    Suppression empty = entry(List.of(""), new TreeMap<>(Map.of("a=b, c", "d")));

    assertThat(Suppression.combine(List.of(none, empty))).isEqualTo(Suppression.combine(List.of(empty, none)));
  }

  private static Suppression entry(List<String> accounts, TreeMap<String, String> labels) {
    return new Suppression("S0a1b2c3d", null, null, null, accounts, labels, null, null, null, "", "", null, null, 0,
        true);
  }

  @Property(tries = 300)
  void merge_anyGroupingAndOrder_givesTheSameSection(@ForAll("sections") List<List<Suppression>> sections,
      @ForAll Random random) {
    List<PostureReport> parts = sections.stream().map(SuppressionSectionLawsTest::report).toList();
    PostureReport flat = aggregator.merge(parts);

    List<PostureReport> shuffled = new ArrayList<>(parts);
    Collections.shuffle(shuffled, random);
    int cut = random.nextInt(shuffled.size() + 1);
    List<PostureReport> grouped = new ArrayList<>();
    if (cut > 0) {
      grouped.add(aggregator.merge(shuffled.subList(0, cut)));
    }
    if (cut < shuffled.size()) {
      grouped.add(aggregator.merge(shuffled.subList(cut, shuffled.size())));
    }

    assertThat(aggregator.merge(grouped).suppressions()).isEqualTo(flat.suppressions());
  }

  @Property(tries = 300)
  void merge_countsOfOneIdAddUpAndExpiredInAnyPartStays(@ForAll("sections") List<List<Suppression>> sections) {
    Map<String, Long> matched = new TreeMap<>();
    Map<String, Boolean> expired = new TreeMap<>();
    for (List<Suppression> section : sections) {
      for (Suppression entry : section) {
        matched.merge(entry.id(), entry.matched(), Long::sum);
        expired.merge(entry.id(), entry.expired(), Boolean::logicalOr);
      }
    }

    List<Suppression> merged = aggregator.merge(sections.stream().map(SuppressionSectionLawsTest::report).toList())
        .suppressions();

    assertThat(merged).extracting(Suppression::id).containsExactlyElementsOf(matched.keySet());
    for (Suppression entry : merged) {
      assertThat(entry.matched()).as(entry.id()).isEqualTo(matched.get(entry.id()));
      assertThat(entry.expired()).as(entry.id()).isEqualTo(expired.get(entry.id()));
      assertThat(entry.unused()).isEqualTo(!entry.expired() && entry.matched() == 0);
    }
  }

  @Property(tries = 200)
  void merged_readBackFromJson_isTheSameSection(@ForAll("sections") List<List<Suppression>> sections) {
    PostureReport merged = aggregator.merge(sections.stream().map(SuppressionSectionLawsTest::report).toList());

    PostureReport read = ReportJson.read(new ByteArrayInputStream(ReportJson.toBytes(merged)), "merged");

    assertThat(read.suppressions()).isEqualTo(merged.suppressions());
  }
}
