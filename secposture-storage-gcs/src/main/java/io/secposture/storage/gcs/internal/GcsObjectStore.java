package io.secposture.storage.gcs.internal;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageException;
import io.secposture.core.ObjectMetadata;
import io.secposture.core.ObjectStore;
import io.secposture.core.StoredObject;
import io.secposture.core.spi.KeyLocks;
import io.secposture.storage.gcs.GcsPublisherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API. An {@link ObjectStore} over a GCS bucket and prefix (google-cloud-storage, JSON API). Files below
 * the resumable threshold go up in one multipart request; larger ones in a resumable upload read from the file in
 * chunks. Versions are object generations; {@link #putIfVersion} writes with {@code ifGenerationMatch} (0, that is
 * {@code doesNotExist}, for a new object). Reads pin the generation they saw, so content and version agree.
 * Thread-safe: the GCS client is.
 */
public final class GcsObjectStore implements ObjectStore {
  private static final int MAX_READ_ATTEMPTS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(GcsObjectStore.class);

  private final Storage storage;
  private final boolean ownsClient;
  private final GcsPublisherConfig config;

  /**
   * Opens a store.
   *
   * @param storage the client
   * @param ownsClient whether {@link #close()} closes the client
   * @param config the configuration
   */
  public GcsObjectStore(Storage storage, boolean ownsClient, GcsPublisherConfig config) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.ownsClient = ownsClient;
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public URI uri(String key) {
    return config.uri(key);
  }

  @Override
  public void put(String key, Path file, ObjectMetadata metadata) throws IOException {
    long size = Files.size(file);
    try {
      if (size >= config.resumableThreshold()) {
        storage.createFrom(info(key, metadata, null), file, config.chunkSize());
      } else {
        storage.create(info(key, metadata, null), Files.readAllBytes(file));
      }
    } catch (StorageException e) {
      throw failure("upload", key, e);
    }
  }

  @Override
  public void put(String key, byte[] content, ObjectMetadata metadata) throws IOException {
    try {
      storage.create(info(key, metadata, null), content);
    } catch (StorageException e) {
      throw failure("upload", key, e);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    BlobId id = BlobId.of(config.bucket(), config.objectName(key));
    for (int attempt = 1; ; attempt++) {
      try {
        Blob blob = storage.get(id);
        if (blob == null) {
          return Optional.empty();
        }
        Long generation = blob.getGeneration();
        byte[] content = storage.readAllBytes(BlobId.of(config.bucket(), config.objectName(key), generation));
        return Optional.of(new StoredObject(content, String.valueOf(generation)));
      } catch (StorageException e) {
        if (e.getCode() == 404 && attempt < MAX_READ_ATTEMPTS) {
          continue; // replaced between reading its metadata and its content: read the new one
        }
        throw failure("read", key, e);
      }
    }
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    try {
      Blob blob = storage.get(BlobId.of(config.bucket(), config.objectName(key)));
      if (blob == null) {
        return Optional.empty();
      }
      ReadChannel channel = storage.reader(BlobId.of(config.bucket(), config.objectName(key), blob.getGeneration()));
      return Optional.of(Channels.newInputStream(channel));
    } catch (StorageException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      storage.delete(BlobId.of(config.bucket(), config.objectName(key)));
    } catch (StorageException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public boolean putIfVersion(String key, byte[] content, ObjectMetadata metadata, String expectedVersion)
      throws IOException {
    return KeyLocks.withLock((config.endpoint() == null ? "gcs" : config.endpoint().toString()) + "|" + uri(key),
        () -> {
          try {
            if (expectedVersion == null) {
              storage.create(info(key, metadata, null), content, BlobTargetOption.doesNotExist());
            } else {
              long generation = Long.parseLong(expectedVersion);
              storage.create(info(key, metadata, generation), content, BlobTargetOption.generationMatch(generation));
            }
            return true;
          } catch (StorageException e) {
            if (e.getCode() == 412 || (e.getCode() == 404 && expectedVersion != null)) {
              return false; // changed or deleted since it was read
            }
            throw failure("conditional upload", key, e);
          }
        });
  }

  private BlobInfo info(String key, ObjectMetadata metadata, Long generation) {
    return BlobInfo.newBuilder(BlobId.of(config.bucket(), config.objectName(key), generation))
        .setContentType(metadata.contentType())
        .setCacheControl(metadata.cacheControl())
        .build();
  }

  private IOException failure(String operation, String key, StorageException e) {
    String hint = "";
    String reason = e.getReason();
    if (e.getCode() == 404 && (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT)
        .contains("bucket"))) {
      hint = "; the bucket '" + config.bucket() + "' does not exist: create it or fix the destination";
    } else if (e.getCode() == 401 || e.getCode() == 403) {
      hint = "; check the credentials (gcs.credentials-file, gcs.access-token or the application default"
          + " credentials) and that they may write to gs://" + config.bucket() + "/" + config.prefix();
    }
    return new IOException("GCS " + operation + " of " + config.uri(key) + " failed: HTTP " + e.getCode()
        + (reason == null ? "" : " " + reason) + ": " + e.getMessage() + hint, e);
  }

  /** Closes the client if this store owns it; a failure to close is logged, not thrown. */
  @Override
  public void close() {
    if (ownsClient) {
      try {
        storage.close();
      } catch (Exception e) {
        LOG.warn("{}: closing the GCS client failed: {}", config.siteUri(), e.toString());
      }
    }
  }
}
