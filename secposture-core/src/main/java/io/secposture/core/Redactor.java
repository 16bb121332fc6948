package io.secposture.core;

import io.secposture.api.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces secret values in text with {@value Secret#MASK}: used on every line a scanner writes before it reaches
 * a log file, a log tail, an exception or a published file.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not redacted (they would mask ordinary words; such
 * short secrets are not real credentials). Longer values are replaced longest first, so a secret that contains
 * another is masked whole. Instances are immutable and thread-safe.
 */
public final class Redactor {
  /** Secrets shorter than this are ignored. */
  public static final int MIN_LENGTH = 4;

  private static final Redactor NONE = new Redactor(List.of());

  private final List<String> values;

  private Redactor(List<String> values) {
    this.values = values;
  }

  /**
   * Returns a redactor for the given secrets.
   *
   * @param secrets the secrets to mask
   * @return the redactor
   */
  public static Redactor of(Collection<Secret> secrets) {
    List<String> values = new ArrayList<>();
    for (Secret secret : secrets) {
      String value = secret.reveal();
      if (value.length() >= MIN_LENGTH && !values.contains(value)) {
        values.add(value);
      }
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
    return values.isEmpty() ? NONE : new Redactor(List.copyOf(values));
  }

  /**
   * Returns a redactor that changes nothing.
   *
   * @return the redactor
   */
  public static Redactor none() {
    return NONE;
  }

  /**
   * Returns the text with every secret value replaced by {@value Secret#MASK}.
   *
   * @param text the text; nullable
   * @return the redacted text, or {@code null} if the text was null
   */
  public String redact(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    String result = text;
    for (String value : values) {
      if (result.contains(value)) {
        result = result.replace(value, Secret.MASK);
      }
    }
    return result;
  }

  /**
   * Tells whether this redactor masks anything.
   *
   * @return true if it holds at least one secret
   */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** Prints how many secrets it masks, never the secrets. */
  @Override
  public String toString() {
    return "Redactor[" + values.size() + " secrets]";
  }
}
