package io.secposture.core.spi;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Locks by name within this JVM, for the conditional writes of remote stores: two publishes in one process that
 * update the same {@code history.json} take turns, whatever the server's conditional writes are worth under
 * concurrency (S3Proxy, for one, checks {@code If-Match} and writes in two steps). Between processes the server's
 * conditional writes remain the guard.
 *
 * <p><b>Who calls it.</b> {@link io.secposture.core.ObjectStore#putIfVersion} of remote stores, with a name that
 * identifies the object across store instances (endpoint and object URI). Thread-safe; arguments are never
 * {@code null}.
 */
public final class KeyLocks {
  private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private KeyLocks() {
  }

  /** Work done under a lock. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Does the work.
     *
     * @return its result
     * @throws IOException if it fails
     */
    T run() throws IOException;
  }

  /**
   * Runs work while holding the lock of a name.
   *
   * @param name what is locked, e.g. {@code s3://bucket/site/reports/history.json@endpoint}
   * @param work the work
   * @param <T> its result type
   * @return its result
   * @throws IOException if the work fails, or the thread is interrupted while waiting
   */
  public static <T> T withLock(String name, Work<T> work) throws IOException {
    ReentrantLock lock = LOCKS.computeIfAbsent(name, key -> new ReentrantLock());
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted waiting to write " + name);
      interrupted.initCause(e);
      throw interrupted;
    }
    try {
      return work.run();
    } finally {
      lock.unlock();
    }
  }
}
