package io.secposture.testkit.cases;

import io.secposture.api.Settings;
import io.secposture.core.FindingExporter;
import io.secposture.testkit.FindingExporterContract;
import io.secposture.testkit.fixtures.KitExporter;
import java.util.Map;

/**
 * The exporter contract as an in-house author extends it, for the fixture exporters. Not run by Surefire on its own:
 * {@code ContractsCatchBadPluginsTest} runs them and checks which tests fail.
 */
public abstract class KitExporterCase extends FindingExporterContract {
  @Override
  protected Settings workingOptions() {
    return Settings.of(Map.of(exporter().name() + ".url", "https://hooks.example.com/" + CONTRACT_SECRET));
  }

  @Override
  protected Settings failingOptions() {
    return Settings.of(Map.of(exporter().name() + ".url", "https://hooks.example.com/" + CONTRACT_SECRET,
        exporter().name() + ".fail", "true"));
  }

  /** Written as the README says. */
  public static final class Good extends KitExporterCase {
    @Override
    protected FindingExporter exporter() {
      return new KitExporter();
    }
  }

  /** Logs its URL through SLF4J. */
  public static final class Leaking extends KitExporterCase {
    @Override
    protected FindingExporter exporter() {
      return new KitExporter.Leaking();
    }
  }

  /** Throws its own exception with the URL in it. */
  public static final class WrongException extends KitExporterCase {
    @Override
    protected FindingExporter exporter() {
      return new KitExporter.WrongException();
    }
  }
}
