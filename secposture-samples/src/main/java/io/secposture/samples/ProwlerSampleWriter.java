package io.secposture.samples;

import io.secposture.api.Artifact;
import io.secposture.api.CloudProvider;
import io.secposture.samples.internal.ProwlerSampleFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes Prowler-shaped sample output: the files {@link SampleData#prowler} writes, and the same sample scan in any
 * one of the formats Prowler 2, 3 and 5 write, so the Prowler parsers' tests and benchmarks can check that every
 * format yields the same findings. Called by those tests and benchmarks; the demo and most tests use
 * {@link SampleData}.
 *
 * <p>The same seed, generation and size give the same bytes. Files are written one finding at a time, so memory use
 * does not depend on the size. Stateless and thread-safe (each call writes its own files). No parameter may be
 * {@code null}.
 */
public final class ProwlerSampleWriter {
  /** Outputs up to this size also get the CSV and HTML files. */
  public static final long SMALL_LIMIT = 16L * 1024 * 1024;

  private ProwlerSampleWriter() {
  }

  /** The formats {@link #writeFormat} writes. */
  public enum Format {
    /** Prowler 5 JSON-OCSF (what {@link #write} writes). */
    OCSF,
    /** Prowler 5 CSV, 44 columns (what {@link #write} writes beside it). */
    CSV,
    /** Prowler 3.16 JSON-OCSF, OCSF 1.0.0-rc.3 Security Findings; not for Kubernetes. */
    OCSF_V3,
    /** Prowler 5 JSON-ASFF; AWS only. */
    ASFF,
    /** Prowler 3.16 native JSON; not for Kubernetes. */
    JSON_V3,
    /** Prowler 2.12 JSON lines; AWS only. */
    JSON_V2,
    /** Prowler 2.12 CSV; AWS only. */
    CSV_V2,
    /** A Prowler 5 compliance CSV of the provider's CIS framework. */
    COMPLIANCE_CSV
  }

  /**
   * Writes what {@code prowler <provider> --output-formats json-ocsf csv html} leaves in its output directory for
   * one account: {@code prowler-output-<account>-<timestamp>.ocsf.json} (always), and for outputs up to
   * {@value #SMALL_LIMIT} bytes the matching {@code .csv} and a small {@code .html} page. Later generations fix some
   * failures and add new ones.
   *
   * @param directory an existing directory
   * @param provider {@code aws}, {@code azure}, {@code gcp} or {@code kubernetes}
   * @param accountId the account id written into the findings
   * @param seed the random seed
   * @param generation 0 for a first run, 1, 2, ... for later runs of the same account
   * @param targetBytes approximate size of the OCSF file; 0 for a small realistic one (about 100 KB)
   * @return the files written: the OCSF file first (RESULTS), then the CSV (ASSET) and HTML (HTML) when written
   * @throws IllegalArgumentException if the provider is not one of the four, the account id is blank, the
   *     generation or size is negative
   * @throws UncheckedIOException if the files cannot be written
   */
  public static List<Artifact> write(Path directory, CloudProvider provider, String accountId, long seed,
      int generation, long targetBytes) {
    return ProwlerSampleFiles.write(directory, provider, accountId, seed, generation, targetBytes);
  }

  /**
   * Writes the sample scan of {@link #write} in one format into one file, for tests and benchmarks that need the
   * same results in every format. The same seed, generation and size give the same results in every format.
   *
   * @param file the file to create or replace
   * @param format the format
   * @param provider {@code aws}, {@code azure}, {@code gcp} or {@code kubernetes} (some formats are AWS only)
   * @param accountId the account id
   * @param seed the random seed
   * @param generation the generation
   * @param targetBytes approximate size of the file; 0 for the small sample
   * @throws IllegalArgumentException if the format does not exist for the provider
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writeFormat(Path file, Format format, CloudProvider provider, String accountId, long seed,
      int generation, long targetBytes) {
    ProwlerSampleFiles.writeFormat(file, format, provider, accountId, seed, generation, targetBytes);
  }
}
