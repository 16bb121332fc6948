package io.secposture.prowler.internal;

import io.secposture.api.ReportRun;
import io.secposture.api.ReportSource;
import io.secposture.core.ScanFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Not public API: which Prowler run wrote a file, for {@link io.secposture.api.ReportParser#runOf(ReportSource)}.
 * One Prowler run writes the same results as {@code <name>.ocsf.json}, {@code <name>.json}, {@code <name>.csv} and
 * {@code <name>.asff.json} in its output folder, and once per framework as {@code compliance/<name>_<framework>.csv}
 * (Prowler 3-5; {@code reference/prowler.md}, output files). The run's key is the folder's real path and
 * {@code <name>}; the rank prefers JSON-OCSF, then JSON, CSV, ASFF and compliance CSVs. A compliance CSV finds its
 * {@code <name>} among the run folder's other Prowler files (output names may contain {@code _}), else takes the
 * text before the first {@code _} (Prowler's default names have none). Stateless.
 */
public final class ProwlerRunFiles {
  private static final List<String> SUFFIXES = List.of(".ocsf.json", ".asff.json", ".json", ".csv", ".html",
      ".sarif");
  private static final String COMPLIANCE_FOLDER = "compliance";

  private ProwlerRunFiles() {
  }

  /**
   * Returns the run of a file in a given format.
   *
   * @param source the file
   * @param format its format, as sniffed
   * @return the run, or null when the file's name does not tell one (no known extension)
   */
  public static ReportRun runOf(ReportSource source, ProwlerFormat format) {
    Path file = source.path().toAbsolutePath().normalize();
    Path folder = file.getParent();
    if (folder == null) {
      return null;
    }
    String name = file.getFileName().toString();
    String stem;
    Path runFolder = folder;
    if (format == ProwlerFormat.COMPLIANCE_CSV) {
      if (!name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
        return null;
      }
      if (folder.getFileName() != null && folder.getFileName().toString().equals(COMPLIANCE_FOLDER)
          && folder.getParent() != null) {
        runFolder = folder.getParent();
      }
      stem = complianceStem(runFolder, name.substring(0, name.length() - ".csv".length()));
    } else {
      stem = stem(name);
    }
    if (stem == null || stem.isEmpty()) {
      return null;
    }
    return new ReportRun("prowler:" + real(runFolder) + "/" + stem, rank(format));
  }

  private static int rank(ProwlerFormat format) {
    switch (format) {
      case OCSF: case OCSF_V3: return 0;
      case JSON_V3: case JSON_V2: return 1;
      case CSV: case CSV_V2: return 2;
      case ASFF: return 3;
      default: return 4;
    }
  }

  /** The file name without its Prowler extension, or null. */
  private static String stem(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }

  /** The output name a compliance file {@code <name>_<framework>} belongs to. */
  private static String complianceStem(Path runFolder, String base) {
    String best = null;
    try {
      // the run folder is untrusted scanner output: listed without following links, names only
      for (Path sibling : ScanFolder.of(runFolder).listVisible(1).files()) {
        String stem = stem(sibling.getFileName().toString());
        if (stem != null && !stem.isEmpty() && base.startsWith(stem + "_")
            && (best == null || stem.length() > best.length())) {
          best = stem;
        }
      }
    } catch (UncheckedIOException e) {
      // no folder to look in: fall back on the default naming
    }
    if (best != null) {
      return best;
    }
    int underscore = base.indexOf('_');
    return underscore > 0 ? base.substring(0, underscore) : base;
  }

  private static String real(Path folder) {
    try {
      return folder.toRealPath().toString();
    } catch (IOException e) {
      return folder.toString();
    }
  }
}
