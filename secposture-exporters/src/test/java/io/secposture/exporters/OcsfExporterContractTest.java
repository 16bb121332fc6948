package io.secposture.exporters;

import io.secposture.api.Settings;
import io.secposture.core.FindingExporter;
import io.secposture.testkit.FindingExporterContract;
import java.util.Map;

/** The exporter contract for {@code ocsf}; it fails on a malformed setting (it has no destination to refuse). */
class OcsfExporterContractTest extends FindingExporterContract {
  @Override
  protected FindingExporter exporter() {
    return new OcsfExporter();
  }

  @Override
  protected Settings workingOptions() {
    return Settings.empty();
  }

  @Override
  protected Settings failingOptions() {
    return Settings.of(Map.of("ocsf.include-passed", "perhaps"));
  }
}
