package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.core.HistoryRow;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Not public API: inline SVG sparklines of a value over the history rows, each with a text summary for screen
 * readers and for anyone who prefers numbers. Stateless.
 */
final class Sparkline {
  static final int WIDTH = 320;
  static final int HEIGHT = 60;
  static final int SMALL_WIDTH = 220;
  static final int SMALL_HEIGHT = 44;
  private static final int PADDING = 5;

  private Sparkline() {
  }

  /**
   * Renders the trend of {@code total.flagged_items} over the rows: the page's main trend.
   *
   * @param rows history rows, oldest first
   * @return HTML: an SVG and a paragraph, or a paragraph alone when there are fewer than two runs
   */
  static String of(List<HistoryRow> rows) {
    if (rows.isEmpty()) {
      return "<p id=\"trend-summary\">No history yet: the trend appears from the second run on.</p>\n";
    }
    HistoryRow last = rows.get(rows.size() - 1);
    long latest = last.total().flaggedItems();
    if (rows.size() == 1) {
      return "<p id=\"trend-summary\">" + IndexRenderer.number(latest) + " flagged items in the only run so far ("
          + escape(IndexRenderer.day(last.generatedAt())) + "); the trend appears from the second run on.</p>\n";
    }
    String summary = summary(rows, row -> row.total().flaggedItems(), "flagged items");
    return svg("trend", rows, row -> row.total().flaggedItems(), summary, WIDTH, HEIGHT)
        + "<p id=\"trend-summary\">" + escape(summary) + "</p>\n";
  }

  /**
   * Renders a small trend of any value, as a figure with a caption and the summary.
   *
   * @param id the figure's id
   * @param caption what the value is, e.g. "Critical and high"
   * @param unit the value's unit in words, e.g. "critical and high findings"
   * @param rows history rows, oldest first, at least two
   * @param value the value of a row
   * @return the figure
   */
  static String figure(String id, String caption, String unit, List<HistoryRow> rows,
      ToLongFunction<HistoryRow> value) {
    String summary = summary(rows, value, unit);
    return "<figure class=\"trend\" id=\"" + id + "\"><figcaption>" + escape(caption) + "</figcaption>"
        + svg(id + "-chart", rows, value, summary, SMALL_WIDTH, SMALL_HEIGHT)
        + "<p class=\"meta\">" + escape(summary) + "</p></figure>\n";
  }

  private static String summary(List<HistoryRow> rows, ToLongFunction<HistoryRow> value, String unit) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (HistoryRow row : rows) {
      min = Math.min(min, value.applyAsLong(row));
      max = Math.max(max, value.applyAsLong(row));
    }
    long latest = value.applyAsLong(rows.get(rows.size() - 1));
    long previous = value.applyAsLong(rows.get(rows.size() - 2));
    return rows.size() + " runs from " + IndexRenderer.day(rows.get(0).generatedAt()) + " to "
        + IndexRenderer.day(rows.get(rows.size() - 1).generatedAt()) + ": " + IndexRenderer.number(latest) + " "
        + unit + " now, " + change(latest - previous) + " since the run before; lowest " + IndexRenderer.number(min)
        + ", highest " + IndexRenderer.number(max) + ".";
  }

  private static String svg(String id, List<HistoryRow> rows, ToLongFunction<HistoryRow> value, String summary,
      int width, int height) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (HistoryRow row : rows) {
      min = Math.min(min, value.applyAsLong(row));
      max = Math.max(max, value.applyAsLong(row));
    }
    StringBuilder html = new StringBuilder();
    html.append("<svg class=\"spark\" id=\"").append(id).append("\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-svg-title\"><title id=\"").append(id)
        .append("-svg-title\">").append(escape(summary)).append("</title><polyline points=\"");
    double step = (width - 2.0 * PADDING) / (rows.size() - 1);
    double x = 0;
    double y = 0;
    for (int i = 0; i < rows.size(); i++) {
      x = PADDING + i * step;
      y = y(value.applyAsLong(rows.get(i)), min, max, height);
      if (i > 0) {
        html.append(' ');
      }
      html.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    html.append("\"></polyline><circle cx=\"").append(String.format(Locale.ROOT, "%.1f", x)).append("\" cy=\"")
        .append(String.format(Locale.ROOT, "%.1f", y)).append("\" r=\"3\"></circle></svg>\n");
    return html.toString();
  }

  private static double y(long value, long min, long max, int height) {
    if (max == min) {
      return height / 2.0;
    }
    return height - PADDING - (double) (value - min) / (max - min) * (height - 2.0 * PADDING);
  }

  private static String change(long delta) {
    if (delta == 0) {
      return "no change";
    }
    return (delta > 0 ? "up " : "down ") + IndexRenderer.number(Math.abs(delta));
  }
}
