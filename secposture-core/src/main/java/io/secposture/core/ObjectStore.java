package io.secposture.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The few operations a storage backend offers so that {@link SitePublisher} can publish a site to it: put a file or
 * bytes under a key, read an object back, and write conditionally. Keys are relative to the store's root (the
 * destination URI's bucket and prefix) and already safe ({@link SiteLayout#requireSafeKey(String)}).
 *
 * <p><b>Who implements it.</b> Each storage module (S3, GCS, Azure Blob) and the local filesystem publisher; their
 * {@code ArtifactPublisher} opens a store for the destination and hands it to {@link SitePublisher}. Implementations
 * must be thread-safe: {@link SitePublisher} uploads run files in parallel. They retry throttling and server errors
 * themselves (their SDK's retry policy) and throw {@link IOException} (or an unchecked SDK exception) when an
 * operation finally fails; {@link SitePublisher} turns that into a {@code PublishException} naming the key.
 */
public interface ObjectStore extends AutoCloseable {

  /**
   * Returns the URI of a key, for messages and for the front page's address.
   *
   * @param key a key relative to the root; empty for the root itself
   * @return e.g. {@code s3://bucket/prefix/index.html}
   */
  URI uri(String key);

  /**
   * Stores a local file under a key, replacing any object there. Large files go up in parts or resumable uploads.
   *
   * @param key the key
   * @param file the file
   * @param metadata content type and cache policy
   * @throws IOException if the upload finally fails
   */
  void put(String key, Path file, ObjectMetadata metadata) throws IOException;

  /**
   * Stores bytes under a key, replacing any object there.
   *
   * @param key the key
   * @param content the bytes
   * @param metadata content type and cache policy
   * @throws IOException if the upload finally fails
   */
  void put(String key, byte[] content, ObjectMetadata metadata) throws IOException;

  /**
   * Reads a small object whole, with its version.
   *
   * @param key the key
   * @return the object, or empty if there is none
   * @throws IOException if the store cannot be read
   */
  Optional<StoredObject> get(String key) throws IOException;

  /**
   * Opens an object for streaming; the caller closes the stream.
   *
   * @param key the key
   * @return the content, or empty if there is none
   * @throws IOException if the store cannot be read
   */
  Optional<InputStream> open(String key) throws IOException;

  /**
   * Stores bytes only if the object is still at the expected version: the store's compare-and-swap, used to update
   * {@code history.json} without losing a row when two runs publish close together.
   *
   * @param key the key
   * @param content the bytes
   * @param metadata content type and cache policy
   * @param expectedVersion the version read before; {@code null} to write only if no object exists
   * @return true if written, false if the object changed meanwhile (read again and retry)
   * @throws IOException if the store cannot be written
   */
  boolean putIfVersion(String key, byte[] content, ObjectMetadata metadata, String expectedVersion) throws IOException;

  /**
   * Removes what uploads of earlier publishes left behind when they were stopped before finishing (a killed JVM, a
   * lost machine): a folder's temporary files, an object store's incomplete multipart uploads. Only what this
   * store's own uploads create, under its root, and only what has not been written to for {@code olderThan}, so a
   * publish in progress elsewhere is left alone. The publishers call it before publishing; a failure here never
   * fails a publish. The default removes nothing (stores whose interrupted uploads leave nothing visible or billed).
   *
   * @param olderThan how long since an upload last made progress (or, where the store cannot tell, since it
   *     started) before it counts as abandoned
   * @return what was removed, one line each, for the log
   * @throws IOException if the store cannot be listed
   */
  default List<String> removeAbandonedUploads(Duration olderThan) throws IOException {
    return List.of();
  }

  /**
   * Deletes an object; nothing happens if there is none. {@link SitePublisher#probe} uses it to remove the probe
   * object that proves a destination writable. The default refuses, so stores written before it keep compiling.
   *
   * @param key the key
   * @throws IOException if the store cannot delete it
   * @throws UnsupportedOperationException if the store cannot delete objects
   */
  default void delete(String key) throws IOException {
    throw new UnsupportedOperationException(getClass().getName() + " cannot delete objects");
  }

  /** Releases the store's clients and threads. */
  @Override
  void close() throws IOException;
}
