package io.secposture.core;

import io.secposture.api.PostureReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Reads and writes the report JSON contract ({@code report_latest.json}) and {@code history.json}.
 *
 * <p>TODO(foundation): implemented by the report work; signatures are fixed.
 */
public final class ReportJson {
  private ReportJson() {
  }

  /**
   * Writes a report as JSON in the contract of the design.
   *
   * @param report the report
   * @param out where to write; not closed
   */
  public static void write(PostureReport report, OutputStream out) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Returns a report as JSON bytes.
   *
   * @param report the report
   * @return UTF-8 JSON
   */
  public static byte[] toBytes(PostureReport report) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Reads a report written by {@link #write}.
   *
   * @param in the JSON; not closed
   * @param source what it is, for error messages
   * @return the report
   */
  public static PostureReport read(InputStream in, String source) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Returns history rows as JSON bytes.
   *
   * @param rows the rows, oldest first
   * @return UTF-8 JSON
   */
  public static byte[] historyToBytes(List<HistoryRow> rows) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Reads history rows.
   *
   * @param in the JSON; not closed
   * @param source what it is, for error messages
   * @return the rows
   */
  public static List<HistoryRow> readHistory(InputStream in, String source) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
