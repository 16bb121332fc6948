package io.secposture.core.spi;

import io.secposture.core.ObjectStore;
import io.secposture.core.SiteLayout;
import io.secposture.core.internal.publish.Failures;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link ObjectStore#removeAbandonedUploads} before a publish: the store logs what it removed; a failure is
 * logged and never fails the publish, which has nothing to do with the leftovers.
 *
 * <p><b>Who calls it.</b> {@link ObjectStorePublisher} and the local {@code file} publisher, before each publish.
 * Stateless and thread-safe; arguments are never {@code null}.
 */
public final class AbandonedUploads {
  private static final Logger LOG = LoggerFactory.getLogger(AbandonedUploads.class);

  private AbandonedUploads() {
  }

  /**
   * Tells whether a key is one the site publisher writes ({@code runs/}, {@code reports/}, {@code index.html}), so a
   * store cleaning up leftovers never touches another tool's uploads in a shared bucket.
   *
   * @param siteKey the key relative to the site root
   * @return true for the site's own keys
   */
  public static boolean isSiteKey(String siteKey) {
    return siteKey.startsWith("runs/") || siteKey.startsWith("reports/") || siteKey.equals(SiteLayout.INDEX);
  }

  /**
   * Removes what interrupted uploads of earlier publishes left at the destination.
   *
   * @param store the destination's store
   * @param site the destination, as printed
   * @param olderThan how long without progress before an upload counts as abandoned
   * @return what was removed
   */
  public static List<String> remove(ObjectStore store, URI site, Duration olderThan) {
    try {
      return store.removeAbandonedUploads(olderThan);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not look for uploads that earlier publishes left unfinished ({}); publishing anyway", site,
          Failures.describe(e));
      return List.of();
    }
  }
}
