package io.secposture.exporters;

import io.secposture.api.Settings;
import io.secposture.core.FindingExporter;
import io.secposture.testkit.FindingExporterContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The exporter contract for {@code teams}, against a local HTTP server. */
class TeamsExporterContractTest extends FindingExporterContract {
  private LocalHook hook;

  @BeforeEach
  void startHook() throws Exception {
    hook = new LocalHook();
  }

  @AfterEach
  void stopHook() {
    hook.close();
  }

  @Override
  protected FindingExporter exporter() {
    return new TeamsExporter();
  }

  @Override
  protected Settings workingOptions() {
    return Settings.of(Map.of("teams.url", hook.url("/hooks/" + CONTRACT_SECRET)));
  }

  @Override
  protected Settings failingOptions() {
    for (int i = 0; i < 4; i++) {
      hook.answer(500);
    }
    return Settings.of(Map.of("teams.url", hook.url("/hooks/" + CONTRACT_SECRET), "teams.retries", "1",
        "teams.retry-backoff", "0s"));
  }
}
