package io.secposture.core;

import io.secposture.api.CloudProvider;
import io.secposture.api.PostureReport;
import io.secposture.api.ScanRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The storage layout every publisher writes, and the rules that keep its keys safe:
 *
 * <pre>
 * index.html                                              the front page
 * findings.html                                           the findings page (reads findings files in the browser)
 * reports/report_latest.json                              written last
 * reports/report_&lt;YYYY-MM-DD&gt;_&lt;run-id&gt;.json
 * reports/history.json                                    one small row per run
 * runs/&lt;run-id&gt;/manifest.json                             how every scan ended
 * runs/&lt;run-id&gt;/&lt;provider&gt;/&lt;account&gt;/&lt;scanner&gt;/...       raw outputs, HTML with its assets, logs
 * runs/&lt;run-id&gt;/shards/&lt;i&gt;-of-&lt;N&gt;.json                     a shard's partial report (sharded runs)
 * runs/&lt;run-id&gt;/shards/&lt;i&gt;-of-&lt;N&gt;.manifest.json            a shard's manifest (sharded runs)
 * </pre>
 *
 * <p>Keys never contain {@code ..} segments, backslashes, control characters or a leading {@code /}, whatever an
 * account name or a scanner's file name holds: {@link #segment(String)} maps any text to a safe path segment, adding
 * a short hash of the original whenever it had to change something, so two different names never collide.
 * Stateless.
 */
