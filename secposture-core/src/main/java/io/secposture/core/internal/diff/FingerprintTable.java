package io.secposture.core.internal.diff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Not public API: a compact hash table of finding fingerprints, each with a severity, a mark and a small integer.
 *
 * <p>A diff holds the flagged fingerprints of one account row at a time, and a large row has hundreds of thousands
 * of them, so this table stores each as 128 bits in two {@code long} arrays (open addressing, linear probing, at most
 * half full) instead of a {@code HashMap<String, ...>}: about 45 bytes per entry instead of about 150. A fingerprint
 * written by {@link io.secposture.api.Finding#fingerprint} is 32 hex characters and maps to its own 128 bits; any
 * other text (an in-house scanner's own ids) maps to the first 128 bits of its SHA-256, where a collision is as
 * unlikely as one of the fingerprints themselves.
 *
 * <p>Slots are addressed by index; {@link #capacity()} bounds them and {@link #used(int)} tells which hold an entry.
 * Entries are never removed. Each entry may also carry two instants (when the finding was first seen and last
 * reopened), interned per table: a row's findings share the few run times they were first flagged at, so an entry
 * costs two {@code int}s more, not two objects. Not thread-safe.
 */
final class FingerprintTable {
  private static final int MIN_CAPACITY = 64;

  private long[] high;
  private long[] low;
  private byte[] severity;
  private boolean[] marked;
  private int[] value;
  private boolean[] used;
  private int[] firstSeen;
  private int[] reopenedAt;
  private int size;
  private final List<Instant> instants = new ArrayList<>();
  private final Map<Instant, Integer> instantIndex = new HashMap<>();

  FingerprintTable() {
    allocate(MIN_CAPACITY);
  }

  /** The 128-bit key of a fingerprint. */
  record Key(long high, long low) {
    private static final HexFormat HEX = HexFormat.of();

    static Key of(String fingerprint) {
      if (fingerprint.length() == 32 && isLowerHex(fingerprint)) {
        return new Key(Long.parseUnsignedLong(fingerprint, 0, 16, 16), Long.parseUnsignedLong(fingerprint, 16, 32, 16));
      }
      byte[] digest = sha256(fingerprint);
      long h = 0;
      long l = 0;
      for (int i = 0; i < 8; i++) {
        h = h << 8 | (digest[i] & 0xff);
        l = l << 8 | (digest[i + 8] & 0xff);
      }
      return new Key(h, l);
    }

    private static boolean isLowerHex(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
          return false;
        }
      }
      return true;
    }

    private static byte[] sha256(String text) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(("text:" + text).getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }

    /** Returns the key as the 32 hex characters a fingerprint of {@code Finding.fingerprint} would have. */
    String hex() {
      return HEX.toHexDigits(high) + HEX.toHexDigits(low);
    }
  }

  private void allocate(int capacity) {
    high = new long[capacity];
    low = new long[capacity];
    severity = new byte[capacity];
    marked = new boolean[capacity];
    value = new int[capacity];
    used = new boolean[capacity];
    firstSeen = new int[capacity];
    reopenedAt = new int[capacity];
  }

  int size() {
    return size;
  }

  int capacity() {
    return used.length;
  }

  boolean used(int slot) {
    return used[slot];
  }

  /**
   * Returns the slot holding a key, or a negative number if it is absent.
   *
   * @param key the key
   * @return the slot, or {@code -1}
   */
  int find(Key key) {
    int mask = used.length - 1;
    for (int slot = spread(key) & mask; used[slot]; slot = (slot + 1) & mask) {
      if (high[slot] == key.high() && low[slot] == key.low()) {
        return slot;
      }
    }
    return -1;
  }

  /**
   * Adds a key if it is absent.
   *
   * @param key the key
   * @param severityOrdinal its severity's ordinal
   * @return the new slot, or {@code -(slot + 1)} of the existing entry when the key was already present
   */
  int add(Key key, int severityOrdinal) {
    if ((size + 1) * 2 > used.length) {
      grow();
    }
    int mask = used.length - 1;
    int slot = spread(key) & mask;
    while (used[slot]) {
      if (high[slot] == key.high() && low[slot] == key.low()) {
        return -(slot + 1);
      }
      slot = (slot + 1) & mask;
    }
    used[slot] = true;
    high[slot] = key.high();
    low[slot] = key.low();
    severity[slot] = (byte) severityOrdinal;
    size++;
    return slot;
  }

  Key key(int slot) {
    return new Key(high[slot], low[slot]);
  }

  int severity(int slot) {
    return severity[slot];
  }

  void setSeverity(int slot, int severityOrdinal) {
    severity[slot] = (byte) severityOrdinal;
  }

  boolean marked(int slot) {
    return marked[slot];
  }

  void mark(int slot) {
    marked[slot] = true;
  }

  int value(int slot) {
    return value[slot];
  }

  void setValue(int slot, int newValue) {
    value[slot] = newValue;
  }

  /** Returns when the entry's finding was first flagged, or {@code null} if not known. */
  Instant firstSeen(int slot) {
    return instant(firstSeen[slot]);
  }

  void setFirstSeen(int slot, Instant at) {
    firstSeen[slot] = intern(at);
  }

  /** Returns when the entry's finding was last flagged again after being resolved, or {@code null}. */
  Instant reopenedAt(int slot) {
    return instant(reopenedAt[slot]);
  }

  void setReopenedAt(int slot, Instant at) {
    reopenedAt[slot] = intern(at);
  }

  private Instant instant(int reference) {
    return reference == 0 ? null : instants.get(reference - 1);
  }

  private int intern(Instant at) {
    if (at == null) {
      return 0;
    }
    Integer reference = instantIndex.get(at);
    if (reference == null) {
      instants.add(at);
      reference = instants.size();
      instantIndex.put(at, reference);
    }
    return reference;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    byte[] oldSeverity = severity;
    boolean[] oldMarked = marked;
    int[] oldValue = value;
    boolean[] oldUsed = used;
    int[] oldFirstSeen = firstSeen;
    int[] oldReopenedAt = reopenedAt;
    allocate(oldUsed.length * 2);
    int mask = used.length - 1;
    for (int i = 0; i < oldUsed.length; i++) {
      if (!oldUsed[i]) {
        continue;
      }
      int slot = spread(oldHigh[i], oldLow[i]) & mask;
      while (used[slot]) {
        slot = (slot + 1) & mask;
      }
      used[slot] = true;
      high[slot] = oldHigh[i];
      low[slot] = oldLow[i];
      severity[slot] = oldSeverity[i];
      marked[slot] = oldMarked[i];
      value[slot] = oldValue[i];
      firstSeen[slot] = oldFirstSeen[i];
      reopenedAt[slot] = oldReopenedAt[i];
    }
  }

  private static int spread(Key key) {
    return spread(key.high(), key.low());
  }

  private static int spread(long high, long low) {
    long mixed = (high ^ Long.rotateLeft(low, 29)) * 0x9E3779B97F4A7C15L;
    return (int) (mixed ^ (mixed >>> 32));
  }

  @Override
  public String toString() {
    return "FingerprintTable[" + size + " of " + used.length + "]";
  }
}
