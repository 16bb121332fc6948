package io.secposture.core.internal.publish;

import io.secposture.core.ObjectMetadata;
import io.secposture.core.ObjectStore;
import io.secposture.core.SiteLayout;
import io.secposture.core.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API. An {@link ObjectStore} over a local directory (or any mounted filesystem).
 *
 * <p>Every write goes to a temporary file in the target's own directory and is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}, so a reader (a web server, a browser) sees either the old file or the new
 * one, never a half-written one. Written files get the directory's default permissions (the process umask), so a
 * web server running as another user can serve them. Byte writes (reports, history, index) are flushed to disk
 * before the rename; copied run files are not, for speed.
 *
 * <p>A temporary file never outlives its upload: it is deleted when the upload fails or is interrupted (copies go
 * through interruptible channels in slices, so an interrupt stops a copy of a large file within a slice), by a
 * shutdown hook if the JVM stops in the middle, and by {@link #removeAbandonedUploads} at the next publish if the
 * JVM was killed.
 *
 * <p>{@link #putIfVersion} holds an exclusive lock on {@code <root>/.secposture.lock} (a {@link FileLock} between
 * processes, plus a lock per lock file within this JVM, where file locks do not exclude threads); the version of an
 * object is the SHA-256 of its content. Locks need a filesystem that honours them: local disks do, some network
 * filesystems do not. Metadata (content type, cache policy) is not stored: a web server derives it from the file
 * extension. Thread-safe.
 */
public final class LocalObjectStore implements ObjectStore {
  /** The lock file {@link #putIfVersion} holds, in the root directory. */
  public static final String LOCK_FILE = ".secposture.lock";

  /** The directory, in the root, of the journals of the directories open stores write temporary files in. */
  public static final String JOURNAL_DIRECTORY = ".secposture-uploads";

  /**
   * How this store names the temporary file of an upload, in the target's directory:
   * {@code .<target name>.<1 to 16 hex digits>.tmp}. {@link #removeAbandonedUploads} deletes only such files.
   */
  public static final Pattern TEMPORARY_NAME = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");

  private static final Logger LOG = LoggerFactory.getLogger(LocalObjectStore.class);
  private static final long COPY_SLICE = 8L << 20;
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  private static final Set<Path> LIVE_JOURNALS = ConcurrentHashMap.newKeySet();
  private static final String JOURNAL_SUFFIX = ".dirs";
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private volatile boolean atomicMoveWarned;
  private Journal journal;

  /**
   * Opens a store over a directory, which is created on the first write.
   *
   * @param root the site root
   */
  public LocalObjectStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /**
   * Returns the root directory.
   *
   * @return the absolute, normalised root
   */
  public Path root() {
    return root;
  }

  /**
   * Returns the file of a key.
   *
   * @param key a safe key
   * @return the file under the root
   * @throws IllegalArgumentException if the key is unsafe or leaves the root
   */
  public Path resolve(String key) {
    SiteLayout.requireSafeKey(key);
    Path path = root.resolve(key).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalArgumentException("key '" + key + "' resolves outside the site root " + root);
    }
    return path;
  }

  @Override
  public URI uri(String key) {
    return key.isEmpty() ? root.toUri() : resolve(key).toUri();
  }

  @Override
  public void put(String key, Path file, ObjectMetadata metadata) throws IOException {
    Path target = resolve(key);
    Path temporary = temporaryFor(target);
    try {
      copy(file, temporary);
      replace(temporary, target);
    } finally {
      discard(temporary);
    }
  }

  /**
   * Copies in slices through file channels, which an interrupt closes: a publish interrupted in the middle of a
   * large file stops within a slice, and the caller deletes the temporary file, instead of copying to the end.
   */
  private static void copy(Path file, Path temporary) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
        FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long size = in.size();
      long position = 0;
      while (position < size) {
        long copied = in.transferTo(position, Math.min(COPY_SLICE, size - position), out);
        if (copied <= 0) {
          break; // the source shrank while being copied
        }
        position += copied;
      }
    }
  }

  @Override
  public void put(String key, byte[] content, ObjectMetadata metadata) throws IOException {
    Path target = resolve(key);
    Path temporary = temporaryFor(target);
    try {
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        out.write(content);
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      replace(temporary, target);
    } finally {
      discard(temporary);
    }
  }

  @Override
  public Optional<StoredObject> get(String key) throws IOException {
    Path path = resolve(key);
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    return Optional.of(new StoredObject(content, sha256(content)));
  }

  @Override
  public Optional<InputStream> open(String key) throws IOException {
    Path path = resolve(key);
    if (Files.isDirectory(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(path));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String key) throws IOException {
    Path path = resolve(key);
    if (!Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(path);
    }
  }

  @Override
  public boolean putIfVersion(String key, byte[] content, ObjectMetadata metadata, String expectedVersion)
      throws IOException {
    resolve(key);
    Files.createDirectories(root);
    Path lockFile = root.resolve(LOCK_FILE);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile, path -> new ReentrantLock());
    try {
      jvmLock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("interrupted waiting for " + lockFile);
      interrupted.initCause(e);
      throw interrupted;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      String currentVersion = get(key).map(StoredObject::version).orElse(null);
      if (!Objects.equals(currentVersion, expectedVersion)) {
        return false;
      }
      put(key, content, metadata);
      return lock.isValid();
    } finally {
      jvmLock.unlock();
    }
  }

  /** Ends the store's journal of upload directories, if an upload left it open. */
  @Override
  public synchronized void close() {
    closeJournal();
  }

  private synchronized void closeJournal() {
    if (journal == null) {
      return;
    }
    Path file = journal.file;
    try {
      journal.channel.close(); // releases the lock
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("{}: cannot remove the upload journal {}: {}", root, file, e.toString());
    } finally {
      LIVE_JOURNALS.remove(file);
      journal = null;
    }
  }

  /**
   * Deletes the temporary files of uploads that an earlier publish started and never finished (the JVM was killed,
   * the machine lost power), so they do not pile up at the destination: regular files named as this store names its
   * temporary files ({@code .<name>.<hex>.tmp}, {@link #TEMPORARY_NAME}) that were last written more than
   * {@code olderThan} ago and are not being written by this JVM. A file another process is still writing is written
   * to continuously, so its modification time stays recent. Links are not followed. Each removal is logged.
   *
   * <p>Where to look is bounded: while a store has uploads under way it keeps a journal of its own under
   * {@value #JOURNAL_DIRECTORY}, locked, naming each directory before its first temporary file there, and deletes it
   * when its last upload has ended; so only the directories of journals that no live store holds (their process
   * died) are searched, not the whole site. A site
   * that has no journal directory yet (published by an older secposture) is searched whole, once.
   *
   * @param olderThan how long since a temporary file was last written before it counts as abandoned
   * @return what was removed, one line each (key, size, when last written)
   * @throws IOException if the root cannot be searched
   */
  @Override
  public List<String> removeAbandonedUploads(Duration olderThan) throws IOException {
    Objects.requireNonNull(olderThan, "olderThan");
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    long started = System.nanoTime();
    Sweep sweep = new Sweep(FileTime.from(Instant.now().minus(olderThan)));
    Path journals = root.resolve(JOURNAL_DIRECTORY);
    String how;
    if (Files.isDirectory(journals, LinkOption.NOFOLLOW_LINKS)) {
      int read = 0;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(journals, "*" + JOURNAL_SUFFIX)) {
        for (Path file : files) {
          read += sweepJournal(file, sweep) ? 1 : 0;
        }
      }
      how = read + " abandoned upload journal(s)";
    } else {
      walkEverything(sweep);
      how = "the whole site (it has no upload journals yet)";
    }
    if (!sweep.removed.isEmpty()) {
      LOG.info("{}: removed {} abandoned temporary file(s), {}, found through {} in {} ms", root,
          sweep.removed.size(), PublishProgress.bytes(sweep.bytes), how, (System.nanoTime() - started) / 1_000_000);
    } else {
      LOG.debug("{}: no abandoned temporary files in {} ({} ms)", root, how,
          (System.nanoTime() - started) / 1_000_000);
    }
    return sweep.removed;
  }

  /**
   * Searches the directories a journal names, if no live store holds it; deletes the journal once nothing it led to
   * is left. Returns whether it was read.
   */
  private boolean sweepJournal(Path file, Sweep sweep) {
    if (LIVE_JOURNALS.contains(file)) {
      return false; // a store of this JVM is publishing (opening its file would drop that store's lock)
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false;
      }
      if (lock == null) {
        return false; // another process is publishing
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) > 0) {
        content.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      boolean clean = true;
      for (String line : content.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          clean &= sweepDirectory(line.equals(".") ? root : root.resolve(line).normalize(), sweep);
        }
      }
      if (clean) {
        Files.deleteIfExists(file);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: cannot read the upload journal {}: {}", root, file, e.toString());
      return false;
    }
  }

  /** Removes the abandoned temporary files of one directory; returns whether none (not even a fresh one) is left. */
  private boolean sweepDirectory(Path directory, Sweep sweep) throws IOException {
    if (!directory.startsWith(root) || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    boolean clean = true;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
        entry -> TEMPORARY_NAME.matcher(entry.getFileName().toString()).matches())) {
      for (Path file : files) {
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
          continue;
        }
        clean &= sweep.consider(file, attributes);
      }
    }
    return clean;
  }

  private void walkEverything(Sweep sweep) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (TEMPORARY_NAME.matcher(file.getFileName().toString()).matches()) {
          sweep.consider(file, attributes);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        LOG.debug("{}: cannot look at {} for abandoned temporary files: {}", root, file, e.toString());
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** What one search for abandoned temporary files removed. */
  private final class Sweep {
    private final FileTime cutoff;
    private final List<String> removed = new ArrayList<>();
    private long bytes;

    Sweep(FileTime cutoff) {
      this.cutoff = cutoff;
    }

    /** Removes a temporary file if it is abandoned; returns whether it is gone. */
    boolean consider(Path file, BasicFileAttributes attributes) {
      if (!attributes.isRegularFile()) {
        return true; // a link or a directory with such a name: not ours
      }
      if (attributes.lastModifiedTime().compareTo(cutoff) >= 0 || IN_FLIGHT.contains(file)) {
        return false; // written recently: an upload may still be running
      }
      try {
        if (Files.deleteIfExists(file)) {
          String line = root.relativize(file).toString().replace('\\', '/') + " ("
              + PublishProgress.bytes(attributes.size()) + ", last written " + attributes.lastModifiedTime() + ")";
          LOG.info("{}: removed the temporary file of an upload an earlier publish did not finish: {}", root, line);
          removed.add(line);
          bytes += attributes.size();
        }
        return true;
      } catch (IOException e) {
        LOG.warn("{}: cannot remove the abandoned temporary file {}: {}", root, file, e.toString());
        return false;
      }
    }
  }

  private Path temporaryFor(Path target) throws IOException {
    Path directory = target.getParent();
    Files.createDirectories(directory);
    record(directory);
    String name = "." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ".tmp";
    Path temporary = directory.resolve(name);
    InFlight.register(temporary);
    return temporary;
  }

  /**
   * Counts an upload as under way and writes its directory to this store's journal (opened with the first upload
   * under way) before the temporary file is made in it.
   */
  private synchronized void record(Path directory) throws IOException {
    if (journal == null) {
      Path journals = Files.createDirectories(root.resolve(JOURNAL_DIRECTORY));
      Path file = journals.resolve(ProcessHandle.current().pid() + "-"
          + Long.toHexString(ThreadLocalRandom.current().nextLong()) + JOURNAL_SUFFIX);
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        channel.lock();
      } catch (IOException | RuntimeException e) {
        channel.close();
        Files.deleteIfExists(file);
        throw e;
      }
      LIVE_JOURNALS.add(file);
      journal = new Journal(file, channel);
    }
    journal.uploads++;
    if (journal.directories.add(directory)) {
      String line = (directory.equals(root) ? "." : root.relativize(directory).toString().replace('\\', '/')) + "\n";
      ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        journal.channel.write(bytes);
      }
    }
  }

  /** This store's journal: the directories it made temporary files in, in a file it holds locked. */
  private static final class Journal {
    private final Path file;
    private final FileChannel channel;
    private final Set<Path> directories = new HashSet<>();
    private int uploads;

    Journal(Path file, FileChannel channel) {
      this.file = file;
      this.channel = channel;
    }
  }

  /**
   * Deletes a temporary file whatever happened, interrupt included, and forgets it; the last upload under way ends
   * the journal.
   */
  private void discard(Path temporary) throws IOException {
    try {
      Files.deleteIfExists(temporary);
    } finally {
      IN_FLIGHT.remove(temporary);
      ended();
    }
  }

  private synchronized void ended() {
    if (journal != null && --journal.uploads == 0) {
      closeJournal();
    }
  }

  /**
   * The temporary files this JVM is writing. A JVM shutdown (SIGTERM, SIGINT, {@code System.exit}) deletes those
   * still there, for uploads that did not stop in time; the next publish's {@link #removeAbandonedUploads} removes
   * what a killed JVM left.
   */
  private static final class InFlight {
    static {
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(InFlight::deleteAll, "secposture-temporary-files"));
      } catch (IllegalStateException shuttingDown) {
        // an upload that starts while the JVM stops is deleted by its own finally, or by the next publish
      }
    }

    private InFlight() {
    }

    static void register(Path temporary) {
      IN_FLIGHT.add(temporary);
    }

    private static void deleteAll() {
      for (Path temporary : IN_FLIGHT) {
        try {
          if (Files.deleteIfExists(temporary)) {
            LOG.warn("removed {}, the temporary file of an upload the JVM's shutdown interrupted", temporary);
          }
        } catch (IOException | RuntimeException e) {
          LOG.warn("cannot remove {} at shutdown: {}", temporary, e.toString());
        }
      }
    }
  }

  private void replace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      if (!atomicMoveWarned) {
        atomicMoveWarned = true;
        LOG.warn("the filesystem of {} cannot rename atomically; readers may briefly see a partly replaced file",
            root);
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "LocalObjectStore[" + root + "]";
  }
}
