package io.secposture.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU times from Linux's {@code /proc/<pid>/stat}, for the whole-process harnesses ({@code JobVsBareHarness},
 * {@code AggregateVsJacksonHarness}), which measure processes they start and wait for. Times are in clock ticks
 * ({@link #TICKS_PER_SECOND}). Stateless and thread-safe; Linux only.
 */
public final class ProcStat {
  /** USER_HZ, the unit of the times in {@code /proc/<pid>/stat}: 100 on every Linux this runs on. */
  public static final double TICKS_PER_SECOND = 100.0;

  private ProcStat() {
  }

  /**
   * Reads utime, stime, cutime and cstime (fields 14 to 17) of a {@code /proc/<pid>/stat} text.
   *
   * @param statText the file's text; the process name in parentheses may hold spaces
   * @return {utime, stime, cutime, cstime} in ticks
   */
  public static long[] times(String statText) {
    String[] fields = statText.substring(statText.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state)
    return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
        Long.parseLong(fields[14])};
  }

  /**
   * Reads this JVM's own CPU time and that of the children it has waited for.
   *
   * @return {utime + stime, cutime + cstime} in ticks
   * @throws IOException if {@code /proc/self/stat} cannot be read
   */
  public static long[] self() throws IOException {
    long[] times = times(Files.readString(Path.of("/proc/self/stat"), StandardCharsets.ISO_8859_1));
    return new long[] {times[0] + times[1], times[2] + times[3]};
  }
}
