package io.secposture.storage.azure.internal;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.AccessTier;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import io.secposture.core.ObjectMetadata;
import io.secposture.core.ObjectStore;
import io.secposture.core.Redactor;
import io.secposture.core.StoredObject;
import io.secposture.core.spi.KeyLocks;
import io.secposture.core.spi.RedactedFailures;
import io.secposture.storage.azure.AzureBlobPublisherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Not public API. An {@link ObjectStore} over an Azure Blob container and prefix (azure-storage-blob over the JDK HTTP
 * client). Every blob gets {@link BlobHttpHeaders} with its content type and cache policy, so a {@code $web} static
 * website serves pages as pages. Files above the single-upload threshold go up as staged blocks committed at the end.
 * Versions are ETags; {@link #putIfVersion} writes with {@code If-Match} or {@code If-None-Match: *}. Failures are
 * redacted: no connection string, key or SAS token appears in their messages. Thread-safe.
 */
public final class AzureBlobObjectStore implements ObjectStore {
  private final BlobContainerClient container;
  private final AzureBlobPublisherConfig config;
  private final Redactor redactor;

  /**
   * Opens a store.
   *
   * @param container the container client
   * @param config the configuration
   */
  public AzureBlobObjectStore(BlobContainerClient container, AzureBlobPublisherConfig config) {
    this.container = Objects.requireNonNull(container, "container");
    this.config = Objects.requireNonNull(config, "config");
    this.redactor = RedactedFailures.redactor(config.connectionString(), config.accountKey(), config.sasToken());
  }

  @Override
  public URI uri(String key) {
    return config.uri(key);
  }

  @Override
  public void put(String key, Path file, ObjectMetadata metadata) throws IOException {
    BlobUploadFromFileOptions options = new BlobUploadFromFileOptions(file.toString())
        .setHeaders(headers(metadata))
        .setParallelTransferOptions(new ParallelTransferOptions()
            .setBlockSizeLong(config.blockSize())
            .setMaxSingleUploadSizeLong(config.singleUploadThreshold())
            .setMaxConcurrency(config.blockConcurrency()));
    if (config.accessTier() != null) {
      options.setTier(AccessTier.fromString(config.accessTier()));
    }
    try {
      blob(key).uploadFromFileWithResponse(options, null, Context.NONE);
    } catch (BlobStorageException | UncheckedIOException e) {
      throw failure("upload", key, e);
    }
  }

  @Override
  public void put(String key, byte[] content, ObjectMetadata metadata) throws IOException {
    try {
      blob(key).uploadWithResponse(uploadOptions(content, metadata), null, Context.NONE);
    } catch (BlobStorageException | UncheckedIOException e) {
      throw failure("upload", key, e);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    try {
      BlobDownloadContentResponse response = blob(key).downloadContentWithResponse(null, null, null, Context.NONE);
      return Optional.of(new StoredObject(response.getValue().toBytes(),
          response.getDeserializedHeaders().getETag()));
    } catch (BlobStorageException e) {
      if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
        return Optional.empty();
      }
      throw failure("read", key, e);
    } catch (UncheckedIOException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    try {
      return Optional.of(blob(key).openInputStream());
    } catch (BlobStorageException e) {
      if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
        return Optional.empty();
      }
      throw failure("read", key, e);
    } catch (UncheckedIOException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      blob(key).deleteIfExists();
    } catch (BlobStorageException | UncheckedIOException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public boolean putIfVersion(String key, byte[] content, ObjectMetadata metadata, String expectedVersion)
      throws IOException {
    return KeyLocks.withLock(container.getBlobContainerUrl() + "|" + config.blobName(key), () -> {
      BlobRequestConditions conditions = expectedVersion == null
          ? new BlobRequestConditions().setIfNoneMatch("*")
          : new BlobRequestConditions().setIfMatch(expectedVersion);
      try {
        blob(key).uploadWithResponse(uploadOptions(content, metadata).setRequestConditions(conditions), null,
            Context.NONE);
        return true;
      } catch (BlobStorageException e) {
        int status = e.getStatusCode();
        if (status == 412 || status == 409 || (status == 404 && expectedVersion != null
            && BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode()))) {
          return false; // changed, created or deleted since it was read
        }
        throw failure("conditional upload", key, e);
      } catch (UncheckedIOException e) {
        throw failure("conditional upload", key, e);
      }
    });
  }

  private BlobParallelUploadOptions uploadOptions(byte[] content, ObjectMetadata metadata) {
    BlobParallelUploadOptions options = new BlobParallelUploadOptions(BinaryData.fromBytes(content))
        .setHeaders(headers(metadata));
    if (config.accessTier() != null) {
      options.setTier(AccessTier.fromString(config.accessTier()));
    }
    return options;
  }

  private BlobClient blob(String key) {
    return container.getBlobClient(config.blobName(key));
  }

  private static BlobHttpHeaders headers(ObjectMetadata metadata) {
    return new BlobHttpHeaders().setContentType(metadata.contentType()).setCacheControl(metadata.cacheControl());
  }

  private IOException failure(String operation, String key, RuntimeException e) {
    String hint = "";
    String detail = e.getMessage();
    if (e instanceof BlobStorageException storage) {
      BlobErrorCode code = storage.getErrorCode();
      detail = "HTTP " + storage.getStatusCode() + (code == null ? "" : " " + code) + ": "
          + firstLine(storage.getServiceMessage());
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
        hint = "; the container '" + config.container() + "' does not exist in account '" + config.account()
            + "': create it (for a static website, enable it so that $web exists) or fix the destination";
      } else if (storage.getStatusCode() == 403 || BlobErrorCode.AUTHENTICATION_FAILED.equals(code)
          || BlobErrorCode.AUTHORIZATION_FAILURE.equals(code)) {
        hint = "; check the credentials (connection string, account key or SAS token with create and write"
            + " permissions) for account '" + config.account() + "'";
      }
    }
    String message = "Azure Blob " + operation + " of " + config.uri(key) + " failed: " + detail + hint;
    return RedactedFailures.io(message, e, redactor);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "(no message)";
    }
    String line = text.strip();
    int end = line.indexOf('\n');
    return end < 0 ? line : line.substring(0, end).strip();
  }

  @Override
  public void close() {
    // the container client holds no resources of its own; the shared HTTP client is the SDK's
  }
}
