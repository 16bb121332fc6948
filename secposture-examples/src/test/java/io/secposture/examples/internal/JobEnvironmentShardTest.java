package io.secposture.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.core.Shard;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the job resolves {@code --shard} and its variables. */
class JobEnvironmentShardTest {

  private static Shard shard(Map<String, String> environment, String cli, Integer count) {
    JobEnvironment job = new JobEnvironment(environment);
    Shard shard = job.shard(cli, count);
    job.check(java.util.List.of());
    return shard;
  }

  @Test
  void shard_explicitOrFromTheVariable_parsed() {
    assertThat(shard(Map.of(), "2/8", null)).isEqualTo(new Shard(2, 8));
    assertThat(shard(Map.of("SECPOSTURE_SHARD", "1/3"), null, null)).isEqualTo(new Shard(1, 3));
    assertThat(shard(Map.of(), null, null)).isNull();
  }

  @Test
  void shard_auto_indexFromTheOrchestratorAndCountFromWhereverItIsGiven() {
    assertThat(shard(Map.of("JOB_COMPLETION_INDEX", "3"), "auto/5", null)).isEqualTo(new Shard(3, 5));
    assertThat(shard(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "0"), "auto", 2)).isEqualTo(new Shard(0, 2));
    assertThat(shard(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "6", "SECPOSTURE_SHARD_COUNT", "7", "SECPOSTURE_SHARD",
        "auto"), null, null)).isEqualTo(new Shard(6, 7));
  }

  @Test
  void shard_autoWithoutACountOrAnIndexBeyondIt_problemsSayWhatToGive() {
    assertThatThrownBy(() -> shard(Map.of("JOB_COMPLETION_INDEX", "1"), "auto", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--shard is auto, but the number of shards is unknown; give auto/COUNT, --shard-count or"
            + " SECPOSTURE_SHARD_COUNT");
    assertThatThrownBy(() -> shard(Map.of("JOB_COMPLETION_INDEX", "4"), "auto/4", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--shard (JOB_COMPLETION_INDEX=4, 4 shards): shard index 4 is outside 0..3 for 4 shards;"
            + " indexes start at 0");
    assertThatThrownBy(() -> shard(Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "x"), "auto/4", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("AWS_BATCH_JOB_ARRAY_INDEX has value 'x'; expected a whole number from 0");
    assertThatThrownBy(() -> shard(Map.of(), "first", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--shard: shard 'first' is not INDEX/COUNT, e.g. 0/4 for the first of four shards (indexes start"
            + " at 0); or auto to take the index from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX");
    assertThatThrownBy(() -> shard(Map.of(), "automatic", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("--shard has value 'automatic'; expected INDEX/COUNT, auto or auto/COUNT");
  }
}
