package io.secposture.core;

import io.secposture.api.PostureReport;
import java.util.List;

/**
 * Renders the site's self-contained front page, {@code index.html}.
 *
 * <p>TODO(foundation): implemented by the report work; the signature is fixed.
 */
public final class IndexPage {
  private IndexPage() {
  }

  /**
   * Renders the front page.
   *
   * @param report the run's report
   * @param history the history rows, oldest first, including this run's
   * @return the HTML document
   */
  public static String render(PostureReport report, List<HistoryRow> history) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
