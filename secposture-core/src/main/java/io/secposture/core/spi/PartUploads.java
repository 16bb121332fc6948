package io.secposture.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Uploads a large file in parts read straight from the file (each attempt of a part re-reads its range, so retries
 * need no buffering), and aborts the upload on any failure or interrupt, so its parts are not kept (and billed).
 *
 * <p><b>Who calls it.</b> An {@link io.secposture.core.ObjectStore} whose SDK exposes part uploads (S3 multipart
 * uploads), from {@code put(key, file, metadata)} after it started the upload; the store supplies the SDK calls as
 * {@link Parts}. Stateless and thread-safe; arguments are never {@code null}.
 */
public final class PartUploads {
  private PartUploads() {
  }

  /**
   * Opens a part's bytes: once per attempt, so the SDK may retry a part.
   */
  @FunctionalInterface
  public interface Content {
    /**
     * Opens a fresh stream over the part's range of the file.
     *
     * @return the stream; the caller closes it
     */
    InputStream open();
  }

  /**
   * The SDK calls of one started upload.
   *
   * @param <P> what a part upload answers and completing the upload needs (e.g. part number and ETag)
   */
  public interface Parts<P> {
    /**
     * Uploads one part.
     *
     * @param number the part number, from 1
     * @param length the part's length in bytes
     * @param content opens the part's bytes
     * @return what completing the upload needs of this part
     */
    P upload(int number, long length, Content content);

    /**
     * Completes the upload.
     *
     * @param parts every part, in order
     */
    void complete(List<P> parts);

    /** Aborts the upload; called with the thread's interrupt flag cleared (SDKs refuse every call while it is set). */
    void abort();

    /**
     * Describes a failed upload.
     *
     * @param cause an SDK failure, or the {@link IOException} of reading the file
     * @return the exception to throw
     */
    IOException failure(Throwable cause);
  }

  /**
   * Uploads every part and completes the upload; on a failure, aborts it.
   *
   * @param file the file
   * @param size its size in bytes
   * @param partSize bytes per part (the last part may be smaller)
   * @param sdkFailure the SDK's failure type, turned into {@link Parts#failure}; other runtime failures are rethrown
   * @param parts the SDK calls
   * @param <P> what a part upload answers
   * @throws IOException from {@link Parts#failure}, after the upload was aborted
   */
  public static <P> void upload(Path file, long size, long partSize, Class<? extends RuntimeException> sdkFailure,
      Parts<P> parts) throws IOException {
    int count = (int) ((size + partSize - 1) / partSize);
    try {
      List<P> done = new ArrayList<>(count);
      for (int number = 1; number <= count; number++) {
        long offset = (number - 1) * partSize;
        long length = Math.min(partSize, size - offset);
        done.add(parts.upload(number, length, () -> openSlice(file, offset, length)));
      }
      parts.complete(done);
    } catch (UncheckedSliceException e) {
      abort(parts);
      throw parts.failure(e.getCause());
    } catch (RuntimeException | Error e) {
      abort(parts);
      if (sdkFailure.isInstance(e)) {
        throw parts.failure(e);
      }
      throw e;
    }
  }

  /**
   * Aborts with the interrupt flag cleared: an interrupted upload fails with the flag set, on which SDKs refuse every
   * call; the flag is set again after.
   */
  private static void abort(Parts<?> parts) {
    boolean interrupted = Thread.interrupted();
    try {
      parts.abort();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static InputStream openSlice(Path file, long offset, long length) {
    try {
      return FileSlice.open(file, offset, length);
    } catch (IOException e) {
      throw new UncheckedSliceException(e);
    }
  }

  /** Carries an I/O failure out of the SDK's content provider. */
  private static final class UncheckedSliceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSliceException(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
