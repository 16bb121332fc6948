package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.core.HistoryRow;
import java.util.List;
import java.util.Locale;

/**
 * Not public API: the inline SVG sparkline of flagged items over the history rows, with a text summary for screen
 * readers and for anyone who prefers numbers. Stateless.
 */
final class Sparkline {
  static final int WIDTH = 320;
  static final int HEIGHT = 60;
  private static final int PADDING = 5;

  private Sparkline() {
  }

  /**
   * Renders the trend of {@code total.flagged_items} over the rows.
   *
   * @param rows history rows, oldest first
   * @return HTML: an SVG and a paragraph, or a paragraph alone when there are fewer than two runs
   */
  static String of(List<HistoryRow> rows) {
    StringBuilder html = new StringBuilder();
    if (rows.isEmpty()) {
      return "<p id=\"trend-summary\">No history yet: the trend appears from the second run on.</p>\n";
    }
    HistoryRow last = rows.get(rows.size() - 1);
    long latest = last.total().flaggedItems();
    if (rows.size() == 1) {
      return "<p id=\"trend-summary\">" + IndexRenderer.number(latest) + " flagged items in the only run so far ("
          + escape(IndexRenderer.day(last.generatedAt())) + "); the trend appears from the second run on.</p>\n";
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (HistoryRow row : rows) {
      min = Math.min(min, row.total().flaggedItems());
      max = Math.max(max, row.total().flaggedItems());
    }
    HistoryRow first = rows.get(0);
    long previous = rows.get(rows.size() - 2).total().flaggedItems();
    String summary = rows.size() + " runs from " + IndexRenderer.day(first.generatedAt()) + " to "
        + IndexRenderer.day(last.generatedAt()) + ": " + IndexRenderer.number(latest) + " flagged items now, "
        + change(latest - previous) + " since the run before; lowest " + IndexRenderer.number(min) + ", highest "
        + IndexRenderer.number(max) + ".";
    html.append("<svg class=\"spark\" id=\"trend\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
        .append("\" role=\"img\" aria-labelledby=\"trend-svg-title\"><title id=\"trend-svg-title\">")
        .append(escape(summary)).append("</title><polyline points=\"");
    double step = (WIDTH - 2.0 * PADDING) / (rows.size() - 1);
    double x = 0;
    double y = 0;
    for (int i = 0; i < rows.size(); i++) {
      x = PADDING + i * step;
      y = y(rows.get(i).total().flaggedItems(), min, max);
      if (i > 0) {
        html.append(' ');
      }
      html.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    html.append("\"></polyline><circle cx=\"").append(String.format(Locale.ROOT, "%.1f", x)).append("\" cy=\"")
        .append(String.format(Locale.ROOT, "%.1f", y)).append("\" r=\"3\"></circle></svg>\n");
    html.append("<p id=\"trend-summary\">").append(escape(summary)).append("</p>\n");
    return html.toString();
  }

  private static double y(long value, long min, long max) {
    if (max == min) {
      return HEIGHT / 2.0;
    }
    return HEIGHT - PADDING - (double) (value - min) / (max - min) * (HEIGHT - 2.0 * PADDING);
  }

  private static String change(long delta) {
    if (delta == 0) {
      return "no change";
    }
    return (delta > 0 ? "up " : "down ") + IndexRenderer.number(Math.abs(delta));
  }
}
