package io.secposture.samples.internal;

import java.util.Locale;
import java.util.Map;

/**
 * Not public API: the media types of the files the sample writers produce, by extension. The same strings as
 * {@code io.secposture.core.MediaTypes} gives for these extensions, kept here so this module does not depend on the
 * engine. Stateless.
 */
final class SampleMediaTypes {
  private static final String DEFAULT = "application/octet-stream";
  private static final Map<String, String> BY_EXTENSION = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "json", "application/json",
      "csv", "text/csv; charset=utf-8");

  private SampleMediaTypes() {
  }

  /** Returns the media type of a file name by its extension, or {@code application/octet-stream}. */
  static String forName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0 || dot == name.length() - 1 || name.indexOf('/', dot) >= 0) {
      return DEFAULT;
    }
    return BY_EXTENSION.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT);
  }
}
