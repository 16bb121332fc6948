package io.secposture.exporters;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import io.secposture.core.ExportException;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedRun;
import io.secposture.core.FindingExporter;
import io.secposture.exporters.internal.OcsfWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code ocsf} exporter: every scanner's findings as one JSON array of OCSF 1.4 Detection Findings (class 2004),
 * published with the run as {@code runs/<run-id>/findings.ocsf.json} for SIEM ingestion (Elasticsearch, Splunk,
 * Amazon Security Lake), in the shape Prowler 5 writes its {@code *.ocsf.json}. Streamed: memory does not depend on
 * how many findings the run has.
 *
 * <p>It {@link #publishesFiles() publishes a file}, so {@link io.secposture.core.ExportRunner} runs it before the
 * upload and the file is published atomically with the run (a shard of a sharded run writes
 * {@code findings.ocsf.<i>-of-<n>.json}). Settings: {@code ocsf.include-passed} (default true: passing and manual
 * results too, as Prowler writes them), {@code ocsf.include-resolved} (default true: the previous run's findings
 * resolved in this one, with activity Close and status Resolved).
 *
 * <p>Who calls it: {@code ExportRunner} (job option {@code --export ocsf}). Stateless and thread-safe.
 */
public final class OcsfExporter implements FindingExporter {
  /** The exporter's name. */
  public static final String NAME = "ocsf";
  /** The file's name under {@code runs/<run-id>/}. */
  public static final String FILE_NAME = "findings.ocsf.json";

  private static final Set<String> KEYS = Set.of("ocsf.include-passed", "ocsf.include-resolved");

  /** Creates the exporter (the registry calls this). */
  public OcsfExporter() {
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean publishesFiles() {
    return true;
  }

  @Override
  public Preflight validate(Settings options) {
    List<String> problems = new ArrayList<>();
    settings(options, problems);
    return new Preflight(null, null, List.of(), problems);
  }

  @Override
  public ExportResult export(ExportedRun run, Settings options) {
    List<String> problems = new ArrayList<>();
    boolean[] include = settings(options, problems);
    if (!problems.isEmpty()) {
      throw new ExportException(NAME, NAME + ": " + String.join("; ", problems));
    }
    Path file = run.addFile(FILE_NAME, "application/json");
    try {
      long written = OcsfWriter.write(run, file, include[0], include[1], version());
      return ExportResult.of(NAME, written);
    } catch (UncheckedIOException e) {
      throw new ExportException(NAME, NAME + ": cannot write " + FILE_NAME + " of run " + run.runId() + ": "
          + e.getMessage() + "; check the work folder's free space", e);
    }
  }

  private static boolean[] settings(Settings options, List<String> problems) {
    for (String key : options.asMap().keySet()) {
      if (key.startsWith(NAME + ".") && !KEYS.contains(key)) {
        problems.add("unknown setting '" + key + "'; ocsf reads " + String.join(", ", KEYS.stream().sorted()
            .toList()));
      }
    }
    boolean[] include = {true, true};
    try {
      include[0] = options.getBoolean("ocsf.include-passed", true);
      include[1] = options.getBoolean("ocsf.include-resolved", true);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    return include;
  }

  private static String version() {
    String version = OcsfExporter.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  @Override
  public String toString() {
    return "OcsfExporter[" + NAME + "]";
  }
}
