package io.secposture.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Not public API. Records where a secret showed up while a plugin ran: the place (a logger, a stream, at most three
 * times each) and the text around it, the secret masked. Thread-safe: loggers and streams report from any thread.
 */
public final class SecretWatch {
  private static final int MAX_LEAKS = 20;
  private static final int PER_PLACE = 3;
  private static final int BEFORE = 100;
  private static final int AFTER = 60;

  private final String secret;
  private final List<String> leaks = new ArrayList<>();
  private final List<String> places = new ArrayList<>();

  /**
   * Watches for a secret.
   *
   * @param secret the secret's value; at least 8 characters, so ordinary text does not match by chance
   */
  public SecretWatch(String secret) {
    this.secret = Objects.requireNonNull(secret, "secret");
    if (secret.length() < 8) {
      throw new IllegalArgumentException("a watched secret needs at least 8 characters");
    }
  }

  /**
   * Returns the secret's value, for the watchers that search bytes.
   *
   * @return the secret
   */
  String secret() {
    return secret;
  }

  /**
   * Checks text that reached a place (a logger, a stream) and records the place if the secret is in it.
   *
   * @param place where the text went, e.g. {@code SLF4J logger com.acme.Scanner at INFO}
   * @param text the text; null is ignored
   */
  public void check(String place, CharSequence text) {
    if (text == null) {
      return;
    }
    String value = text.toString();
    int at = value.indexOf(secret);
    if (at >= 0) {
      found(place, value, at);
    }
  }

  /**
   * Records that the secret reached a place, with the text around it.
   *
   * @param place where
   * @param text the text that holds the secret
   * @param at where in the text the secret starts
   */
  synchronized void found(String place, String text, int at) {
    if (leaks.size() >= MAX_LEAKS || places.stream().filter(place::equals).count() >= PER_PLACE) {
      return;
    }
    places.add(place);
    int from = Math.max(0, at - BEFORE);
    int to = Math.min(text.length(), at + secret.length() + AFTER);
    String context = text.substring(from, to).replace(secret, "<THE SECRET>").replaceAll("[\\r\\n]+", " ");
    leaks.add(place + ": \"" + (from > 0 ? "..." : "") + context + (to < text.length() ? "..." : "") + "\"");
  }

  /**
   * Returns the places the secret reached, each with its context (the secret masked).
   *
   * @return the leaks, in the order found; empty if none
   */
  public synchronized List<String> leaks() {
    return List.copyOf(leaks);
  }
}
