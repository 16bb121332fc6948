package io.secposture.core.internal.html;

import static io.secposture.core.internal.html.Html.escape;

import io.secposture.core.HistoryRow;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Not public API: inline SVG trend charts of a value over the history rows: runs placed by date on a labelled x
 * axis, values on a y axis from zero, a tooltip per run, and a text summary and description for screen readers and
 * for anyone who prefers numbers. Stateless.
 */
final class Sparkline {
  static final int WIDTH = 380;
  static final int HEIGHT = 150;
  static final int SMALL_WIDTH = 280;
  static final int SMALL_HEIGHT = 120;
  private static final int LEFT = 44;
  private static final int RIGHT = 12;
  private static final int TOP = 8;
  private static final int BOTTOM = 22;
  private static final int LABEL_ROOM = 100;

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

  /**
   * Draws the chart: a line over the runs placed by date, a y axis from zero to the highest value with three
   * labelled grid lines, an x axis with the first and last run's dates (and the middle one's when there are three or
   * more), a point per run whose tooltip names its date and value, and a description listing every run for screen
   * readers.
   */
  private static String svg(String id, List<HistoryRow> rows, ToLongFunction<HistoryRow> value, String summary,
      int width, int height) {
    long max = 0;
    for (HistoryRow row : rows) {
      max = Math.max(max, value.applyAsLong(row));
    }
    long top = niceTop(max);
    double plotLeft = LEFT;
    double plotRight = width - RIGHT;
    double plotTop = TOP;
    double plotBottom = height - BOTTOM;
    long first = rows.get(0).generatedAt().getEpochSecond();
    long last = rows.get(rows.size() - 1).generatedAt().getEpochSecond();
    StringBuilder html = new StringBuilder();
    html.append("<svg class=\"spark\" id=\"").append(id).append("\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-svg-title\" aria-describedby=\"").append(id)
        .append("-svg-desc\"><title id=\"").append(id).append("-svg-title\">").append(escape(summary))
        .append("</title><desc id=\"").append(id).append("-svg-desc\">");
    for (int i = 0; i < rows.size(); i++) {
      html.append(i == 0 ? "" : "; ").append(IndexRenderer.day(rows.get(i).generatedAt())).append(": ")
          .append(IndexRenderer.number(value.applyAsLong(rows.get(i))));
    }
    html.append("</desc>");
    for (int tick = 0; tick <= 2; tick++) {
      long tickValue = top * tick / 2;
      double y = plotBottom - (plotBottom - plotTop) * tick / 2.0;
      html.append("<line class=\"").append(tick == 0 ? "axis" : "grid").append("\" x1=\"").append(f(plotLeft))
          .append("\" y1=\"").append(f(y)).append("\" x2=\"").append(f(plotRight)).append("\" y2=\"").append(f(y))
          .append("\"></line><text class=\"y-label\" x=\"").append(f(plotLeft - 4)).append("\" y=\"").append(f(y + 4))
          .append("\" text-anchor=\"end\">").append(IndexRenderer.number(tickValue)).append("</text>");
    }
    html.append("<line class=\"axis\" x1=\"").append(f(plotLeft)).append("\" y1=\"").append(f(plotTop))
        .append("\" x2=\"").append(f(plotLeft)).append("\" y2=\"").append(f(plotBottom)).append("\"></line>");
    double[] xs = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      xs[i] = last == first ? plotLeft + (plotRight - plotLeft) * i / Math.max(1, rows.size() - 1)
          : plotLeft + (plotRight - plotLeft) * (rows.get(i).generatedAt().getEpochSecond() - first)
              / (double) (last - first);
    }
    int middle = middleLabel(xs, (plotLeft + plotRight) / 2);
    StringBuilder points = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      HistoryRow row = rows.get(i);
      double x = xs[i];
      double y = plotBottom - (plotBottom - plotTop) * value.applyAsLong(row) / (double) top;
      points.append(i == 0 ? "" : " ").append(f(x)).append(',').append(f(y));
      dots.append("<circle class=\"point\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y))
          .append("\" r=\"").append(i == rows.size() - 1 ? "3.5" : "2.5").append("\"><title>")
          .append(IndexRenderer.day(row.generatedAt())).append(": ").append(IndexRenderer.number(value.applyAsLong(row)))
          .append("</title></circle>");
      if (i == 0 || i == rows.size() - 1 || i == middle) {
        String anchor = i == 0 ? "start" : i == rows.size() - 1 ? "end" : "middle";
        html.append("<text class=\"x-label\" x=\"").append(f(x)).append("\" y=\"").append(f(height - 4.0))
            .append("\" text-anchor=\"").append(anchor).append("\">").append(IndexRenderer.day(row.generatedAt()))
            .append("</text>");
      }
    }
    html.append("<polyline points=\"").append(points).append("\"></polyline>").append(dots).append("</svg>\n");
    return html.toString();
  }

  /**
   * Picks the run nearest the middle of the x axis for a third date label, or -1 when its label would crowd the
   * first or last one (a date label is about {@value #LABEL_ROOM} pixels from its neighbour's anchor).
   */
  private static int middleLabel(double[] xs, double centre) {
    int best = -1;
    for (int i = 1; i < xs.length - 1; i++) {
      if (best < 0 || Math.abs(xs[i] - centre) < Math.abs(xs[best] - centre)) {
        best = i;
      }
    }
    if (best < 0 || xs[best] - xs[0] < LABEL_ROOM || xs[xs.length - 1] - xs[best] < LABEL_ROOM) {
      return -1;
    }
    return best;
  }

  /** Rounds the highest value up to an even number that halves into readable ticks (at least 2). */
  static long niceTop(long max) {
    if (max <= 2) {
      return 2;
    }
    long magnitude = 1;
    while (magnitude * 10 <= max) {
      magnitude *= 10;
    }
    for (long step : new long[] {2, 4, 6, 8, 10}) {
      if (step * magnitude >= max) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String f(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String change(long delta) {
    if (delta == 0) {
      return "no change";
    }
    return (delta > 0 ? "up " : "down ") + IndexRenderer.number(Math.abs(delta));
  }
}
