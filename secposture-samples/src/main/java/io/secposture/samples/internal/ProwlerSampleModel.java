package io.secposture.samples.internal;

import io.secposture.samples.internal.ProwlerSampleCatalog.Check;
import io.secposture.samples.internal.ProwlerSampleResources.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Not public API: decides, deterministically, what a sample Prowler scan of one account found.
 *
 * <p>The scan is an endless sequence of (check, resource) pairs: pair {@code i} is check {@code i % checks} on
 * resource {@code i / checks} of that check's resource kind (pairs past a kind's {@link ProwlerSampleResources#limit}
 * are not results). Whether a pair fails in generation {@code g} follows a per-pair random walk: about 30% fail in
 * generation 0; each later generation fixes about 10% of the previous failures and turns passes into failures at a
 * rate that adds about 5% new failures. About 3% of pairs are muted, in every generation. Everything is a pure
 * function of (seed, pair, generation), so nothing is kept in memory however long the sequence.
 */
final class ProwlerSampleModel {
  static final double FAIL_RATE = 0.30;
  static final double FIX_RATE = 0.10;
  static final double NEW_RATE = 0.05 * FAIL_RATE / (1 - FAIL_RATE);
  static final double MUTE_RATE = 0.03;

  private static final long MUTE_SALT = 0x6d75746564L;
  private static final Instant FIRST_SCAN = Instant.parse("2026-01-05T02:00:00Z");
  private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter CSV_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  /**
   * One result of the sample scan.
   *
   * @param pair the pair number
   * @param check the check
   * @param resource the resource
   * @param status {@code PASS}, {@code FAIL} or {@code MANUAL}
   * @param muted whether a mutelist mutes it
   * @param statusExtended the status text
   */
  record Result(long pair, Check check, Resource resource, String status, boolean muted, String statusExtended) {
  }

  private final String provider;
  private final String account;
  private final long seed;
  private final int generation;
  private final List<Check> checks;
  private final Instant scannedAt;

  ProwlerSampleModel(String provider, String account, long seed, int generation) {
    if (generation < 0) {
      throw new IllegalArgumentException("generation must not be negative, got " + generation);
    }
    this.provider = provider;
    this.account = account;
    this.seed = seed;
    this.generation = generation;
    this.checks = ProwlerSampleCatalog.checks(provider);
    this.scannedAt = FIRST_SCAN.plus(Duration.ofDays(7L * generation))
        .plusSeconds(Math.floorMod(mix(seed, 0x7363616eL), 3600L)).plusNanos(Math.floorMod(seed, 1_000_000L) * 1000);
  }

  String provider() {
    return provider;
  }

  String account() {
    return account;
  }

  int generation() {
    return generation;
  }

  long seed() {
    return seed;
  }

  /** How many pairs a small sample (about 100 KB) holds: two rounds over the checks. */
  long smallPairCount() {
    return 2L * checks.size();
  }

  /**
   * Returns the result of pair {@code i}, or null when the pair is past its resource kind's limit.
   *
   * @param pair the pair number
   * @return the result, or null
   */
  Result result(long pair) {
    Check check = checks.get((int) (pair % checks.size()));
    long resourceNumber = pair / checks.size();
    if (resourceNumber >= ProwlerSampleResources.limit(check.kind(), provider)) {
      return null;
    }
    Resource resource = ProwlerSampleResources.resource(check.kind(), provider, account, resourceNumber);
    String status;
    String text;
    if (check.manual()) {
      status = "MANUAL";
      text = check.failText();
    } else if (fails(pair)) {
      status = "FAIL";
      text = check.failText();
    } else {
      status = "PASS";
      text = check.passText();
    }
    boolean muted = !check.manual() && unit(pair, MUTE_SALT) < MUTE_RATE;
    return new Result(pair, check, resource, status, muted,
        text.replace("{name}", resource.name()).replace("{account}", account));
  }

  private boolean fails(long pair) {
    boolean failing = unit(pair, 0) < FAIL_RATE;
    for (int g = 1; g <= generation; g++) {
      double u = unit(pair, g);
      failing = failing ? u >= FIX_RATE : u < NEW_RATE;
    }
    return failing;
  }

  /** When this generation's scan ran (naive local time in Prowler's files; the sample runs at UTC). */
  Instant scannedAt() {
    return scannedAt;
  }

  /** {@code 2026-01-05T02:13:07.123456}, as OCSF {@code time_dt} holds it. */
  String isoTime() {
    return ISO_MICROS.format(LocalDateTime.ofInstant(scannedAt, ZoneOffset.UTC));
  }

  /** {@code 2026-01-05 02:13:07.123456}, as the CSV {@code TIMESTAMP} column holds it. */
  String csvTime() {
    return CSV_MICROS.format(LocalDateTime.ofInstant(scannedAt, ZoneOffset.UTC));
  }

  /** The default Prowler output name: {@code prowler-output-<account>-<YYYYmmddHHMMSS>}. */
  String outputName() {
    String safe = account.replaceAll("[^A-Za-z0-9._-]", "_");
    return "prowler-output-" + safe + "-" + FILE_STAMP.format(LocalDateTime.ofInstant(scannedAt, ZoneOffset.UTC));
  }

  /** A UUIDv7-shaped scan id, stable per seed and generation. */
  String scanId() {
    long millis = scannedAt.toEpochMilli();
    long random = mix(seed, 0x5ca9L + generation);
    return String.format(Locale.ROOT, "%08x-%04x-7%03x-%04x-%012x", millis >>> 16, millis & 0xffff,
        random & 0xfff, 0x8000 | ((random >>> 12) & 0x3fff), (random >>> 26) & 0xffffffffffffL);
  }

  private double unit(long pair, long salt) {
    return (mix(mix(pair, seed), salt) >>> 11) * 0x1.0p-53;
  }

  /**
   * Mixes two numbers into a well-distributed 64-bit value (SplitMix64's finaliser).
   *
   * @param value the value
   * @param salt the salt
   * @return the mixed value
   */
  static long mix(long value, long salt) {
    long z = value + 0x9e3779b97f4a7c15L * (salt + 1);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
