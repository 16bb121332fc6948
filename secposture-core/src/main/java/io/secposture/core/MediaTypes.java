package io.secposture.core;

import java.util.Locale;
import java.util.Map;

/**
 * Media types by file extension, for the files a site holds (so that a static bucket serves pages as pages).
 * Stateless.
 */
public final class MediaTypes {
  /** What a file with an unknown extension is stored as. */
  public static final String DEFAULT = "application/octet-stream";

  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("jsonl", "application/x-ndjson"),
      Map.entry("ndjson", "application/x-ndjson"),
      Map.entry("csv", "text/csv; charset=utf-8"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("log", "text/plain; charset=utf-8"),
      Map.entry("md", "text/markdown; charset=utf-8"),
      Map.entry("xml", "application/xml"),
      Map.entry("sarif", "application/sarif+json"),
      Map.entry("yaml", "application/yaml"),
      Map.entry("yml", "application/yaml"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("webp", "image/webp"),
      Map.entry("woff", "font/woff"),
      Map.entry("woff2", "font/woff2"),
      Map.entry("ttf", "font/ttf"),
      Map.entry("otf", "font/otf"),
      Map.entry("eot", "application/vnd.ms-fontobject"),
      Map.entry("map", "application/json"),
      Map.entry("gz", "application/gzip"),
      Map.entry("zip", "application/zip"),
      Map.entry("db", "application/vnd.sqlite3"),
      Map.entry("pdf", "application/pdf"));

  private MediaTypes() {
  }

  /**
   * Returns the media type for a file name or key, by its extension ({@code .ocsf.json} is JSON, {@code .asff.json}
   * too).
   *
   * @param name a file name or key
   * @return the media type, or {@value #DEFAULT}
   */
  public static String forName(String name) {
    int slash = name.lastIndexOf('/');
    String base = name.substring(slash + 1);
    int dot = base.lastIndexOf('.');
    if (dot < 0 || dot == base.length() - 1) {
      return DEFAULT;
    }
    return BY_EXTENSION.getOrDefault(base.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
  }
}
