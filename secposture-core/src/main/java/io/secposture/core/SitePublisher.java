package io.secposture.core;

import io.secposture.api.PublishResult;
import io.secposture.api.Publication;
import java.net.URI;

/**
 * Publishes a run to any {@link ObjectStore} in the order that keeps readers safe.
 *
 * <p>TODO(foundation): implemented by the publishing work; the signature is fixed.
 */
public final class SitePublisher {
  private SitePublisher() {
  }

  /**
   * Publishes a run.
   *
   * @param destination the site root, for messages
   * @param store the store opened for it
   * @param publication the report and files
   * @return what was written
   */
  public static PublishResult publish(URI destination, ObjectStore store, Publication publication) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
