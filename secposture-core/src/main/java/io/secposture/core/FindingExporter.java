package io.secposture.core;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import io.secposture.api.spi.ExtensionKind;
import io.secposture.core.internal.extension.CoreExtensions;
import java.util.SortedMap;

/**
 * Sends a published run's findings where teams work: AWS Security Hub ({@code securityhub}), a file of OCSF findings
 * for a SIEM ({@code ocsf}), chat and webhook alerts ({@code webhook}, {@code slack}, {@code teams}). The fifth
 * extension point, found by name like account discoveries ({@link #KIND}).
 *
 * <p><b>Who calls it.</b> {@link ExportRunner}, which the job's {@code run}, {@code demo} and {@code aggregate}
 * commands (options {@code --export NAME}, {@code --export-option KEY=VALUE}) call once a run is published, and once
 * a sharded run is merged ({@link ShardMerge}). {@link #validate} is called before the first scan (and by
 * {@code check}); {@link #export} once per run. An exporter that {@link #publishesFiles() publishes files} runs
 * before the upload, so its files are published with the run; the others run after it. A failure of any kind
 * (an exception, an error) is reported with the exporter's name, makes the job exit 3, and never costs the run its
 * publication nor the other exporters their turn.
 *
 * <p><b>How to implement it.</b> Give the class a public no-argument constructor, register it in
 * {@code META-INF/services/io.secposture.core.FindingExporter}, read its settings from the keys in its
 * {@link #name()} namespace ({@code slack.url}, {@code securityhub.region}) and keep it stateless: everything per
 * run arrives in the {@link ExportedRun}. Stream the findings ({@link ExportedRun#forEachFinding}); never keep them
 * all. Settings that are secrets (webhook URLs, signing keys) never appear in a log line, an exception message, a
 * {@code toString()} or a published file. Test it by extending {@code FindingExporterContract} of
 * secposture-test-kit. Implementations are thread-safe (stateless).
 */
public interface FindingExporter {
  /** The extension kind: finding exporters, by {@link #name()}, listed in {@code META-INF/services}. */
  ExtensionKind<FindingExporter> KIND =
      ExtensionKind.byName("exporter", FindingExporter.class, FindingExporter::name);

  /**
   * Returns the exporter's name, which is also the namespace of its settings: {@code ocsf}, {@code webhook},
   * {@code securityhub}.
   *
   * @return the name: lower-case letters, digits and dashes
   */
  String name();

  /**
   * Tells whether this exporter adds files to the run's publication (through {@link ExportedRun#addFile}); such an
   * exporter is run after the comparison with the previous run and before the upload, so the files are published
   * with the run, and it sees no {@link ExportedRun#openPublished published} files yet. The default is false: the
   * exporter runs after the run is published.
   *
   * @return true for exporters that write files into the site
   */
  default boolean publishesFiles() {
    return false;
  }

  /**
   * Checks the exporter's settings without contacting anything, before the first scan: every malformed, missing or
   * unknown key of its namespace, each problem naming the key (never its value when the value is a secret) and
   * what to do. The default accepts any settings.
   *
   * @param options the export options; the keys in this exporter's namespace are read, others ignored
   * @return what was found; {@link Preflight#ok()} when the exporter can run
   */
  default Preflight validate(Settings options) {
    return Preflight.nothingToCheck();
  }

  /**
   * Exports one run.
   *
   * @param run the run: report, diff, scopes, findings with their change since the previous run
   * @param options the export options; the keys in this exporter's namespace are read
   * @return what was exported
   * @throws ExportException if the export failed (a destination refused it, a setting is wrong), naming the
   *     exporter and what to do, never holding a secret
   */
  ExportResult export(ExportedRun run, Settings options);

  /**
   * Returns the exporters registered on the class path, by name.
   *
   * @return an unmodifiable sorted map
   * @throws ConfigurationException if two share a name or one cannot be loaded
   */
  static SortedMap<String, FindingExporter> available() {
    return CoreExtensions.registry().extensions(KIND).byName();
  }

  /**
   * Returns the exporter with a name.
   *
   * @param name e.g. {@code ocsf}
   * @return the exporter
   * @throws ConfigurationException if there is none, naming the ones there are and the module that provides a
   *     well-known one, or the closest name there is
   */
  static FindingExporter named(String name) {
    return CoreExtensions.registry().extensions(KIND).require(name);
  }
}
