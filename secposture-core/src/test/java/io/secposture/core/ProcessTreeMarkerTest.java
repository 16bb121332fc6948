package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the runner recognises its processes by the tree marker in {@code /proc/<pid>/environ}. */
class ProcessTreeMarkerTest {
  private static final String COOKIE = "3f1c9a2e-0000-4000-8000-123456789abc";
  private static final byte[] MARKER = (ProcessRunner.TREE_VARIABLE + "=" + COOKIE + "\0")
      .getBytes(StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  private boolean holds(String environ) throws IOException {
    Path file = Files.writeString(dir.resolve("environ"), environ, StandardCharsets.UTF_8);
    return ProcessRunner.holds(file, MARKER, new byte[][] {new byte[64]});
  }

  @Test
  void holds_markerAsAWholeEntryAnywhere_found() throws IOException {
    String entry = ProcessRunner.TREE_VARIABLE + "=" + COOKIE + "\0";
    assertThat(holds(entry + "PATH=/bin\0")).isTrue();
    assertThat(holds("PATH=/bin\0" + entry + "HOME=/root\0")).isTrue();
    assertThat(holds("PATH=/bin\0" + "X".repeat(5000) + "=1\0" + entry)).as("after the buffer grew").isTrue();
  }

  @Test
  void holds_markerInsideAnotherEntryOrWithAnotherValue_notFound() throws IOException {
    assertThat(holds("X" + ProcessRunner.TREE_VARIABLE + "=" + COOKIE + "\0")).isFalse();
    assertThat(holds("NOTE=" + ProcessRunner.TREE_VARIABLE + "=" + COOKIE + "\0")).isFalse();
    assertThat(holds(ProcessRunner.TREE_VARIABLE + "=" + COOKIE + "-other\0")).isFalse();
    assertThat(holds(ProcessRunner.TREE_VARIABLE + "=" + COOKIE)).as("cut short").isFalse();
    assertThat(holds("")).isFalse();
    assertThat(ProcessRunner.holds(dir.resolve("missing"), MARKER, new byte[][] {new byte[8]})).isFalse();
  }

  @Test
  void searchTree_liveProcessesWithTheMarkerOrWithNoEnvironment_foundAndNoticed() throws Exception {
    String cookie = java.util.UUID.randomUUID().toString();
    ProcessBuilder marked = new ProcessBuilder("sleep", "30");
    marked.environment().put(ProcessRunner.TREE_VARIABLE, cookie);
    // a process caught in the middle of execve reads like this one: no environment at all
    Process blank = new ProcessBuilder("env", "-i", "sleep", "30").start();
    Process holder = marked.start();
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      ProcessRunner.TreeSearch search = ProcessRunner.searchTree(cookie);
      while ((search.holders().isEmpty() || !search.sawBlankEnvironment()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
        search = ProcessRunner.searchTree(cookie);
      }

      assertThat(search.holders()).extracting(ProcessHandle::pid).containsExactly(holder.pid());
      assertThat(search.sawBlankEnvironment()).isTrue();
      assertThat(ProcessRunner.searchTree("not-" + cookie).holders()).isEmpty();
    } finally {
      blank.destroyForcibly().waitFor();
      holder.destroyForcibly().waitFor();
    }
  }

  @Property(tries = 200)
  void holds_anyEnvironment_trueExactlyWhenItHasTheMarkerEntry(
      @ForAll @Size(max = 30) List<@AlphaChars @NumericChars @StringLength(min = 1, max = 200) String> values,
      @ForAll boolean withMarker) throws IOException {
    StringBuilder environ = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (withMarker && i == values.size() / 2) {
        environ.append(ProcessRunner.TREE_VARIABLE).append('=').append(COOKIE).append('\0');
      }
      environ.append("V").append(i).append('=').append(values.get(i)).append('\0');
    }
    if (withMarker && values.isEmpty()) {
      environ.append(ProcessRunner.TREE_VARIABLE).append('=').append(COOKIE).append('\0');
    }
    // jqwik properties get no @TempDir
    Path file = Files.createTempFile("environ", "");
    try {
      Files.writeString(file, environ, StandardCharsets.UTF_8);
      assertThat(ProcessRunner.holds(file, MARKER, new byte[][] {new byte[32]})).isEqualTo(withMarker);
    } finally {
      Files.delete(file);
    }
  }
}
