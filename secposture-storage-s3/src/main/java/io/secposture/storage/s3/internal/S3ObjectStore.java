package io.secposture.storage.s3.internal;

import io.secposture.core.ObjectMetadata;
import io.secposture.core.ObjectStore;
import io.secposture.core.StoredObject;
import io.secposture.core.spi.AbandonedUploads;
import io.secposture.core.spi.EmulatedConditionalWrites;
import io.secposture.core.spi.KeyLocks;
import io.secposture.core.spi.PartUploads;
import io.secposture.storage.s3.S3ArtifactPublisher;
import io.secposture.storage.s3.S3PublisherConfig;
import io.secposture.storage.s3.S3PublisherConfig.ConditionalWrites;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Not public API. An {@link ObjectStore} over an S3 bucket and prefix (AWS SDK v2, synchronous client). Files below
 * the multipart threshold go up in one {@code PutObject}; larger ones in parts read straight from the file (each
 * attempt re-reads its range, so retries need no buffering), with CRC32 checksums, aborted on any failure or
 * interrupt; {@link #removeAbandonedUploads} aborts the ones a killed JVM left. Versions are
 * ETags; {@link #putIfVersion} sends {@code If-Match} / {@code If-None-Match: *} (see
 * {@link S3PublisherConfig.ConditionalWrites}). Thread-safe: the S3 client is.
 */
public final class S3ObjectStore implements ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  private final S3Client client;
  private final boolean ownsClient;
  private final S3PublisherConfig config;
  private volatile boolean emulateConditionalWrites;

  /**
   * Opens a store.
   *
   * @param client the client
   * @param ownsClient whether {@link #close()} closes the client
   * @param config the configuration
   */
  public S3ObjectStore(S3Client client, boolean ownsClient, S3PublisherConfig config) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.config = Objects.requireNonNull(config, "config");
    this.emulateConditionalWrites = config.conditionalWrites() == ConditionalWrites.EMULATED;
    if (emulateConditionalWrites) {
      EmulatedConditionalWrites.warn(config.siteUri(), "s3.conditional-writes=emulated");
    }
  }

  @Override
  public URI uri(String key) {
    return config.uri(key);
  }

  @Override
  public void put(String key, Path file, ObjectMetadata metadata) throws IOException {
    long size = Files.size(file);
    if (size >= config.multipartThreshold()) {
      putInParts(key, file, size, metadata);
      return;
    }
    try {
      client.putObject(putRequest(key, metadata).build(), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw failure("upload", key, e);
    }
  }

  @Override
  public void put(String key, byte[] content, ObjectMetadata metadata) throws IOException {
    try {
      client.putObject(putRequest(key, metadata).build(), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw failure("upload", key, e);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(getRequest(key));
      return Optional.of(new StoredObject(bytes.asByteArray(), bytes.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> stream = client.getObject(getRequest(key));
      return Optional.of(stream);
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      client.deleteObject(delete -> delete.bucket(config.bucket()).key(config.objectKey(key)));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public boolean putIfVersion(String key, byte[] content, ObjectMetadata metadata, String expectedVersion)
      throws IOException {
    String lock = (config.endpoint() == null ? "aws" : config.endpoint().toString()) + "|" + config.uri(key);
    return KeyLocks.withLock(lock, () -> conditionalPut(key, content, metadata, expectedVersion));
  }

  private boolean conditionalPut(String key, byte[] content, ObjectMetadata metadata, String expectedVersion)
      throws IOException {
    if (!emulateConditionalWrites) {
      PutObjectRequest.Builder request = putRequest(key, metadata);
      if (expectedVersion == null) {
        request.ifNoneMatch("*");
      } else {
        request.ifMatch(expectedVersion);
      }
      try {
        client.putObject(request.build(), RequestBody.fromBytes(content));
        return true;
      } catch (S3Exception e) {
        int status = e.statusCode();
        if (status == 412 || status == 409 || (status == 404 && expectedVersion != null
            && e instanceof NoSuchKeyException)) {
          return false; // changed, being changed, or deleted since it was read
        }
        if (status == 501 && config.conditionalWrites() == ConditionalWrites.AUTO) {
          emulateConditionalWrites = true;
          EmulatedConditionalWrites.warn(config.siteUri(),
              "the store answered 501 Not Implemented to a conditional write ("
              + Objects.requireNonNullElse(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage(),
              e.getMessage()) + ")");
        } else {
          throw failure("conditional upload", key, e);
        }
      } catch (SdkException e) {
        throw failure("conditional upload", key, e);
      }
    }
    return EmulatedConditionalWrites.put(this, key, content, expectedVersion, () -> {
      try {
        return client.putObject(putRequest(key, metadata).build(), RequestBody.fromBytes(content)).eTag();
      } catch (SdkException e) {
        throw failure("upload", key, e);
      }
    });
  }

  private void putInParts(String key, Path file, long size, ObjectMetadata metadata) throws IOException {
    PutObjectRequest put = putRequest(key, metadata).build();
    String objectKey = put.key();
    String uploadId;
    try {
      uploadId = client.createMultipartUpload(create -> create.bucket(put.bucket()).key(objectKey)
          .contentType(put.contentType()).cacheControl(put.cacheControl())
          .serverSideEncryption(put.serverSideEncryptionAsString()).ssekmsKeyId(put.ssekmsKeyId())
          .storageClass(put.storageClassAsString()).checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
    } catch (SdkException e) {
      throw failure("multipart upload start", key, e);
    }
    LOG.debug("{}: uploading {} ({} bytes) in {} parts", config.siteUri(), key, size,
        (size + config.partSize() - 1) / config.partSize());
    PartUploads.upload(file, size, config.partSize(), SdkException.class, new PartUploads.Parts<CompletedPart>() {
      @Override
      public CompletedPart upload(int number, long length, PartUploads.Content content) {
        UploadPartResponse response = client.uploadPart(part -> part.bucket(config.bucket()).key(objectKey)
                .uploadId(uploadId).partNumber(number).contentLength(length)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32),
            RequestBody.fromContentProvider(content::open, length, "application/octet-stream"));
        return CompletedPart.builder().partNumber(number).eTag(response.eTag())
            .checksumCRC32(response.checksumCRC32()).build();
      }

      @Override
      public void complete(List<CompletedPart> parts) {
        client.completeMultipartUpload(complete -> complete.bucket(config.bucket()).key(objectKey).uploadId(uploadId)
            .multipartUpload(upload -> upload.parts(parts)));
      }

      /** So its parts are not kept (and billed); a failure to abort is logged, with how the leftover goes away. */
      @Override
      public void abort() {
        try {
          client.abortMultipartUpload(abort -> abort.bucket(config.bucket()).key(objectKey).uploadId(uploadId));
          LOG.debug("{}: aborted the multipart upload of {}", config.siteUri(), objectKey);
        } catch (SdkException e) {
          LOG.warn("{}: could not abort the failed multipart upload of {} ({}); the next publish removes it once it"
              + " is {} old, or a lifecycle rule that aborts incomplete multipart uploads does", config.siteUri(),
              objectKey, e.getMessage(), S3ArtifactPublisher.ABANDONED_AFTER.toHours() + " hours");
        }
      }

      @Override
      public IOException failure(Throwable cause) {
        return S3ObjectStore.this.failure("multipart upload", key, cause);
      }
    });
  }

  /**
   * Aborts the incomplete multipart uploads of the site's own keys ({@code runs/}, {@code reports/},
   * {@code index.html} under its prefix) that were started more than {@code olderThan} ago: what a publish killed in
   * the middle of a large file left (S3 keeps, and bills, the parts of an upload until it is completed or aborted).
   * S3 tells when an upload started, not when it last made progress, so {@code olderThan} must exceed the longest
   * upload. Without permission to list or abort them ({@code s3:ListBucketMultipartUploads},
   * {@code s3:AbortMultipartUpload}) it logs how to clean up instead and removes nothing.
   */
  @Override
  public List<String> removeAbandonedUploads(Duration olderThan) throws IOException {
    Instant cutoff = Instant.now().minus(olderThan);
    String prefix = config.objectKey("");
    List<String> removed = new ArrayList<>();
    try {
      for (MultipartUpload upload : client.listMultipartUploadsPaginator(list -> list.bucket(config.bucket())
          .prefix(prefix.isEmpty() ? null : prefix + "/")).uploads()) {
        String siteKey = prefix.isEmpty() ? upload.key() : upload.key().substring(prefix.length() + 1);
        if (upload.initiated() == null || !upload.initiated().isBefore(cutoff)
            || !AbandonedUploads.isSiteKey(siteKey)) {
          continue;
        }
        try {
          client.abortMultipartUpload(abort -> abort.bucket(config.bucket()).key(upload.key())
              .uploadId(upload.uploadId()));
        } catch (NoSuchUploadException gone) {
          continue; // completed or aborted meanwhile
        }
        String line = upload.key() + " (multipart upload started " + upload.initiated() + ")";
        LOG.info("{}: aborted an incomplete multipart upload an earlier publish left: {}", config.siteUri(), line);
        removed.add(line);
      }
    } catch (S3Exception e) {
      if (e.statusCode() == 403 || e.statusCode() == 501) {
        LOG.info("{}: cannot look for incomplete multipart uploads that earlier publishes left ({}); grant"
            + " s3:ListBucketMultipartUploads and s3:AbortMultipartUpload on the bucket, or add a lifecycle rule that"
            + " aborts incomplete multipart uploads", config.siteUri(), e.statusCode());
        return removed;
      }
      throw listingFailed(e);
    } catch (SdkException e) {
      throw listingFailed(e);
    }
    return removed;
  }

  private PutObjectRequest.Builder putRequest(String key, ObjectMetadata metadata) {
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(config.bucket()).key(config.objectKey(key))
        .contentType(metadata.contentType()).cacheControl(metadata.cacheControl());
    if (config.encryption() != S3PublisherConfig.Encryption.NONE) {
      request.serverSideEncryption(config.encryption().header());
      if (config.kmsKeyId() != null) {
        request.ssekmsKeyId(config.kmsKeyId());
      }
    }
    if (config.storageClass() != null) {
      request.storageClass(config.storageClass());
    }
    return request;
  }

  private GetObjectRequest getRequest(String key) {
    return GetObjectRequest.builder().bucket(config.bucket()).key(config.objectKey(key)).build();
  }

  private IOException listingFailed(Throwable e) {
    return new IOException("S3 listing of the incomplete multipart uploads under " + config.siteUri() + " failed: "
        + e.getMessage(), e);
  }

  private IOException failure(String operation, String key, Throwable e) {
    String hint = "";
    if (e instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      if ("NoSuchBucket".equals(code)) {
        hint = "; the bucket '" + config.bucket() + "' does not exist: create it or fix the destination";
      } else if (s3.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
          || "ExpiredToken".equals(code)) {
        hint = "; check the credentials (s3.access-key-id/s3.secret-access-key, s3.profile or the default chain)"
            + " and that they may write to s3://" + config.bucket() + "/" + config.prefix();
      } else if (s3.statusCode() == 301 || "PermanentRedirect".equals(code)) {
        hint = "; the bucket is in another region: set s3.region";
      }
    }
    return new IOException("S3 " + operation + " of " + config.uri(key) + " failed: " + e.getMessage() + hint, e);
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
