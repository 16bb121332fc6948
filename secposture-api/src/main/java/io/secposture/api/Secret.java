package io.secposture.api;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A secret value (a key, a password, a token) that never shows up where text is printed: {@link #toString()}
 * returns {@code ****}, and so does the {@code toString()} of every record that holds one.
 *
 * <p>Code that must hand the value to a scanner or an SDK calls {@link #reveal()}; grep for it to audit where
 * secrets leave the library. Instances are immutable and thread-safe.
 */
public final class Secret {
  /** What every secret prints as. */
  public static final String MASK = "****";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret value.
   *
   * @param value the secret; must not be null or empty
   * @return the secret
   * @throws IllegalArgumentException if the value is empty
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(value);
  }

  /**
   * Returns the secret value. Call this only where the value leaves the library for the party that needs it (a
   * child process environment, a 0600 file, an SDK client).
   *
   * @return the secret value
   */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that
        && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns {@value #MASK}, never the value. */
  @Override
  public String toString() {
    return MASK;
  }
}
