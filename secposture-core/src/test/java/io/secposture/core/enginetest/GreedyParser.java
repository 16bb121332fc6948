package io.secposture.core.enginetest;

import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A parser that misbehaves on purpose for chosen files, else reads them like {@link LinesParser}: a file whose
 * header line ends with {@code greedy} makes it keep allocating until the heap runs out (a real
 * {@link OutOfMemoryError}, as a parser that keeps every finding would on a huge file), {@code oom} throws one
 * without allocating, {@code deep} recurses until the stack overflows.
 */
public final class GreedyParser implements ReportParser {
  private final LinesParser lines = new LinesParser();

  @Override
  public String name() {
    return "greedy-lines";
  }

  @Override
  public boolean accepts(ReportSource source) {
    return lines.accepts(source);
  }

  @Override
  public ParsedReport parse(ReportSource source, FindingSink sink) {
    String header = source.headText().lines().findFirst().orElse("");
    if (header.endsWith(" greedy")) {
      List<long[]> kept = new ArrayList<>();
      while (true) {
        kept.add(new long[1 << 20]);
      }
    }
    if (header.endsWith(" oom")) {
      throw new OutOfMemoryError("Java heap space");
    }
    if (header.endsWith(" deep")) {
      return deeper(source, sink, 0);
    }
    return lines.parse(source, sink);
  }

  private ParsedReport deeper(ReportSource source, FindingSink sink, int depth) {
    return depth < Integer.MAX_VALUE ? deeper(source, sink, depth + 1) : lines.parse(source, sink);
  }
}
