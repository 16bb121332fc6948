package io.secposture.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A folder a scanner wrote, read as untrusted input: its regular files are listed and opened without ever following
 * a symbolic link, so that nothing outside the folder is read or published, whatever links the scanner left.
 *
 * <p><b>Who calls it.</b> The pipeline, for every scan's output directory (the artifacts a scanner returns are
 * checked with {@link #refusal(Path)}, results files are opened with {@link #open(Path)}, and links found by
 * {@link #list()} become warnings on the scan's row); the {@code aggregate} path, for every folder it is given;
 * and scanner plugins ({@code secposture-scoutsuite}, {@code secposture-prowler}, in-house ones) when they list the
 * files of their output directory. Use it wherever a folder written by another program is read.
 *
 * <p><b>What it promises.</b>
 * <ul>
 *   <li>{@link #list()} walks the folder's real path without following links. A symbolic link (to a file or a
 *       folder, inside or outside, or dangling) is never listed nor descended into: it is reported as
 *       {@link Skipped}, with a warning naming it. Named pipes, sockets and devices are skipped the same way (reading
 *       a pipe would block). So every listed file is a regular file inside the folder's real path.</li>
 *   <li>{@link #refusal(Path)} checks one path component by component from the folder's real path with
 *       {@code NOFOLLOW_LINKS}: a file that is a link, or lies under a link, or outside the folder, is refused with
 *       the reason.</li>
 *   <li>{@link #open(Path)} makes the same check at the moment it opens the file: on systems with
 *       {@link SecureDirectoryStream} (Linux, macOS) it opens each folder relative to the previous one and the file
 *       itself with {@code O_NOFOLLOW}, so a file or folder swapped for a link between listing and reading is
 *       refused rather than followed.</li>
 * </ul>
 * Hard links are not detected: a hard link is an ordinary name of a file on the same file system that the
 * scanner's own user could already open and copy into its output, so it reaches nothing a scanner could not write
 * itself; a symbolic link, in contrast, is resolved by whoever reads it (a scanner in a container writes
 * {@code /etc/shadow} meaning its own, the job would read the host's). Publishers open staged files by path;
 * {@link SitePublisher} refuses a staged file that is a link and one whose real path changed since it was planned.
 *
 * <p>Paths are returned under {@link #path()} (the folder as given, made absolute and normalised), even though the
 * walk runs on the real path, so names relative to the folder stay what the scanner wrote. Instances are immutable
 * and thread-safe; every method reads the file system anew. Parameters and return values are never {@code null}.
 */
public final class ScanFolder {
  /** How many skipped entries {@link Listing#warnings()} names before summarising the rest. */
  public static final int MAX_NAMED = 20;
  private static final int MAX_NAME_LENGTH = 200;
  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path path;
  private final Path realPath;
  private final Object rootKey;

  private ScanFolder(Path path, Path realPath, Object rootKey) {
    this.path = path;
    this.realPath = realPath;
    this.rootKey = rootKey;
  }

  /**
   * Returns the folder at a path. The path itself may pass through links (a work directory under a linked
   * {@code /tmp}, a folder a user named): they are resolved once, here; nothing below the folder is followed.
   *
   * <p>The folder's identity (its real path and file key) is fixed here: a folder replaced afterwards, for example
   * by a link to somewhere else, is refused as a whole by every method. So take it before handing the folder to a
   * scanner, as the pipeline does.
   *
   * @param folder an existing folder
   * @return the folder
   * @throws UncheckedIOException if it does not exist, is not a folder or cannot be resolved
   */
  public static ScanFolder of(Path folder) {
    Path absolute = folder.toAbsolutePath().normalize();
    Path real;
    BasicFileAttributes attrs;
    try {
      real = absolute.toRealPath();
      attrs = Files.readAttributes(real, BasicFileAttributes.class, NO_FOLLOW);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the folder " + absolute + ": " + e.getMessage(), e);
    }
    if (!attrs.isDirectory()) {
      throw new UncheckedIOException(new FileSystemException(absolute.toString(), null, "not a folder"));
    }
    return new ScanFolder(absolute, real, attrs.fileKey());
  }

  /** Fails if the folder is no longer the one this instance was made for (replaced by a link or another folder). */
  private void requireSameFolder() throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(realPath, BasicFileAttributes.class, NO_FOLLOW);
    } catch (NoSuchFileException e) {
      throw new FileSystemException(path.toString(), null, "the folder no longer exists");
    }
    if (!attrs.isDirectory() || !sameKey(attrs.fileKey())) {
      throw new FileSystemException(path.toString(), null, replacedReason());
    }
  }

  private boolean sameKey(Object key) {
    return rootKey == null || rootKey.equals(key);
  }

  private static String replacedReason() {
    return "the folder was replaced (by a symbolic link or another folder) after it was opened; nothing in it is"
        + " read";
  }

  /**
   * Returns the folder as given, absolute and normalised.
   *
   * @return the path listed files are under
   */
  public Path path() {
    return path;
  }

  /**
   * Returns the folder's real path, with every link above it resolved.
   *
   * @return the real path
   */
  public Path realPath() {
    return realPath;
  }

  /**
   * Lists every regular file below the folder, without following links.
   *
   * @return the files, sorted by their name relative to the folder, and what was skipped
   */
  public Listing list() {
    return walk(false, Integer.MAX_VALUE);
  }

  /**
   * Lists the regular files below the folder like {@link #list()}, leaving out hidden entries (a file or folder
   * whose name starts with {@code .}, and everything below such a folder), which are neither listed nor reported.
   *
   * @return the visible files, sorted by their name relative to the folder, and what was skipped
   */
  public Listing listVisible() {
    return walk(true, Integer.MAX_VALUE);
  }

  /**
   * Lists the visible regular files like {@link #listVisible()}, down to a depth: 1 lists the folder's own files.
   *
   * @param maxDepth how many levels of folders to descend, at least 1
   * @return the visible files to that depth, sorted by their name relative to the folder, and what was skipped
   * @throws IllegalArgumentException if {@code maxDepth} is less than 1
   */
  public Listing listVisible(int maxDepth) {
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
    }
    return walk(true, maxDepth);
  }

  private Listing walk(boolean skipHidden, int maxDepth) {
    List<Path> files = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    try {
      requireSameFolder();
      Files.walkFileTree(realPath, Set.of(), maxDepth, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return !dir.equals(realPath) && skipHidden && hidden(dir) ? FileVisitResult.SKIP_SUBTREE
              : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (skipHidden && hidden(file)) {
            return FileVisitResult.CONTINUE;
          }
          Path shown = shown(file);
          if (attrs.isSymbolicLink()) {
            skipped.add(new Skipped(shown, name(shown), linkReason(file)));
          } else if (attrs.isRegularFile()) {
            files.add(shown);
          } else if (!attrs.isDirectory()) {
            skipped.add(new Skipped(shown, name(shown), "not a regular file (a named pipe, socket or device)"));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          if (!(skipHidden && hidden(file))) {
            Path shown = shown(file);
            skipped.add(new Skipped(shown, name(shown), "cannot be read (" + describe(exc) + ")"));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
          if (exc != null) {
            Path shown = shown(dir);
            skipped.add(new Skipped(shown, name(shown), "a folder that could not be listed to the end ("
                + describe(exc) + ")"));
          }
          return FileVisitResult.CONTINUE;
        }
      });
      requireSameFolder();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the folder " + path + ": " + e.getMessage(), e);
    }
    return new Listing(sortedByName(files), skipped.stream().sorted(Comparator.comparing(Skipped::name)).toList());
  }

  /** Sorts paths by their name relative to the folder, computing each name once. */
  private List<Path> sortedByName(List<Path> files) {
    String[] names = new String[files.size()];
    Integer[] order = new Integer[files.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = path.relativize(files.get(i)).toString().replace('\\', '/');
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparing(i -> names[i]));
    List<Path> sorted = new ArrayList<>(names.length);
    for (Integer i : order) {
      sorted.add(files.get(i));
    }
    return sorted;
  }

  private static boolean hidden(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private Path shown(Path real) {
    return path.resolve(realPath.relativize(real).toString());
  }

  private String linkReason(Path link) {
    Path target;
    try {
      target = link.toRealPath();
    } catch (IOException e) {
      return "a symbolic link to nothing that exists (links in scanner output are never followed)";
    }
    if (target.startsWith(realPath)) {
      return "a symbolic link within the folder (links in scanner output are never followed; its target, if a"
          + " regular file, is read as itself)";
    }
    return "a symbolic link to a path outside the folder (links in scanner output are never followed, so its"
        + " target was neither read nor published)";
  }

  /**
   * Tells why a file must not be read or published, or nothing if it is a regular file inside the folder reached
   * without a link. The file is taken as {@code file.toAbsolutePath().normalize()}: read that form, not one with
   * {@code ..} in it. A path under {@link #realPath()} is accepted as well as one under {@link #path()}.
   *
   * @param file the file to check
   * @return the reason, e.g. {@code is a symbolic link}; empty if the file may be read
   */
  public Optional<String> refusal(Path file) {
    Path relative = relativeOf(file);
    if (relative == null) {
      return Optional.of("is outside the folder " + path);
    }
    try {
      requireSameFolder();
    } catch (IOException e) {
      return Optional.of("cannot be read: " + describe(e));
    }
    Path current = realPath;
    int count = relative.getNameCount();
    for (int i = 0; i < count; i++) {
      current = current.resolve(relative.getName(i).toString());
      boolean last = i == count - 1;
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(current, BasicFileAttributes.class, NO_FOLLOW);
      } catch (NoSuchFileException e) {
        return Optional.of("does not exist");
      } catch (IOException e) {
        return Optional.of("cannot be read (" + describe(e) + ")");
      }
      if (attrs.isSymbolicLink()) {
        return Optional.of(last ? "is a symbolic link (links in scanner output are never followed)"
            : "is under '" + name(path.resolve(relative.subpath(0, i + 1).toString()))
                + "', a symbolic link (links in scanner output are never followed)");
      }
      if (!last && !attrs.isDirectory()) {
        return Optional.of("does not exist");
      }
      if (last && !attrs.isRegularFile()) {
        return Optional.of(attrs.isDirectory() ? "is a folder, not a file"
            : "is not a regular file (a named pipe, socket or device)");
      }
    }
    return Optional.empty();
  }

  /**
   * Opens a regular file of the folder for reading, refusing, at the moment of opening, a file that is a link, lies
   * under a link, is not a regular file or is outside the folder. The caller closes the stream.
   *
   * @param file the file, under {@link #path()} or {@link #realPath()}
   * @return a stream at the start of the file
   * @throws FileSystemException naming the file and the reason when it is refused
   * @throws IOException if it cannot be opened
   */
  public InputStream open(Path file) throws IOException {
    Path relative = relativeOf(file);
    if (relative == null) {
      throw new FileSystemException(file.toString(), null, "outside the folder " + path + "; not read");
    }
    DirectoryStream<Path> top = Files.newDirectoryStream(realPath);
    if (!(top instanceof SecureDirectoryStream<Path> secure)) {
      top.close();
      return openChecked(file, relative);
    }
    SecureDirectoryStream<Path> directory = secure;
    try {
      // the open folder itself must be the one this instance was made for, not a link put in its place
      Object key = directory.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
      if (!sameKey(key) || Files.isSymbolicLink(realPath)) {
        throw new FileSystemException(file.toString(), null, replacedReason());
      }
      int count = relative.getNameCount();
      for (int i = 0; i < count - 1; i++) {
        SecureDirectoryStream<Path> next;
        try {
          next = directory.newDirectoryStream(relative.getName(i), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          throw refused(file, relative.subpath(0, i + 1), e);
        }
        directory.close();
        directory = next;
      }
      Path name = relative.getName(count - 1);
      BasicFileAttributes attrs;
      try {
        attrs = directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(file.toString());
      }
      if (attrs.isSymbolicLink()) {
        throw new FileSystemException(file.toString(), null,
            "a symbolic link; links in scanner output are never followed, so it was not read");
      }
      if (!attrs.isRegularFile()) {
        throw new FileSystemException(file.toString(), null, "not a regular file; not read");
      }
      SeekableByteChannel channel = directory.newByteChannel(name,
          Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      return Channels.newInputStream(channel);
    } finally {
      directory.close();
    }
  }

  /** Why opening a folder on the way failed: a link (ELOOP/ENOTDIR), or missing. */
  private IOException refused(Path file, Path folder, IOException cause) {
    if (cause instanceof NoSuchFileException) {
      return new NoSuchFileException(file.toString());
    }
    Path at = realPath.resolve(folder.toString());
    if (Files.isSymbolicLink(at)) {
      return new FileSystemException(file.toString(), null, "under '" + name(path.resolve(folder.toString()))
          + "', a symbolic link; links in scanner output are never followed, so it was not read");
    }
    return cause;
  }

  /** The fallback without {@link SecureDirectoryStream}: check, open without following the last link, check again. */
  private InputStream openChecked(Path file, Path relative) throws IOException {
    requireSameFolder();
    Path real = realPath.resolve(relative.toString());
    Optional<String> before = refusal(real);
    if (before.isPresent()) {
      throw new FileSystemException(file.toString(), null, before.get() + "; not read");
    }
    InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS);
    Optional<String> after = refusal(real);
    if (after.isPresent()) {
      in.close();
      throw new FileSystemException(file.toString(), null, after.get() + "; not read");
    }
    return in;
  }

  /**
   * Returns a file's name relative to the folder, with {@code /} separators, e.g. {@code compliance/x.csv}.
   *
   * @param file a file under {@link #path()} or {@link #realPath()}
   * @return the relative name
   * @throws IllegalArgumentException if the file is not below the folder
   */
  public String relativeName(Path file) {
    Path relative = relativeOf(file);
    if (relative == null) {
      throw new IllegalArgumentException(file + " is not below the folder " + path);
    }
    return relative.toString().replace('\\', '/');
  }

  private Path relativeOf(Path file) {
    Path absolute = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
    Path base = absolute.startsWith(path) ? path : absolute.startsWith(realPath) ? realPath : null;
    if (base == null || absolute.equals(base)) {
      return null;
    }
    return base.relativize(absolute);
  }

  private String name(Path file) {
    Path relative = relativeOf(file);
    String text = relative == null ? file.toString() : relative.toString().replace('\\', '/');
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_NAME_LENGTH + 3));
    text.codePoints().limit(MAX_NAME_LENGTH).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    if (text.codePointCount(0, text.length()) > MAX_NAME_LENGTH) {
      out.append("...");
    }
    return out.toString();
  }

  private static String describe(IOException e) {
    String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
    return reason == null ? e.getClass().getSimpleName() : reason;
  }

  @Override
  public String toString() {
    return "ScanFolder[" + path + "]";
  }

  /**
   * What {@link #list()} found.
   *
   * @param files the regular files, under {@link ScanFolder#path()}, sorted by relative name
   * @param skipped the links, special files and unreadable entries left out, sorted by relative name
   */
  public record Listing(List<Path> files, List<Skipped> skipped) {
    /** Copies the lists. */
    public Listing {
      files = List.copyOf(files);
      skipped = List.copyOf(skipped);
    }

    /**
     * Returns one warning per skipped entry, at most {@value ScanFolder#MAX_NAMED} of them and then one line
     * counting the rest (a scanner may leave thousands of links).
     *
     * @return the warnings, empty when nothing was skipped
     */
    public List<String> warnings() {
      List<String> warnings = new ArrayList<>();
      for (int i = 0; i < skipped.size() && i < MAX_NAMED; i++) {
        warnings.add(skipped.get(i).warning());
      }
      if (skipped.size() > MAX_NAMED) {
        warnings.add((skipped.size() - MAX_NAMED) + " more links or special files were skipped the same way;"
            + " the first " + MAX_NAMED + " are named above");
      }
      return warnings;
    }
  }

  /**
   * An entry {@link #list()} left out.
   *
   * @param path where it is, under {@link ScanFolder#path()}
   * @param name its name relative to the folder, printable and shortened, for messages
   * @param reason what it is, e.g. {@code a symbolic link to a path outside the folder (...)}
   */
  public record Skipped(Path path, String name, String reason) {
    /** Validates the components. */
    public Skipped {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the warning naming it: {@code skipped 'logs/extra.log': a symbolic link to a path outside the folder
     * (...)}.
     *
     * @return the warning
     */
    public String warning() {
      return "skipped '" + name + "': " + reason;
    }
  }
}
