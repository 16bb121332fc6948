package io.secposture.core;

import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces secret values in text with {@value Secret#MASK}: used on every line a scanner writes before it reaches
 * a log file, a log tail, an exception or a published file.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not redacted (they would mask ordinary words; such
 * short secrets are not real credentials). Longer values are replaced longest first, so a secret that contains
 * another is masked whole. A secret that spans several lines (a private key, a credentials JSON) is also masked
 * line by line, because logs are redacted one line at a time: every line of it with at least
 * {@value #MIN_LINE_LENGTH} non-blank characters is treated as a secret of its own. Instances are immutable and
 * thread-safe.
 */
public final class Redactor {
  /** Secrets shorter than this are ignored. */
  public static final int MIN_LENGTH = 4;
  /** Lines of a multi-line secret shorter than this (trimmed) are not masked on their own. */
  public static final int MIN_LINE_LENGTH = 12;

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
      add(values, value, MIN_LENGTH);
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        for (String line : value.split("\\R")) {
          add(values, line.strip(), MIN_LINE_LENGTH);
        }
      }
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
    return values.isEmpty() ? NONE : new Redactor(List.copyOf(values));
  }

  private static void add(List<String> values, String value, int minLength) {
    if (value.length() >= minLength && !values.contains(value)) {
      values.add(value);
    }
  }

  /**
   * Returns a redactor for every secret held by some credentials: keys, client secrets, external ids, credential
   * JSON, the values of an {@link Credentials.Environment} and of a {@link Credentials.Custom} kind's secrets.
   *
   * @param credentials the credentials; several may be given (an account's own and short-lived ones derived from
   *     them)
   * @return the redactor
   */
  public static Redactor of(Credentials... credentials) {
    List<Secret> secrets = new ArrayList<>();
    for (Credentials each : credentials) {
      secrets.addAll(secretsOf(Objects.requireNonNull(each, "credentials")));
    }
    return of(secrets);
  }

  /**
   * Returns the secrets some credentials hold.
   *
   * @param credentials the credentials
   * @return the secrets, possibly none
   */
  public static List<Secret> secretsOf(Credentials credentials) {
    List<Secret> secrets = new ArrayList<>();
    if (credentials instanceof Credentials.AwsKeys keys) {
      secrets.add(keys.accessKeyId());
      secrets.add(keys.secretAccessKey());
      addIfPresent(secrets, keys.sessionToken());
    } else if (credentials instanceof Credentials.AwsRole role) {
      addIfPresent(secrets, role.externalId());
    } else if (credentials instanceof Credentials.AzureServicePrincipal principal) {
      secrets.add(principal.clientSecret());
    } else if (credentials instanceof Credentials.GcpCredentialsFile file) {
      addIfPresent(secrets, file.json());
    } else if (credentials instanceof Credentials.Environment environment) {
      secrets.addAll(environment.variables().values());
    } else if (credentials instanceof Credentials.Custom custom) {
      secrets.addAll(custom.secrets().values());
    }
    return secrets;
  }

  private static void addIfPresent(List<Secret> secrets, Secret secret) {
    if (secret != null) {
      secrets.add(secret);
    }
  }

  /**
   * Returns a redactor that masks this one's secrets and another's.
   *
   * @param other the other redactor
   * @return the combined redactor
   */
  public Redactor and(Redactor other) {
    if (other.values.isEmpty()) {
      return this;
    }
    if (values.isEmpty()) {
      return other;
    }
    List<String> combined = new ArrayList<>(values);
    for (String value : other.values) {
      if (!combined.contains(value)) {
        combined.add(value);
      }
    }
    combined.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(combined));
  }

  /**
   * Returns every element of a list redacted.
   *
   * @param lines the lines
   * @return the redacted lines
   */
  public List<String> redact(List<String> lines) {
    if (values.isEmpty()) {
      return List.copyOf(lines);
    }
    List<String> redacted = new ArrayList<>(lines.size());
    for (String line : lines) {
      redacted.add(redact(line));
    }
    return List.copyOf(redacted);
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
   * The length of the longest secret value masked, 0 if none. A reader that redacts a long line in pieces keeps this
   * many characters less one from each piece for the next, so a secret is never split between two pieces.
   */
  int longestSecret() {
    return values.isEmpty() ? 0 : values.get(0).length();
  }

  /**
   * Returns where to cut text into a piece to redact now and a rest to keep: at most {@code preferred} and never
   * inside an occurrence of a secret, so neither piece holds part of one. Gives {@code floor} if overlapping
   * occurrences reach back that far (a secret repeated hundreds of times without a break; both pieces are still
   * redacted).
   */
  int cutOutsideSecrets(CharSequence text, int preferred, int floor) {
    String content = text.toString();
    int cut = preferred;
    boolean moved = true;
    while (moved && cut > floor) {
      moved = false;
      for (String value : values) {
        int start = content.indexOf(value, Math.max(0, cut - value.length() + 1));
        if (start >= 0 && start < cut) {
          cut = start;
          moved = true;
        }
      }
    }
    return Math.max(cut, floor);
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
