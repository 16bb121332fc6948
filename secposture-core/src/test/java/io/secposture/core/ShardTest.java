package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ShardTest {
  /**
   * What the four keys below map to among 8 shards, checked against an independent Python implementation of the
   * same computation: a change here would split a run whose shards run different releases.
   */
  private static final Integer[] PINNED = {5, 3, 1, 7};

  private static CloudAccount aws(String id) {
    return CloudAccount.builder(CloudProvider.AWS, id).build();
  }

  @Test
  void parse_indexSlashCount_shard() {
    assertThat(Shard.parse("2/8")).isEqualTo(new Shard(2, 8));
    assertThat(Shard.parse(" 0 / 1 ")).isEqualTo(Shard.whole());
    assertThat(Shard.parse("3/4").id()).isEqualTo("3-of-4");
    assertThat(Shard.parseId("3-of-4")).isEqualTo(new Shard(3, 4));
    assertThat(new Shard(3, 4)).hasToString("3/4");
  }

  @Test
  void parse_malformedOrOutOfRange_messageSaysTheFormAndThatIndexesStartAtZero() {
    assertThatThrownBy(() -> Shard.parse("4/4")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard index 4 is outside 0..3 for 4 shards; indexes start at 0");
    assertThatThrownBy(() -> Shard.parse("two/4")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard 'two/4' is not INDEX/COUNT, e.g. 0/4 for the first of four shards (indexes start at 0)");
    assertThatThrownBy(() -> Shard.parse("0/0")).hasMessage("a run has 1 to 10000 shards, got 0");
    assertThatThrownBy(() -> Shard.parse("0/10001")).hasMessage("a run has 1 to 10000 shards, got 10001");
    assertThatThrownBy(() -> Shard.parseId("1of4")).hasMessage("shard id '1of4' is not INDEX-of-COUNT, e.g. 0-of-4");
  }

  @Test
  void indexOf_fixedKeys_sameShardOnEveryMachineAndRelease() {
    // a sharded run may mix machines and versions: the mapping is part of the contract and must never change
    assertThat(Shard.indexOf(CloudProvider.AWS, "123456789012", 4)).isEqualTo(
        Shard.indexOf(CloudProvider.AWS, "123456789012", 4));
    List<Integer> indexes = new ArrayList<>();
    for (String id : List.of("123456789012", "210987654321", "000000000001", "999999999999")) {
      indexes.add(Shard.indexOf(CloudProvider.AWS, id, 8));
    }
    assertThat(indexes).containsExactly(expected("aws/123456789012", 8), expected("aws/210987654321", 8),
        expected("aws/000000000001", 8), expected("aws/999999999999", 8));
    assertThat(Shard.jump(0L, 1)).isZero();
    assertThat(indexes).containsExactly(PINNED);
  }

  /** The reference computation, written out: jump hash of the first 8 bytes of SHA-256 of the key. */
  private static int expected(String key, int count) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      long hash = java.nio.ByteBuffer.wrap(digest, 0, 8).getLong();
      long b = -1;
      long j = 0;
      while (j < count) {
        b = j;
        hash = hash * 2862933555777941757L + 1;
        j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((hash >>> 33) + 1)));
      }
      return (int) b;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Property(tries = 200)
  void select_anyAccountsAndCount_everyAccountInExactlyOneShard(
      @ForAll @Size(max = 60) List<@AlphaChars @NumericChars @Chars({'-', '.'}) @StringLength(min = 1, max = 20) String> ids,
      @ForAll @IntRange(min = 1, max = 16) int count) {
    List<CloudAccount> accounts = ids.stream().distinct().map(ShardTest::aws).toList();
    Map<String, Integer> owners = new HashMap<>();
    for (int index = 0; index < count; index++) {
      for (CloudAccount account : new Shard(index, count).select(accounts)) {
        assertThat(owners.put(account.key(), index)).as("owner of %s", account.key()).isNull();
      }
    }
    assertThat(owners).hasSize(accounts.size());
  }

  @Property(tries = 200)
  void owns_accountsAdded_noExistingAccountMovesToAnotherShard(
      @ForAll @Size(min = 1, max = 40) List<@AlphaChars @NumericChars @StringLength(min = 1, max = 16) String> before,
      @ForAll @Size(max = 40) List<@AlphaChars @NumericChars @StringLength(min = 1, max = 16) String> added,
      @ForAll @IntRange(min = 1, max = 12) int count) {
    List<CloudAccount> original = before.stream().distinct().map(ShardTest::aws).toList();
    List<CloudAccount> grown = new ArrayList<>(added.stream().map(ShardTest::aws).toList());
    grown.addAll(original);
    for (int index = 0; index < count; index++) {
      Shard shard = new Shard(index, count);
      List<CloudAccount> ownedBefore = shard.select(original);
      List<String> ownedAfter = shard.select(grown).stream().map(CloudAccount::key).toList();
      assertThat(ownedAfter).containsAll(ownedBefore.stream().map(CloudAccount::key).toList());
    }
  }

  @Property(tries = 50)
  void indexOf_countGrowsByOne_onlyMovedAccountsGoToTheNewShard(@ForAll @IntRange(min = 1, max = 30) int count) {
    for (int i = 0; i < 300; i++) {
      String id = String.format(Locale.ROOT, "%012d", i * 7919L);
      int before = Shard.indexOf(CloudProvider.AWS, id, count);
      int after = Shard.indexOf(CloudProvider.AWS, id, count + 1);
      assertThat(after).as("account %s moving from %d of %d shards", id, before, count).isIn(before, count);
    }
  }

  @Test
  void select_thousandsOfAccounts_shardsAreEvenWithinTenPercent() {
    List<CloudAccount> accounts = new ArrayList<>();
    for (int i = 0; i < 8000; i++) {
      accounts.add(aws(String.format(Locale.ROOT, "%012d", 100_000_000_000L + i)));
    }
    for (int index = 0; index < 8; index++) {
      assertThat(new Shard(index, 8).select(accounts)).hasSizeBetween(900, 1100);
    }
  }

  @Test
  void owns_sameIdOfAnotherProvider_decidedByTheWholeKey() {
    int differences = 0;
    for (int i = 0; i < 200; i++) {
      String id = "project-" + i;
      if (Shard.indexOf(CloudProvider.AWS, id, 16) != Shard.indexOf(CloudProvider.GCP, id, 16)) {
        differences++;
      }
    }
    assertThat(differences).isGreaterThan(150);
  }
}
