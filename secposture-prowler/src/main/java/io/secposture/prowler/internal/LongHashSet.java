package io.secposture.prowler.internal;

/**
 * Not public API: a set of {@code long}s in one open-addressing array (linear probing, at most half full), used to
 * count distinct resources per service with 16 bytes or less per resource instead of a {@code HashSet<String>}'s
 * hundred-odd bytes. Not thread-safe.
 */
final class LongHashSet {
  private static final long EMPTY = 0L;

  private long[] slots = new long[16];
  private int size;
  private boolean containsEmpty;

  /**
   * Adds a value.
   *
   * @param value the value; already well mixed (see {@link ResourceHash})
   * @return true if it was not in the set
   */
  boolean add(long value) {
    if (value == EMPTY) {
      if (containsEmpty) {
        return false;
      }
      containsEmpty = true;
      size++;
      return true;
    }
    int mask = slots.length - 1;
    int index = (int) (value ^ (value >>> 32)) & mask;
    while (true) {
      long slot = slots[index];
      if (slot == EMPTY) {
        slots[index] = value;
        size++;
        if (size * 2 > slots.length) {
          grow();
        }
        return true;
      }
      if (slot == value) {
        return false;
      }
      index = (index + 1) & mask;
    }
  }

  /**
   * Returns how many distinct values were added.
   *
   * @return the count
   */
  int size() {
    return size;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long value : old) {
      if (value != EMPTY) {
        int index = (int) (value ^ (value >>> 32)) & mask;
        while (slots[index] != EMPTY) {
          index = (index + 1) & mask;
        }
        slots[index] = value;
      }
    }
  }
}