public final class SiteLayout {
  /** The front page. */
  public static final String INDEX = "index.html";
  /** The findings page, which shows an account's findings file named in its URL fragment. */
  public static final String FINDINGS_PAGE = "findings.html";
  /** The latest report; written last. */
  public static final String LATEST_REPORT = "reports/report_latest.json";
  /** One row per run, for trends. */
  public static final String HISTORY = "reports/history.json";
  /** Cache policy of objects that change every run. */
  public static final String SHORT_CACHE = "public, max-age=60, must-revalidate";
  /** Cache policy of objects that never change once written. */
  public static final String IMMUTABLE_CACHE = "public, max-age=31536000, immutable";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@=+-]+");
  private static final int MAX_SEGMENT = 120;
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private SiteLayout() {
  }

  /**
   * Returns the key of a run's dated report: {@code reports/report_<YYYY-MM-DD>_<run-id>.json}.
   *
   * @param report the report
   * @return the key
   */
  public static String datedReport(PostureReport report) {
    return "reports/report_" + DAY.format(report.generatedAt()) + "_" + report.runId() + ".json";
  }

  /**
   * Returns the prefix of a run's files: {@code runs/<run-id>/}.
   *
   * @param runId the run id
   * @return the prefix, ending with {@code /}
   */
  public static String runPrefix(String runId) {
    return "runs/" + ScanRequest.requireRunId(runId) + "/";
  }

  /**
   * Returns the key of a run's manifest: {@code runs/<run-id>/manifest.json}.
   *
   * @param runId the run id
   * @return the key
   */
  public static String manifest(String runId) {
    return runPrefix(runId) + "manifest.json";
  }

  /**
   * Returns the key of a shard's partial report: {@code runs/<run-id>/shards/<i>-of-<N>.json}. A shard writes it
   * after all its other files, so its presence means the shard is complete.
   *
   * @param runId the run id
   * @param shard the shard
   * @return the key
   */
  public static String shardReport(String runId, Shard shard) {
    return runPrefix(runId) + "shards/" + shard.id() + ".json";
  }

  /**
   * Returns the key of a shard's manifest: {@code runs/<run-id>/shards/<i>-of-<N>.manifest.json}; merging the
   * shards writes the run's {@link #manifest(String) manifest} from them.
   *
   * @param runId the run id
   * @param shard the shard
   * @return the key
   */
  public static String shardManifest(String runId, Shard shard) {
    return runPrefix(runId) + "shards/" + shard.id() + ".manifest.json";
  }

  /**
   * Returns the prefix of one scan's files: {@code runs/<run-id>/<provider>/<account>/<scanner>/}.
   *
   * @param runId the run id
   * @param provider the cloud
   * @param accountId the account id (any text; made safe)
   * @param scanner the scanner name (made safe)
   * @return the prefix, ending with {@code /}
   */
  public static String scanPrefix(String runId, CloudProvider provider, String accountId, String scanner) {
    return runPrefix(runId) + provider.id() + "/" + segment(accountId) + "/" + segment(scanner) + "/";
  }

  /**
   * Returns the local directory of one scan's output under a run directory, laid out like its published prefix:
   * {@code <runDirectory>/<provider>/<account>/<scanner>}, every segment made safe with {@link #segment(String)}.
   *
   * @param runDirectory the run's local directory
   * @param provider the cloud
   * @param accountId the account id (any text; made safe)
   * @param scanner the scanner name (made safe)
   * @return the directory (not created)
   */
  public static java.nio.file.Path scanDirectory(java.nio.file.Path runDirectory, CloudProvider provider,
      String accountId, String scanner) {
    return runDirectory.resolve(provider.id()).resolve(segment(accountId)).resolve(segment(scanner));
  }

  /**
   * Returns a safe relative path for a file name that may contain directories (such as an artifact's name):
   * every segment is made safe, empty and {@code .} segments are dropped.
   *
   * @param name the relative name, {@code /}-separated
   * @return the safe relative path
   */
  public static String relativePath(String name) {
    List<String> parts = new ArrayList<>();
    for (String part : name.replace('\\', '/').split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(segment(part));
      }
    }
    if (parts.isEmpty()) {
      parts.add(segment(name));
    }
    return String.join("/", parts);
  }

  /**
   * Maps any text to a safe path segment: letters, digits and {@code . _ @ = + -}, never {@code .} or {@code ..},
   * at most 120 characters. Text that is already safe is returned as is; otherwise unsafe characters become
   * {@code _} and {@code ~} plus 8 hex characters of the original's SHA-256 are appended.
   *
   * @param text any text
   * @return the safe segment
   */
  public static String segment(String text) {
    if (SAFE.matcher(text).matches() && !text.equals(".") && !text.equals("..") && text.length() <= MAX_SEGMENT) {
      return text;
    }
    StringBuilder safe = new StringBuilder();
    text.codePoints().forEach(c -> {
      boolean ok = c < 128 && (Character.isLetterOrDigit(c) || "._@=+-".indexOf(c) >= 0);
      safe.append(ok ? (char) c : '_');
    });
    String base = safe.toString().replaceAll("\\.{2,}", "_");
    if (base.length() > MAX_SEGMENT - 9) {
      base = base.substring(0, MAX_SEGMENT - 9);
    }
    return base + "~" + hash(text);
  }

  /**
   * Checks that a key is safe to write.
   *
   * @param key the key
   * @return the key
   * @throws IllegalArgumentException if it is empty, absolute, or holds a {@code ..} segment, a backslash or a
   *     control character
   */
  public static String requireSafeKey(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("unsafe object key '" + key.replaceAll("\\p{Cntrl}", "?") + "'");
    }
    for (String part : key.split("/", -1)) {
      if (part.equals("..") || part.equals(".") || part.isEmpty()) {
        throw new IllegalArgumentException("unsafe object key '" + key + "': empty, '.' or '..' segment");
      }
    }
    return key;
  }

  /**
   * Returns the cache policy of a key: short for {@code index.html} and everything that changes per run under
   * {@code reports/} ({@code report_latest.json}, {@code history.json}), immutable for everything else.
   *
   * @param key the key relative to the site root
   * @return a {@code Cache-Control} value
   */
  public static String cacheControl(String key) {
    return key.equals(INDEX) || key.equals(FINDINGS_PAGE) || key.equals(LATEST_REPORT) || key.equals(HISTORY) ? SHORT_CACHE : IMMUTABLE_CACHE;
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
