package io.secposture.export.aws.internal;

import java.time.Duration;

/**
 * Not public API: paces the requests to one account's Security Hub in one region, which AWS throttles at 10 requests
 * a second with bursts of 30 ({@link #securityHub(Ticker)}). A classic token bucket: it starts full, each request takes
 * a token, tokens come back at the rate up to the capacity, and a request finding the bucket empty waits for the next
 * token. Not thread-safe: the exporter sends one account and region's batches from one thread.
 */
public final class TokenBucket {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Ticker ticker;
  private final int capacity;
  private final long nanosPerToken;
  private double tokens;
  private long lastRefill;
  private long waitedNanos;

  /**
   * Creates a full bucket.
   *
   * @param ticker the clock
   * @param ratePerSecond tokens returned a second; positive
   * @param capacity the burst; positive
   */
  public TokenBucket(Ticker ticker, int ratePerSecond, int capacity) {
    if (ratePerSecond < 1 || capacity < 1) {
      throw new IllegalArgumentException("rate and capacity must be positive, got " + ratePerSecond + " and "
          + capacity);
    }
    this.ticker = ticker;
    this.capacity = capacity;
    this.nanosPerToken = NANOS_PER_SECOND / ratePerSecond;
    this.tokens = capacity;
    this.lastRefill = ticker.nanoTime();
  }

  /**
   * Returns a bucket at Security Hub's documented BatchImportFindings limit: 10 a second, bursts of 30.
   *
   * @param ticker the clock
   * @return the bucket
   */
  public static TokenBucket securityHub(Ticker ticker) {
    return new TokenBucket(ticker, 10, 30);
  }

  /**
   * Takes one token, waiting until one is there.
   *
   * @throws InterruptedException if interrupted while waiting; no token is taken
   */
  public void acquire() throws InterruptedException {
    refill();
    if (tokens < 1) {
      long wait = (long) Math.ceil((1 - tokens) * nanosPerToken);
      ticker.sleep(Duration.ofNanos(wait));
      waitedNanos += wait;
      refill();
      // a ticker whose sleep returned early (or a coarse clock) still gets its token: the next wait absorbs it
      tokens = Math.max(tokens, 1);
    }
    tokens -= 1;
  }

  private void refill() {
    long now = ticker.nanoTime();
    long elapsed = now - lastRefill;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + (double) elapsed / nanosPerToken);
      lastRefill = now;
    }
  }

  /**
   * Returns how long {@link #acquire()} waited in all, for the exporter's log.
   *
   * @return the total wait
   */
  public Duration waited() {
    return Duration.ofNanos(waitedNanos);
  }
}
