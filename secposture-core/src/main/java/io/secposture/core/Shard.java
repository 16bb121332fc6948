package io.secposture.core;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code count} parts of a run that is spread over several machines (a CI matrix, a Kubernetes Indexed Job,
 * an AWS Batch array): shard {@code index} scans the accounts {@link #owns(CloudAccount) it owns} and publishes a
 * partial report, and the {@code merge} command folds the partial reports into the report one run over every
 * account would have given.
 *
 * <p><b>Which accounts a shard owns.</b> An account belongs to exactly one shard, chosen from its key
 * ({@code provider/id}) alone with Lamping and Veach's jump consistent hash over the first 64 bits of the key's
 * SHA-256. So the choice does not depend on the order or the number of accounts: adding an account (or a whole
 * organisation of them) never moves another account to another shard, and every machine, whatever its JVM, picks
 * the same subset. Raising {@code count} from N to N+1 moves only about 1/(N+1) of the accounts. Indexes start at 0,
 * as {@code JOB_COMPLETION_INDEX} and {@code AWS_BATCH_JOB_ARRAY_INDEX} do.
 *
 * <p>Who uses it: {@link Pipeline.Builder#shard(Shard)} for a run, {@link ShardMerge} to collect the partial
 * reports, the job's {@code --shard i/N} option. Immutable and thread-safe.
 *
 * @param index this shard's number, from 0 to {@code count - 1}
 * @param count how many shards the run has, 1 to {@value #MAX_COUNT}
 */
public record Shard(int index, int count) {
  /** The most shards a run may have: the size limit of an AWS Batch array job. */
  public static final int MAX_COUNT = 10_000;

  private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");
  private static final Pattern ID = Pattern.compile("(\\d{1,9})-of-(\\d{1,9})");

  /**
   * Validates the numbers.
   *
   * @throws IllegalArgumentException if {@code count} is not 1 to {@value #MAX_COUNT} or {@code index} not 0 to
   *     {@code count - 1}
   */
  public Shard {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("a run has 1 to " + MAX_COUNT + " shards, got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("shard index " + index + " is outside 0.." + (count - 1) + " for " + count
          + " shards; indexes start at 0");
    }
  }

  /**
   * Returns the shard that is the whole run: {@code 0/1}.
   *
   * @return the single shard
   */
  public static Shard whole() {
    return new Shard(0, 1);
  }

  /**
   * Parses {@code i/N}, e.g. {@code 2/8}.
   *
   * @param text the text
   * @return the shard
   * @throws IllegalArgumentException if the text is not {@code i/N} with valid numbers, naming what was seen
   */
  public static Shard parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher matcher = TEXT.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("shard '" + text + "' is not INDEX/COUNT, e.g. 0/4 for the first of four"
          + " shards (indexes start at 0)");
    }
    return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  /**
   * Parses the form {@link #id()} writes, {@code i-of-N}.
   *
   * @param id the id, e.g. {@code 2-of-8}
   * @return the shard
   * @throws IllegalArgumentException if the text is not of that form
   */
  public static Shard parseId(String id) {
    Matcher matcher = ID.matcher(Objects.requireNonNull(id, "id"));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("shard id '" + id + "' is not INDEX-of-COUNT, e.g. 0-of-4");
    }
    return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  /**
   * Returns the shard that owns an account key among {@code count} shards.
   *
   * @param provider the account's cloud
   * @param accountId the account's id
   * @param count how many shards
   * @return the owning shard's index, 0 to {@code count - 1}
   */
  public static int indexOf(CloudProvider provider, String accountId, int count) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("a run has 1 to " + MAX_COUNT + " shards, got " + count);
    }
    return jump(hash(provider.id() + "/" + accountId), count);
  }

  /**
   * Tells whether this shard scans an account.
   *
   * @param account the account
   * @return true if the account's key maps to this shard
   */
  public boolean owns(CloudAccount account) {
    return indexOf(account.provider(), account.id(), count) == index;
  }

  /**
   * Returns the accounts this shard owns, in their given order.
   *
   * @param accounts every account of the run
   * @return the subset this shard scans
   */
  public List<CloudAccount> select(List<CloudAccount> accounts) {
    return accounts.stream().filter(this::owns).toList();
  }

  /**
   * Tells whether this shard is the whole run ({@code 0/1}).
   *
   * @return true if there is only one shard
   */
  public boolean isWhole() {
    return count == 1;
  }

  /**
   * Returns the shard as it appears in object keys: {@code i-of-N}, e.g. {@code 2-of-8}.
   *
   * @return the id
   */
  public String id() {
    return index + "-of-" + count;
  }

  /** Returns {@code i/N}, the form {@link #parse(String)} reads. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d/%d", index, count);
  }

  /** Jump consistent hash (Lamping and Veach, 2014): a bucket in [0, buckets) that moves minimally as buckets grow. */
  static int jump(long key, int buckets) {
    long b = -1;
    long j = 0;
    long k = key;
    while (j < buckets) {
      b = j;
      k = k * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((k >>> 33) + 1)));
    }
    return (int) b;
  }

  private static long hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      long value = 0;
      for (int i = 0; i < Long.BYTES; i++) {
        value = (value << 8) | (digest[i] & 0xFF);
      }
      return value;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
