package io.secposture.api;

/**
 * Thrown by a {@link ReportParser} when a scanner output cannot be read: it is truncated, not the format it claims
 * to be, or holds values the parser cannot map. The exception names the source, the position (line and column, or
 * row for CSV) and what was expected there, so the message alone lets a user find the problem.
 */
public class ReportParseException extends SecpostureException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final long line;
  private final long column;
  private final String expected;

  /**
   * Creates a parse failure with a position.
   *
   * @param source the file or stream that failed, as the user knows it (usually a path)
   * @param line the 1-based line (or CSV row) where the problem was found, or 0 when unknown
   * @param column the 1-based column, or 0 when unknown
   * @param expected what the parser expected at that position, e.g. "a JSON object for a finding"
   * @param detail what it found instead, or extra detail; nullable
   * @param cause the underlying failure; nullable
   */
  public ReportParseException(String source, long line, long column, String expected, String detail,
      Throwable cause) {
    super(message(source, line, column, expected, detail), cause);
    this.source = source;
    this.line = line;
    this.column = column;
    this.expected = expected;
  }

  /**
   * Creates a parse failure without a position (for example an empty file).
   *
   * @param source the file or stream that failed
   * @param expected what the parser expected, e.g. "a ScoutSuite results file"
   * @param detail what it found instead; nullable
   */
  public ReportParseException(String source, String expected, String detail) {
    this(source, 0, 0, expected, detail, null);
  }

  private static String message(String source, long line, long column, String expected, String detail) {
    StringBuilder text = new StringBuilder("cannot parse ").append(source);
    if (line > 0) {
      text.append(" at line ").append(line);
      if (column > 0) {
        text.append(", column ").append(column);
      }
    }
    text.append(": expected ").append(expected);
    if (detail != null && !detail.isBlank()) {
      text.append("; ").append(detail);
    }
    return text.toString();
  }

  /**
   * Returns the file or stream that failed to parse.
   *
   * @return the source as the user knows it
   */
  public String source() {
    return source;
  }

  /**
   * Returns the 1-based line or CSV row of the problem.
   *
   * @return the line, or 0 when unknown
   */
  public long line() {
    return line;
  }

  /**
   * Returns the 1-based column of the problem.
   *
   * @return the column, or 0 when unknown
   */
  public long column() {
    return column;
  }

  /**
   * Returns what the parser expected at the failing position.
   *
   * @return a short description such as "a JSON array of OCSF findings"
   */
  public String expected() {
    return expected;
  }
}
