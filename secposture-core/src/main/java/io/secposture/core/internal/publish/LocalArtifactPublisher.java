package io.secposture.core.internal.publish;

import io.secposture.api.ArtifactPublisher;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.Publication;
import io.secposture.api.PublishException;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.SitePublisher;
import io.secposture.core.spi.AbandonedUploads;
import io.secposture.core.spi.QueryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Not public API. The {@code file} publisher, secposture's embedded default: publishes a run into a local directory
 * with {@link SitePublisher} over a {@link LocalObjectStore}.
 *
 * <p>Destinations: {@code file:///srv/site} (absolute), or a plain path without a scheme, absolute or relative to
 * the working directory ({@code ./secposture-site}). The query may set {@link SitePublisher}'s options
 * ({@code ?history.retention=50}); this publisher has none of its own. Before publishing it deletes the temporary
 * files that earlier publishes interrupted by a kill left behind ({@link #ABANDONED_AFTER}), logging each. Stateless
 * and thread-safe.
 */
public final class LocalArtifactPublisher implements ArtifactPublisher {
  /** The scheme this publisher handles. */
  public static final String SCHEME = "file";

  /**
   * How long since it was last written before a temporary file of an earlier, interrupted publish is deleted at the
   * start of the next publish ({@link LocalObjectStore#removeAbandonedUploads}).
   */
  public static final Duration ABANDONED_AFTER = Duration.ofHours(1);

  /** Creates the publisher; it holds no state. */
  public LocalArtifactPublisher() {
  }

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public PublishResult publish(URI destination, Publication publication) {
    Path root = root(destination);
    Settings options = SitePublisher.optionsFor(destination, publication.options(), SCHEME);
    requireNoOwnSettings(destination, options);
    try (LocalObjectStore store = new LocalObjectStore(root)) {
      AbandonedUploads.remove(store, QueryOptions.withoutSecrets(destination), ABANDONED_AFTER);
      return SitePublisher.publish(destination, store, publication.withOptions(options));
    }
  }

  private static void requireNoOwnSettings(URI destination, Settings options) {
    Settings own = options.scoped(SCHEME);
    if (!own.asMap().isEmpty()) {
      throw new ConfigurationException("the file publisher has no settings, but " + own.asMap().keySet().stream()
          .map(key -> SCHEME + "." + key).toList() + " were given for " + QueryOptions.withoutSecrets(destination)
          + "; the options it reads are " + SitePublisher.CONCURRENCY + ", " + SitePublisher.RETENTION + " and "
          + SitePublisher.PUBLIC_URL);
    }
  }

  @Override
  public void validate(URI destination, Settings options) {
    List<String> problems = new ArrayList<>();
    try {
      root(destination);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    try {
      Settings combined = SitePublisher.optionsFor(destination, options, SCHEME);
      problems.addAll(SitePublisher.checkOptions(combined));
      requireNoOwnSettings(destination, combined);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }

  /**
   * Validates, then probes the folder: an existing one gets a probe file written, read back and deleted; a missing
   * one is not created (publishing creates it), but the closest existing parent must be a writable directory.
   */
  @Override
  public Preflight preflight(URI destination, Settings options) {
    try {
      validate(destination, options);
    } catch (ConfigurationException e) {
      return new Preflight(null, null, List.of(), e.problems());
    }
    Path root = root(destination);
    if (!Files.exists(root)) {
      Path parent = root.getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
        return Preflight.problem("cannot create the folder " + root + ": " + (parent == null ? "no parent exists"
            : parent + " is not a writable directory") + "; choose another destination or fix the permissions");
      }
      return Preflight.nothingToCheck().withDetail(root + " does not exist yet; publishing creates it in " + parent
          + ", which is writable");
    }
    if (!Files.isDirectory(root)) {
      return Preflight.problem("the destination " + root + " exists and is not a directory");
    }
    // the probe's upload opens the store's journal folder; a folder that had none is left without one
    Path journals = root.resolve(LocalObjectStore.JOURNAL_DIRECTORY);
    boolean hadJournals = Files.exists(journals, LinkOption.NOFOLLOW_LINKS);
    try (LocalObjectStore store = new LocalObjectStore(root)) {
      return SitePublisher.probe(QueryOptions.withoutSecrets(destination), store);
    } finally {
      if (!hadJournals) {
        try {
          Files.deleteIfExists(journals);
        } catch (IOException e) {
          // not empty (another publish started meanwhile) or not removable: it is harmless either way
        }
      }
    }
  }

  @Override
  public Optional<InputStream> read(URI destination, String key, Settings options) {
    LocalObjectStore store = new LocalObjectStore(root(destination));
    URI site = QueryOptions.withoutSecrets(destination);
    try {
      return store.open(key);
    } catch (IllegalArgumentException e) {
      String shown = Failures.printable(key);
      throw new PublishException("cannot read '" + shown + "' from " + site + ": " + e.getMessage(), site, shown, e);
    } catch (IOException e) {
      throw new PublishException("cannot read '" + key + "' from " + site + ": " + Failures.describe(e), site, key, e);
    }
  }

  /**
   * Returns the directory a destination names.
   *
   * @param destination {@code file:///abs/dir} or a plain path
   * @return the absolute directory
   * @throws ConfigurationException if the destination is not a local path
   */
  public static Path root(URI destination) {
    String scheme = destination.getScheme();
    try {
      if (scheme == null) {
        String path = destination.getPath();
        if (path == null || path.isEmpty()) {
          throw new ConfigurationException("the destination '" + QueryOptions.withoutSecrets(destination)
              + "' names no directory; give a path such as ./secposture-site or file:///srv/site");
        }
        return Path.of(path).toAbsolutePath().normalize();
      }
      if (!scheme.equalsIgnoreCase(SCHEME)) {
        throw new ConfigurationException("the file publisher cannot publish to '"
            + QueryOptions.withoutSecrets(destination) + "': it handles file: URIs and plain paths");
      }
      if (destination.isOpaque() || destination.getPath() == null || destination.getPath().isEmpty()) {
        throw new ConfigurationException("the destination '" + QueryOptions.withoutSecrets(destination)
            + "' is not an absolute file URI; write file:///absolute/dir, or a plain (relative) path without file:");
      }
      String authority = destination.getAuthority();
      if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
        throw new ConfigurationException("the destination '" + QueryOptions.withoutSecrets(destination)
            + "' names the host '" + authority + "'; a file URI names a local directory: file:///absolute/dir");
      }
      return Path.of(new URI(SCHEME, null, destination.getPath(), null)).toAbsolutePath().normalize();
    } catch (InvalidPathException | java.net.URISyntaxException e) {
      throw new ConfigurationException("the destination '" + QueryOptions.withoutSecrets(destination)
          + "' is not a valid local path: " + e.getMessage(), e);
    }
  }
}
