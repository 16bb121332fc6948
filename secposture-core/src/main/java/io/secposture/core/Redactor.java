package io.secposture.core;

import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.core.internal.SecretParts;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Replaces secret values in text with {@value Secret#MASK}: used on every line a scanner writes before it reaches
 * a log file, a log tail, an exception or a published file.
 *
 * <p>Every secret is masked whole and by its parts, because a scanner may print a part rather than the whole: each
 * line of a multi-line secret with at least {@value #MIN_LINE_LENGTH} non-blank characters (logs are redacted one
 * line at a time), the body of a PEM private key by line and joined into one line, the JSON-escaped and URL-encoded
 * forms, and the secret-bearing fields of a structured secret: a Google credentials JSON's {@code private_key},
 * {@code private_key_id}, {@code client_secret} and {@code refresh_token} (also nested, as in an impersonation
 * file's source), a connection string's {@code AccountKey} and {@code SharedAccessSignature}, a SAS or pre-signed
 * URL's {@code sig} and {@code X-Amz-Security-Token}, a URL's password. Whoever registers a secret gets all of this;
 * {@link #secretsOf(Credentials)} also reads the secrets a credential kind keeps in a file (a Google credentials
 * file, a kubeconfig's tokens and keys, an AWS profile's keys, a federated token).
 *
 * <p>Secret values shorter than {@value #MIN_LENGTH} characters, and derived parts shorter than 8, are not masked
 * (they would mask ordinary words; such short values are not real credentials). Longer values are replaced longest
 * first, so a secret that contains another is masked whole. Instances are immutable and thread-safe.
 */
public final class Redactor {
  /** Secrets shorter than this are ignored. */
  public static final int MIN_LENGTH = 4;
  /** Lines of a multi-line secret shorter than this (trimmed) are not masked on their own. */
  public static final int MIN_LINE_LENGTH = SecretParts.MIN_LINE_LENGTH;

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
    Set<String> seen = new HashSet<>();
    for (Secret secret : secrets) {
      String value = secret.reveal();
      if (!seen.add(value)) {
        continue;
      }
      add(values, value, MIN_LENGTH);
      for (String part : SecretParts.of(value)) {
        add(values, part, 1);
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
   * Returns the secrets some credentials hold, including those a credential kind keeps in a file the scanner reads:
   * the content of a Google credentials file, the tokens, keys and passwords of a kubeconfig (the given file, else
   * the first of {@code KUBECONFIG}, else {@code ~/.kube/config}), the keys of an AWS profile in the shared
   * credentials and config files ({@code AWS_SHARED_CREDENTIALS_FILE}, {@code AWS_CONFIG_FILE} or their defaults
   * under {@code ~/.aws}), an Azure federated token. Files that are missing, unreadable or over 1 MiB are skipped.
   *
   * @param credentials the credentials
   * @return the secrets, possibly none
   */
  public static List<Secret> secretsOf(Credentials credentials) {
    return secretsOf(credentials, System::getenv, System.getProperty("user.home"));
  }

  /** {@link #secretsOf(Credentials)} with the environment and home directory given, for tests. */
  static List<Secret> secretsOf(Credentials credentials, Function<String, String> environment, String home) {
    List<Secret> secrets = new ArrayList<>();
    if (credentials instanceof Credentials.AwsKeys keys) {
      secrets.add(keys.accessKeyId());
      secrets.add(keys.secretAccessKey());
      addIfPresent(secrets, keys.sessionToken());
    } else if (credentials instanceof Credentials.AwsRole role) {
      addIfPresent(secrets, role.externalId());
    } else if (credentials instanceof Credentials.AwsProfile profile) {
      Set<String> sections = Set.of(profile.profile(), "profile " + profile.profile());
      for (Path file : new Path[] {awsFile("AWS_SHARED_CREDENTIALS_FILE", "credentials", environment, home),
          awsFile("AWS_CONFIG_FILE", "config", environment, home)}) {
        String text = SecretParts.readSmallFile(file);
        if (text != null) {
          SecretParts.valuesInIniSections(text, sections).forEach(value -> secrets.add(Secret.of(value)));
        }
      }
    } else if (credentials instanceof Credentials.AzureServicePrincipal principal) {
      secrets.add(principal.clientSecret());
    } else if (credentials instanceof Credentials.AzureFederated federated) {
      addFile(secrets, federated.tokenFile());
    } else if (credentials instanceof Credentials.GcpCredentialsFile file) {
      addIfPresent(secrets, file.json());
      if (file.json() == null) {
        addFile(secrets, file.file());
      }
    } else if (credentials instanceof Credentials.Kubeconfig kubeconfig) {
      String text = SecretParts.readSmallFile(kubeconfig.file() != null ? kubeconfig.file()
          : defaultKubeconfig(environment, home));
      if (text != null) {
        SecretParts.valuesInDocument(text).forEach(value -> secrets.add(Secret.of(value)));
      }
    } else if (credentials instanceof Credentials.Environment variables) {
      secrets.addAll(variables.variables().values());
    } else if (credentials instanceof Credentials.Custom custom) {
      secrets.addAll(custom.secrets().values());
    }
    return secrets;
  }

  private static void addFile(List<Secret> secrets, Path file) {
    String text = SecretParts.readSmallFile(file);
    if (text != null) {
      secrets.add(Secret.of(text.strip()));
    }
  }

  private static Path awsFile(String variable, String name, Function<String, String> environment, String home) {
    String configured = environment.apply(variable);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return home == null ? null : Path.of(home, ".aws", name);
  }

  private static Path defaultKubeconfig(Function<String, String> environment, String home) {
    String configured = environment.apply("KUBECONFIG");
    if (configured != null && !configured.isBlank()) {
      String first = configured.split(File.pathSeparator)[0];
      return first.isBlank() ? null : Path.of(first);
    }
    return home == null ? null : Path.of(home, ".kube", "config");
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
