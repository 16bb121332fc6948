package io.secposture.core.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.PostureReport;
import io.secposture.api.PublishException;
import io.secposture.core.ScriptedStore;
import io.secposture.core.SiteLayout;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryUpdateTest {
  private static final URI SITE = URI.create("file:///srv/site");

  @TempDir
  Path root;

  @Test
  void apply_historyChangesUnderEveryAttempt_givesUpNamingTheKey_afterJitteredGrowingPauses() {
    ScriptedStore store = new ScriptedStore(new LocalObjectStore(root)).conflicts(Integer.MAX_VALUE);
    List<Long> pauses = new ArrayList<>();
    PostureReport report = PostureReport.builder("run-1", Instant.parse("2026-11-22T02:00:00Z")).build();

    assertThatThrownBy(() -> HistoryUpdate.apply(SITE, store, report, 10, pauses::add))
        .isInstanceOfSatisfying(PublishException.class, e -> {
          assertThat(e.key()).isEqualTo(SiteLayout.HISTORY);
          assertThat(e.getMessage()).contains("changed under every one of " + HistoryUpdate.MAX_ATTEMPTS);
        });
    assertThat(store.operations()).filteredOn(op -> op.startsWith("putIfVersion:"))
        .hasSize(HistoryUpdate.MAX_ATTEMPTS);
    assertThat(pauses).hasSize(HistoryUpdate.MAX_ATTEMPTS - 1);
    for (int attempt = 1; attempt < HistoryUpdate.MAX_ATTEMPTS; attempt++) {
      long ceiling = Math.min(2_000, 40L << attempt);
      assertThat(pauses.get(attempt - 1)).as("pause after attempt %d", attempt).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void apply_sameRowAlreadyThere_writesNothing() {
    ScriptedStore store = new ScriptedStore(new LocalObjectStore(root));
    PostureReport report = PostureReport.builder("run-1", Instant.parse("2026-11-22T02:00:00Z")).build();
    HistoryUpdate first = HistoryUpdate.apply(SITE, store, report, 10, millis -> { });
    HistoryUpdate second = HistoryUpdate.apply(SITE, store, report, 10, millis -> { });

    assertThat(first.objectsWritten()).isEqualTo(1);
    assertThat(second.objectsWritten()).isZero();
    assertThat(second.rows()).isEqualTo(first.rows());
    assertThat(store.operations()).filteredOn(op -> op.startsWith("putIfVersion:")).hasSize(1);
  }
}
