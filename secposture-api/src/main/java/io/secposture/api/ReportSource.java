package io.secposture.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A scanner output file to parse, with a cheap look at its first bytes for sniffing.
 *
 * <p>{@link ReportParser#accepts(ReportSource)} looks at {@link #fileName()} and {@link #head()};
 * {@link ReportParser#parse} streams {@link #open()}. The head is read once, on first use, and cached. Instances
 * are thread-safe.
 *
 * <p>Both read the file through the source's {@link Opener}. Sources made by {@link #of(Path)} and
 * {@link #of(Path, CloudAccount)} open the path as it is, following links: right for a file a user names. The
 * pipeline makes the sources of scanner output with {@link #of(Path, CloudAccount, Opener)} and an opener that
 * refuses links ({@code io.secposture.core.ScanFolder#open}), so a parser that reads through {@link #open()} never
 * reads outside the scan's folder; a parser that opens {@link #path()} itself (for random access) should open it
 * with {@code LinkOption.NOFOLLOW_LINKS}.
 */
public final class ReportSource {
  /** How many bytes {@link #head()} returns at most. */
  public static final int HEAD_SIZE = 64 * 1024;

  private static final Opener FOLLOWING_LINKS = file -> Files.newInputStream(file);

  private final Path path;
  private final CloudAccount account;
  private final Opener opener;
  private volatile byte[] head;

  private ReportSource(Path path, CloudAccount account, Opener opener) {
    this.path = Objects.requireNonNull(path, "path");
    this.account = account;
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /**
   * Opens the file of a source: how a caller decides the way its bytes are read, e.g. without following links.
   * Implementations are thread-safe.
   */
  @FunctionalInterface
  public interface Opener {
    /**
     * Opens a file for reading.
     *
     * @param path the source's path
     * @return a new stream at the start of the file; the caller closes it
     * @throws IOException if the file cannot be opened or is refused
     */
    InputStream open(Path path) throws IOException;
  }

  /**
   * Returns a source for a file.
   *
   * @param path the file
   * @return the source
   */
  public static ReportSource of(Path path) {
    return new ReportSource(path, null, FOLLOWING_LINKS);
  }

  /**
   * Returns a source for a file a scan of a known account wrote; parsers use the account when the file does not
   * name one.
   *
   * @param path the file
   * @param account the account scanned; nullable
   * @return the source
   */
  public static ReportSource of(Path path, CloudAccount account) {
    return new ReportSource(path, account, FOLLOWING_LINKS);
  }

  /**
   * Returns a source whose bytes are read through an opener: the pipeline passes one that refuses symbolic links
   * for files a scanner wrote.
   *
   * @param path the file
   * @param account the account scanned; nullable
   * @param opener opens {@code path} for {@link #head()} and {@link #open()}
   * @return the source
   */
  public static ReportSource of(Path path, CloudAccount account, Opener opener) {
    return new ReportSource(path, account, opener);
  }

  /**
   * Returns the file.
   *
   * @return the path
   */
  public Path path() {
    return path;
  }

  /**
   * Returns the file name without directories, for sniffing by name.
   *
   * @return the file name
   */
  public String fileName() {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  /**
   * Returns the account the scan that wrote this file was for.
   *
   * @return the account, or {@code null} when unknown (for example files given to the aggregate command)
   */
  public CloudAccount account() {
    return account;
  }

  /**
   * Returns up to {@link #HEAD_SIZE} first bytes of the file (a copy).
   *
   * @return the first bytes; empty for an empty file
   * @throws UncheckedIOException if the file cannot be read
   */
  public byte[] head() {
    byte[] bytes = head;
    if (bytes == null) {
      try (InputStream in = opener.open(path)) {
        bytes = in.readNBytes(HEAD_SIZE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
      }
      head = bytes;
    }
    return Arrays.copyOf(bytes, bytes.length);
  }

  /**
   * Returns the first bytes decoded as UTF-8, with a byte-order mark removed; malformed bytes become U+FFFD.
   *
   * @return the head as text
   */
  public String headText() {
    String text = new String(head(), StandardCharsets.UTF_8);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Returns the file size.
   *
   * @return the size in bytes
   * @throws UncheckedIOException if the file cannot be read
   */
  public long size() {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens the file for streaming. The caller closes the stream.
   *
   * @return a new stream positioned at the start
   * @throws IOException if the file cannot be opened
   */
  public InputStream open() throws IOException {
    return opener.open(path);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
