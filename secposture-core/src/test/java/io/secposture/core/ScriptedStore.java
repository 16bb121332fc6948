package io.secposture.core;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real store (usually the local one) with a script on top: it records every operation in order, can fail chosen
 * writes, report a chosen number of conditional-write conflicts, and run a hook before each upload. For tests of
 * what {@link SitePublisher} does when a store misbehaves.
 */
public final class ScriptedStore implements ObjectStore {
  private final ObjectStore delegate;
  private final List<String> operations = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger conflictsLeft = new AtomicInteger();
  private volatile Predicate<String> failing = key -> false;
  private volatile Consumer<String> beforeUpload = key -> { };

  public ScriptedStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  /** Makes every write of a matching key throw. */
  public ScriptedStore failWrites(Predicate<String> keys) {
    this.failing = keys;
    return this;
  }

  /** Makes the next {@code count} conditional writes answer "changed meanwhile". */
  public ScriptedStore conflicts(int count) {
    conflictsLeft.set(count);
    return this;
  }

  /** Runs a hook at the start of every file upload (on the upload thread). */
  public ScriptedStore beforeUpload(Consumer<String> hook) {
    this.beforeUpload = hook;
    return this;
  }

  /** Returns every operation so far, as {@code put:<key>}, {@code putBytes:<key>}, {@code get:<key>}, ... */
  public List<String> operations() {
    synchronized (operations) {
      return List.copyOf(operations);
    }
  }

  /** Returns the most file uploads that ran at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public URI uri(String key) {
    return delegate.uri(key);
  }

  @Override
  public void put(String key, Path file, ObjectMetadata metadata) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      beforeUpload.accept(key);
      operations.add("put:" + key);
      if (failing.test(key)) {
        throw new IOException("injected failure writing " + key);
      }
      delegate.put(key, file, metadata);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public void put(String key, byte[] content, ObjectMetadata metadata) throws IOException {
    operations.add("putBytes:" + key);
    if (failing.test(key)) {
      throw new IOException("injected failure writing " + key);
    }
    delegate.put(key, content, metadata);
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    operations.add("get:" + key);
    return delegate.get(key);
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    operations.add("open:" + key);
    return delegate.open(key);
  }

  @Override
  public boolean putIfVersion(String key, byte[] content, ObjectMetadata metadata, String expectedVersion)
      throws IOException {
    operations.add("putIfVersion:" + key);
    if (failing.test(key)) {
      throw new IOException("injected failure writing " + key);
    }
    if (conflictsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return false;
    }
    return delegate.putIfVersion(key, content, metadata, expectedVersion);
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
