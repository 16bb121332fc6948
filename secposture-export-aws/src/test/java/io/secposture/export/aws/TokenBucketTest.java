package io.secposture.export.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.export.aws.internal.TokenBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  @Test
  void a_full_bucket_lets_a_burst_of_thirty_through_then_one_every_100_ms() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucket bucket = TokenBucket.securityHub(ticker);

    for (int i = 0; i < 30; i++) {
      bucket.acquire();
    }
    assertThat(ticker.sleeps()).isEmpty();
    for (int i = 0; i < 70; i++) {
      bucket.acquire();
    }

    assertThat(ticker.sleeps()).hasSize(70).allMatch(Duration.ofMillis(100)::equals);
    assertThat(ticker.elapsed()).isEqualTo(Duration.ofSeconds(7));
    assertThat(bucket.waited()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void idle_time_refills_the_bucket_but_never_beyond_the_burst() throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucket bucket = TokenBucket.securityHub(ticker);
    for (int i = 0; i < 30; i++) {
      bucket.acquire();
    }
    ticker.advance(Duration.ofMillis(1_500));
    for (int i = 0; i < 15; i++) {
      bucket.acquire();
    }
    assertThat(ticker.sleeps()).as("1.5 s of idling returned 15 tokens").isEmpty();
    bucket.acquire();
    assertThat(ticker.sleeps()).containsExactly(Duration.ofMillis(100));

    ticker.advance(Duration.ofMinutes(10));
    for (int i = 0; i < 30; i++) {
      bucket.acquire();
    }
    assertThat(ticker.sleeps()).hasSize(1);
    bucket.acquire();
    assertThat(ticker.sleeps()).hasSize(2);
  }

  /**
   * The pacing law: whatever the pauses between requests, no span of time of length T holds more than
   * 30 + 10 * T requests.
   */
  @Property(tries = 200)
  void no_span_of_time_holds_more_than_the_burst_plus_the_rate(
      @ForAll @Size(min = 1, max = 150) List<@IntRange(min = 0, max = 400) Integer> pausesMillis)
      throws InterruptedException {
    FakeTicker ticker = new FakeTicker();
    TokenBucket bucket = TokenBucket.securityHub(ticker);
    List<Long> sentAt = new ArrayList<>();
    for (int pause : pausesMillis) {
      ticker.advance(Duration.ofMillis(pause));
      bucket.acquire();
      sentAt.add(ticker.nanoTime());
    }
    for (int first = 0; first < sentAt.size(); first++) {
      for (int last = first; last < sentAt.size(); last++) {
        double seconds = (sentAt.get(last) - sentAt.get(first)) / 1e9;
        assertThat(last - first + 1).isLessThanOrEqualTo((int) Math.floor(30 + 10 * seconds + 1e-6));
      }
    }
  }
}
