package io.secposture.api;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Publishes a run to one kind of storage, chosen by the destination URI's scheme: {@code file}, {@code s3},
 * {@code gs}, {@code azblob}.
 *
 * <p><b>Who calls it.</b> The {@code run}, {@code demo}, {@code aggregate} and {@code merge} commands, or embedding
 * code, find one with {@link Plugins#publisherFor(URI)} and call {@link #publish(URI, Publication)} once per run.
 * The diff and history features call {@link #read(URI, String)} to fetch what an earlier run published.
 *
 * <p><b>The promises</b> every implementation keeps (secposture-test-kit's {@code ArtifactPublisherContract} checks
 * them): the storage layout of the design ({@code index.html}, {@code reports/}, {@code runs/<run-id>/...});
 * {@code reports/report_latest.json} and {@code index.html} are written only after everything else succeeded, so
 * readers never see a half-published run; publishing the same run again is idempotent; keys are safe whatever an
 * account or file is called; a failure throws {@link PublishException} naming the destination and key and leaves the
 * previous {@code latest} intact; {@code history.json} keeps one row per run even when two runs publish close
 * together.
 *
 * <p>Implementations have a public no-argument constructor, are registered in
 * {@code META-INF/services/io.secposture.api.ArtifactPublisher}, and take everything that varies per call from the
 * destination URI and {@link Publication#options()}; they are thread-safe.
 */
public interface ArtifactPublisher {

  /**
   * Returns the URI schemes this publisher handles, e.g. {@code s3}.
   *
   * @return an unmodifiable, non-empty set of lower-case schemes
   */
  Set<String> schemes();

  /**
   * Publishes a run.
   *
   * @param destination the site root, e.g. {@code s3://bucket/security} or {@code file:///srv/site}
   * @param publication the report and files
   * @return what was written and where the front page is
   * @throws PublishException if publishing failed; the previous {@code latest} is still in place
   * @throws ConfigurationException if the destination or options are malformed
   */
  PublishResult publish(URI destination, Publication publication);

  /**
   * Opens an object an earlier run published, such as {@code reports/report_latest.json}.
   *
   * @param destination the site root
   * @param key the key relative to the site root
   * @param options the same publisher settings {@link #publish} takes (endpoint, region, credentials, ...)
   * @return the object's content, which the caller closes; empty if there is no such object
   * @throws PublishException if the store cannot be read
   * @throws ConfigurationException if the destination or options are malformed
   */
  Optional<InputStream> read(URI destination, String key, Settings options);

  /**
   * Opens an object an earlier run published, with no settings beyond the destination URI, the environment and
   * whatever the publisher was built with.
   *
   * @param destination the site root
   * @param key the key relative to the site root
   * @return the object's content, which the caller closes; empty if there is no such object
   * @throws PublishException if the store cannot be read
   */
  default Optional<InputStream> read(URI destination, String key) {
    return read(destination, key, Settings.empty());
  }

  /**
   * Checks a destination and settings without contacting the store, so a typo fails before any scan runs rather
   * than after all of them: the job's {@code run} calls it before scanning. Checks what {@link #publish} would
   * refuse: the destination's form and every setting (unknown keys, malformed values).
   *
   * <p>The default checks nothing, so existing publishers keep compiling.
   *
   * @param destination the site root
   * @param options the publisher settings {@link #publish} would get in {@link Publication#options()}
   * @throws ConfigurationException listing every problem found
   */
  default void validate(URI destination, Settings options) {
  }

  /**
   * Checks, before a run, that it could be published here: {@link #validate} and then that the store is reachable
   * and writable, e.g. by writing a small probe object under the destination's prefix and deleting it (or the
   * store's own check). The job's {@code check} command and {@code run --dry-run} call it. Reports problems in the
   * result instead of throwing.
   *
   * <p>The default runs {@link #validate} and has nothing more to check.
   *
   * @param destination the site root
   * @param options the publisher settings
   * @return what was checked and any problem; never a secret
   */
  default Preflight preflight(URI destination, Settings options) {
    try {
      validate(destination, options);
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    return Preflight.nothingToCheck();
  }
}
