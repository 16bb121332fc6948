package io.secposture.samples.internal;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
import io.secposture.samples.internal.ProwlerSampleModel.Result;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Not public API: writes Prowler-shaped sample output for {@link io.secposture.samples.SampleData} and
 * {@link ProwlerSampleWriter}.
 *
 * <p>Writes what {@code prowler <provider> --output-formats json-ocsf csv html} leaves in its output directory for
 * one account: {@code prowler-output-<account>-<timestamp>.ocsf.json} (always), and for outputs up to
 * {@value ProwlerSampleWriter#SMALL_LIMIT} bytes the matching {@code .csv} and a small {@code .html} page. Findings come from
 * {@link ProwlerSampleModel}: the same seed and generation give the same bytes, later generations fix some failures
 * and add new ones. Findings are generated and written one at a time, so memory use does not depend on
 * {@code targetBytes}. Stateless and thread-safe (each call writes its own files).
 */
public final class ProwlerSampleFiles {
  private static final int BUFFER = 256 * 1024;
  private static final int HTML_ROWS = 500;

  private ProwlerSampleFiles() {
  }

  /**
   * See {@link io.secposture.samples.SampleData#prowler}.
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
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    if (accountId.isBlank()) {
      throw new IllegalArgumentException("accountId must not be blank");
    }
    if (targetBytes < 0) {
      throw new IllegalArgumentException("targetBytes must not be negative, got " + targetBytes);
    }
    ProwlerSampleModel model = new ProwlerSampleModel(provider.id(), accountId, seed, generation);
    boolean small = targetBytes <= ProwlerSampleWriter.SMALL_LIMIT;
    String name = model.outputName();
    Path ocsfFile = directory.resolve(name + ".ocsf.json");
    Path csvFile = directory.resolve(name + ".csv");
    Path htmlFile = directory.resolve(name + ".html");
    Summary summary = new Summary();
    try (OutputStream ocsfOut = new BufferedOutputStream(Files.newOutputStream(ocsfFile), BUFFER);
        Writer csvOut = small ? new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(csvFile),
            StandardCharsets.UTF_8), BUFFER) : Writer.nullWriter();
        ProwlerSampleOcsf ocsf = new ProwlerSampleOcsf(ocsfOut, model);
        ProwlerSampleCsv csv = small ? new ProwlerSampleCsv(csvOut, model) : null) {
      forEachResult(model, targetBytes, Format.OCSF, result -> {
        ocsf.write(result);
        if (csv != null) {
          csv.write(result);
          summary.add(result);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Prowler sample into " + directory + ": " + e.getMessage(), e);
    }
    List<Artifact> artifacts = new ArrayList<>();
    artifacts.add(artifact(ocsfFile, ArtifactRole.RESULTS));
    if (small) {
      writeHtml(htmlFile, model, summary);
      artifacts.add(artifact(csvFile, ArtifactRole.ASSET));
      artifacts.add(artifact(htmlFile, ArtifactRole.HTML));
    }
    return List.copyOf(artifacts);
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
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    ProwlerSampleModel model = new ProwlerSampleModel(provider.id(), accountId, seed, generation);
    ProwlerSampleFormats.requireSupported(format, provider.id());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER);
        ProwlerSampleFormats.Emitter emitter = ProwlerSampleFormats.open(format, out, model)) {
      forEachResult(model, targetBytes, format, emitter::write);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Receives results; may throw IOException. */
  @FunctionalInterface
  interface ResultSink {
    void accept(Result result) throws IOException;
  }

  /**
   * Hands every result of the sample to the sink: the small sample's pairs for {@code targetBytes == 0}, else as
   * many results as make about {@code targetBytes} of the given format (sized from the average size of the first
   * results of generation 0, so that every generation of a seed covers the same pairs).
   */
  static void forEachResult(ProwlerSampleModel model, long targetBytes, Format sizing, ResultSink sink)
      throws IOException {
    if (targetBytes == 0) {
      for (long pair = 0; pair < model.smallPairCount(); pair++) {
        Result result = model.result(pair);
        if (result != null) {
          sink.accept(result);
        }
      }
      return;
    }
    long wanted = Math.max(1, Math.round(targetBytes / averageBytes(model, sizing)));
    long written = 0;
    for (long pair = 0; written < wanted; pair++) {
      Result result = model.result(pair);
      if (result != null) {
        sink.accept(result);
        written++;
      }
    }
  }

  private static double averageBytes(ProwlerSampleModel model, Format format) throws IOException {
    ProwlerSampleModel first = new ProwlerSampleModel(model.provider(), model.account(), model.seed(), 0);
    CountingStream counter = new CountingStream();
    long results = 0;
    try (ProwlerSampleFormats.Emitter emitter = ProwlerSampleFormats.open(format, counter, first)) {
      for (long pair = 0; pair < 8 * first.smallPairCount(); pair++) {
        Result result = first.result(pair);
        if (result != null) {
          emitter.write(result);
          results++;
        }
      }
    }
    return (double) counter.count / results;
  }

  private static Artifact artifact(Path file, ArtifactRole role) {
    String name = file.getFileName().toString();
    return new Artifact(file, name, SampleMediaTypes.forName(name), role);
  }

  private static void writeHtml(Path file, ProwlerSampleModel model, Summary summary) {
    StringBuilder html = new StringBuilder(8192);
    String account = escape(model.account());
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Prowler - ").append(account).append("</title>\n")
        .append("<style>body{font-family:sans-serif;margin:2rem}table{border-collapse:collapse}")
        .append("th,td{border:1px solid #999;padding:.2rem .5rem;text-align:left}.FAIL{color:#a00}</style>\n")
        .append("</head>\n<body>\n<h1>Prowler scan of ").append(escape(model.provider())).append(" account ")
        .append(account).append("</h1>\n<p>Assessment date: ").append(escape(model.isoTime()))
        .append(" &middot; Prowler ").append(ProwlerSampleOcsf.PROWLER_VERSION).append("</p>\n")
        .append("<table>\n<tr><th scope=\"col\">Status</th><th scope=\"col\">Findings</th></tr>\n");
    summary.byStatus.forEach((status, count) -> html.append("<tr><td>").append(escape(status)).append("</td><td>")
        .append(count).append("</td></tr>\n"));
    html.append("</table>\n<h2>Findings</h2>\n<table>\n<tr><th scope=\"col\">Status</th>")
        .append("<th scope=\"col\">Severity</th>")
        .append("<th scope=\"col\">Service</th><th scope=\"col\">Check</th><th scope=\"col\">Resource</th>")
        .append("<th scope=\"col\">Detail</th></tr>\n");
    for (Result result : summary.rows) {
      html.append("<tr class=\"").append(result.status()).append("\"><td>").append(result.status())
          .append(result.muted() ? " (muted)" : "").append("</td><td>").append(escape(result.check().severity()))
          .append("</td><td>").append(escape(result.check().service())).append("</td><td>")
          .append(escape(result.check().id())).append("</td><td>").append(escape(result.resource().uid()))
          .append("</td><td>").append(escape(result.statusExtended())).append("</td></tr>\n");
    }
    html.append("</table>\n</body>\n</html>\n");
    try {
      Files.writeString(file, html);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<': escaped.append("&lt;"); break;
        case '>': escaped.append("&gt;"); break;
        case '&': escaped.append("&amp;"); break;
        case '"': escaped.append("&quot;"); break;
        case '\'': escaped.append("&#39;"); break;
        default: escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /** What the HTML page shows: counts per status and the first rows. */
  private static final class Summary {
    final TreeMap<String, Long> byStatus = new TreeMap<>();
    final List<Result> rows = new ArrayList<>();

    void add(Result result) {
      byStatus.merge(result.muted() ? result.status() + " (muted)" : result.status(), 1L, Long::sum);
      if (rows.size() < HTML_ROWS) {
        rows.add(result);
      }
    }
  }

  /** Counts bytes and discards them. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }
}
