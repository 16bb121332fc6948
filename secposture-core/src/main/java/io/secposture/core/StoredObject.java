package io.secposture.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A small object read back from a store, with the version token a conditional write compares against.
 *
 * @param content the bytes
 * @param version the store's version of the object (an ETag, a generation); nullable when the store has none
 */
public record StoredObject(byte[] content, String version) {
  /** Copies the content. */
  public StoredObject {
    content = Arrays.copyOf(Objects.requireNonNull(content, "content"), content.length);
  }

  /**
   * Returns a copy of the content.
   *
   * @return the bytes
   */
  @Override
  public byte[] content() {
    return Arrays.copyOf(content, content.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredObject that && Arrays.equals(content, that.content)
        && Objects.equals(version, that.version);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(content) + Objects.hashCode(version);
  }

  @Override
  public String toString() {
    return "StoredObject[" + content.length + " bytes, version=" + version + "]";
  }
}
