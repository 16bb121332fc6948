package io.secposture.core.internal.sample;

import io.secposture.api.Artifact;
import io.secposture.api.CloudProvider;
import java.nio.file.Path;
import java.util.List;

/** Not public API: writes ScoutSuite-shaped sample output for {@link io.secposture.core.SampleData}. */
public final class ScoutSuiteSampleWriter {
  private ScoutSuiteSampleWriter() {
  }

  /**
   * See {@link io.secposture.core.SampleData#scoutSuite}.
   *
   * @param directory target directory
   * @param provider cloud
   * @param accountId account
   * @param seed seed
   * @param generation generation
   * @param targetBytes size
   * @return artifacts
   */
  public static List<Artifact> write(Path directory, CloudProvider provider, String accountId, long seed,
      int generation, long targetBytes) {
    throw new UnsupportedOperationException("TODO(scoutsuite): not implemented yet");
  }
}
