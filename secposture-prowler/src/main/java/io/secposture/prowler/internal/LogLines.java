package io.secposture.prowler.internal;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Not public API: reads what a scanner printed line by line with bounded memory, as text a person would read.
 *
 * <p>A scanner's output is untrusted and can hold lines of any length: each line is cut to its first
 * {@value #MAX_LINE} characters and the rest skipped without being kept. Malformed UTF-8 becomes U+FFFD. ANSI escape
 * sequences (Prowler prints colours with colorama even when its output is a file) are removed, so
 * {@code \u001b[1mThere are no findings in Account \u001b[33m123\u001b[0m} reads as
 * {@code There are no findings in Account 123}. A missing or unreadable file has no lines; a read error ends the
 * lines read so far (the output is evidence, not a result). Stateless.
 */
final class LogLines {
  /** The longest line kept, in characters; the rest of a longer line is skipped. */
  static final int MAX_LINE = 8 * 1024;

  private static final Pattern ANSI = Pattern.compile("\u001B(?:\\[[0-?]*[ -/]*[@-~]|[@-Z\\\\-_])");

  private LogLines() {
  }

  /**
   * Hands each line of a file, without its line break and ANSI sequences, to the consumer.
   *
   * @param file the file
   * @param consumer receives each line
   */
  static void forEach(Path file, Consumer<String> consumer) {
    if (!Files.isReadable(file)) {
      return;
    }
    try (Reader reader = new InputStreamReader(Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE))) {
      char[] buffer = new char[8192];
      StringBuilder line = new StringBuilder();
      boolean afterCr = false;
      int n;
      while ((n = reader.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c == '\n' || c == '\r') {
            if (!(c == '\n' && afterCr)) {
              consumer.accept(clean(line));
              line.setLength(0);
            }
            afterCr = c == '\r';
            continue;
          }
          afterCr = false;
          if (line.length() < MAX_LINE) {
            line.append(c);
          }
        }
      }
      if (line.length() > 0) {
        consumer.accept(clean(line));
      }
    } catch (IOException e) {
      // what was read is still handed on
    }
  }

  /**
   * Removes ANSI escape sequences.
   *
   * @param text a line
   * @return the line without them
   */
  static String clean(CharSequence text) {
    String line = text.toString();
    return line.indexOf('\u001B') < 0 ? line : ANSI.matcher(line).replaceAll("");
  }
}
