package io.secposture.core.internal.publish;

import io.secposture.api.PublishException;
import io.secposture.core.ObjectStore;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API. Uploads a run's files with a bounded number of threads pulling from one list: no queue of
 * thousands of tasks, and after the first failure no new upload starts. It returns only when every thread has
 * finished, so nothing is still uploading when the publish moves on or fails.
 */
public final class ParallelUpload {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final long STOP_WAIT_SECONDS = 30;
  private static final Logger LOG = LoggerFactory.getLogger(ParallelUpload.class);

  private ParallelUpload() {
  }

  /**
   * Files that were not uploaded because they changed since they were checked.
   *
   * @param warnings one per file, naming its key
   * @param files how many
   * @param bytes their planned sizes
   */
  public record Skipped(List<String> warnings, long files, long bytes) {
    /** Copies the list. */
    public Skipped {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Uploads the files.
   *
   * @param site the destination, as printed
   * @param store the store
   * @param files the files, in the order to start them
   * @param concurrency the most uploads at once
   * @param progress what counts and logs them
   * @return the files left out because they were replaced by a link (or moved under one) since they were checked
   * @throws PublishException naming the first key that failed, or the next key if the caller was interrupted
   */
  public static Skipped run(URI site, ObjectStore store, List<PlannedFile> files, int concurrency,
      PublishProgress progress) {
    ConcurrentLinkedQueue<String> skipped = new ConcurrentLinkedQueue<>();
    AtomicLong skippedBytes = new AtomicLong();
    if (files.isEmpty()) {
      return new Skipped(List.of(), 0, 0);
    }
    int threads = Math.min(concurrency, files.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, threadFactory());
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicReference<PublishException> firstFailure = new AtomicReference<>();
    AtomicBoolean cancelled = new AtomicBoolean();
    List<Future<?>> workers = new ArrayList<>(threads);
    try {
      for (int i = 0; i < threads; i++) {
        workers.add(pool.submit(() -> {
          while (firstFailure.get() == null && !cancelled.get() && !Thread.currentThread().isInterrupted()) {
            int index = next.getAndIncrement();
            if (index >= files.size()) {
              return;
            }
            PlannedFile file = files.get(index);
            Optional<String> changed = file.changedSincePlanned();
            if (changed.isPresent()) {
              String warning = "did not publish '" + file.key() + "' (" + file.file() + "): " + changed.get()
                  + "; links are never followed";
              LOG.warn("{}: {}", site, warning);
              skipped.add(warning);
              skippedBytes.addAndGet(file.size());
              continue;
            }
            try {
              store.put(file.key(), file.file(), file.metadata());
              progress.uploaded(file.key(), file.size());
            } catch (IOException | RuntimeException e) {
              failures.incrementAndGet();
              firstFailure.compareAndSet(null, Failures.publishFailed(site, file.key(), "uploading", e,
                  Failures.LATEST_UNTOUCHED));
              return;
            }
          }
        }));
      }
      pool.shutdown();
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (InterruptedException e) {
      cancelled.set(true);
      pool.shutdownNow();
      awaitStopped(pool);
      Thread.currentThread().interrupt();
      int index = Math.min(next.get(), files.size() - 1);
      throw Failures.interrupted(site, files.get(index).key(), e);
    } catch (ExecutionException e) {
      pool.shutdownNow();
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("upload worker failed unexpectedly", e.getCause());
    }
    PublishException failure = firstFailure.get();
    if (failure != null) {
      int others = failures.get() - 1;
      if (others > 0) {
        failure.addSuppressed(new IllegalStateException(others + " other upload" + (others == 1 ? "" : "s")
            + " in flight failed as well"));
      }
      throw failure;
    }
    return new Skipped(new ArrayList<>(skipped), skipped.size(), skippedBytes.get());
  }

  /** Waits (bounded) for interrupted uploads to end, so none is still writing when the publish has failed. */
  private static void awaitStopped(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("uploads interrupted {} s ago are still running; leaving them to the store's timeouts",
            STOP_WAIT_SECONDS);
      }
    } catch (InterruptedException again) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threadFactory() {
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "secposture-publish-" + pool + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
