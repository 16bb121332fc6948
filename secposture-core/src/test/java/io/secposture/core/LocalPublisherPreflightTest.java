package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Settings;
import io.secposture.core.internal.publish.LocalArtifactPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file publisher's checks before a run: settings without I/O, then a probe file. */
class LocalPublisherPreflightTest {
  @TempDir
  Path dir;

  private final LocalArtifactPublisher publisher = new LocalArtifactPublisher();

  @Test
  void validate_everyBadSettingAtOnce_withoutTouchingTheFolder() {
    Path site = dir.resolve("site");

    assertThatThrownBy(() -> publisher.validate(site.toUri(), Settings.of(Map.of("history.retention", "0",
        "publish.concurrency", "100000", "file.mode", "0644"))))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3)
            .anySatisfy(problem -> assertThat(problem).contains("file.mode"))
            .anySatisfy(problem -> assertThat(problem).contains("history.retention"))
            .anySatisfy(problem -> assertThat(problem).contains("publish.concurrency")));
    assertThatThrownBy(() -> publisher.validate(site.toUri(), Settings.of(Map.of("history.retention", "0",
        "publish.concurrency", "100000")))).isInstanceOfSatisfying(ConfigurationException.class,
            e -> assertThat(e.problems()).hasSize(2));
    assertThat(site).doesNotExist();
  }

  @Test
  void preflight_existingFolder_probeWrittenReadAndDeleted() throws IOException {
    Path site = Files.createDirectories(dir.resolve("site"));
    Files.writeString(site.resolve("index.html"), "previous run");

    Preflight result = publisher.preflight(site.toUri(), Settings.empty());

    assertThat(result.problems()).isEmpty();
    assertThat(result.details()).singleElement().asString().startsWith("wrote, read back and deleted a probe");
    try (Stream<Path> files = Files.list(site)) {
      assertThat(files).containsExactly(site.resolve("index.html"));
    }
  }

  @Test
  void preflight_missingFolder_notCreated_parentMustBeWritable() throws IOException {
    Path site = dir.resolve("a/b/site");

    assertThat(publisher.preflight(site.toUri(), Settings.empty()).details()).singleElement().asString()
        .contains("does not exist yet; publishing creates it in " + dir);
    assertThat(dir.resolve("a")).doesNotExist();

    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThat(publisher.preflight(file.resolve("site").toUri(), Settings.empty()).problems()).singleElement()
        .asString().contains("is not a writable directory");
  }
}
