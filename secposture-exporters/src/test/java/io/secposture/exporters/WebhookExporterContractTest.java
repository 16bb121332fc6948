package io.secposture.exporters;

import io.secposture.api.Settings;
import io.secposture.core.FindingExporter;
import io.secposture.testkit.FindingExporterContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The exporter contract for {@code webhook}, against a local HTTP server. */
class WebhookExporterContractTest extends FindingExporterContract {
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
    return new WebhookExporter();
  }

  @Override
  protected Settings workingOptions() {
    return Settings.of(Map.of("webhook.url", hook.url("/hooks/" + CONTRACT_SECRET), "webhook.secret", CONTRACT_SECRET));
  }

  @Override
  protected Settings failingOptions() {
    for (int i = 0; i < 4; i++) {
      hook.answer(500);
    }
    return Settings.of(Map.of("webhook.url", hook.url("/hooks/" + CONTRACT_SECRET), "webhook.retries", "1",
        "webhook.retry-backoff", "0s", "webhook.secret", CONTRACT_SECRET));
  }
}
