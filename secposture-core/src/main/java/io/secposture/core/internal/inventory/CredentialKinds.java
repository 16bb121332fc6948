package io.secposture.core.internal.inventory;

import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Not public API: the credential kinds an inventory can configure, the settings each one takes (as an environment
 * variable suffix and as a file key), and how they become {@link Credentials} records.
 */
public final class CredentialKinds {

  /** How a setting's text is interpreted. */
  public enum Type {
    /** Plain text. */
    TEXT,
    /** A secret: never printed, never written inline in a file. */
    SECRET,
    /** A file path. */
    PATH,
    /** A duration such as {@code 1h} or {@code PT45M}. */
    DURATION
  }

  /**
   * One setting of a credential kind.
   *
   * @param envSuffix the suffix after {@code SECPOSTURE_ACCOUNT_<NAME>_}
   * @param fileKey the key inside an inventory file's {@code credentials} object
   * @param type how the value is interpreted
   * @param required whether the kind needs it
   */
  public record Param(String envSuffix, String fileKey, Type type, boolean required) {
  }

  /**
   * A setting's value as read from its source, with where it came from.
   *
   * @param text the value when not secret; nullable
   * @param secret the value when secret; nullable
   * @param where the variable or file location, for messages
   */
  public record Value(String text, Secret secret, String where) {
    /**
     * Returns the value as text, revealing a secret (only used to build a record that keeps it secret).
     *
     * @return the text
     */
    String raw() {
      return secret != null ? secret.reveal() : text;
    }
  }

  /** One credential kind: its settings and how to build it. */
  public static final class Kind {
    private final String name;
    private final List<Param> params;
    private final Function<Resolved, Credentials> factory;

    private Kind(String name, List<Param> params, Function<Resolved, Credentials> factory) {
      this.name = name;
      this.params = List.copyOf(params);
      this.factory = factory;
    }

    /**
     * Returns the kind name, e.g. {@code aws-keys}.
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * Returns the settings this kind reads.
     *
     * @return the settings
     */
    public List<Param> params() {
      return params;
    }
  }

  private static final Param AWS_PROFILE = new Param("AWS_PROFILE", "profile", Type.TEXT, true);
  private static final Param AWS_ACCESS_KEY_ID = new Param("AWS_ACCESS_KEY_ID", "access_key_id", Type.SECRET, true);
  private static final Param AWS_SECRET_ACCESS_KEY =
      new Param("AWS_SECRET_ACCESS_KEY", "secret_access_key", Type.SECRET, true);
  private static final Param AWS_SESSION_TOKEN = new Param("AWS_SESSION_TOKEN", "session_token", Type.SECRET, false);
  private static final Param AWS_ROLE_ARN = new Param("AWS_ROLE_ARN", "role_arn", Type.TEXT, true);
  private static final Param AWS_EXTERNAL_ID = new Param("AWS_EXTERNAL_ID", "external_id", Type.SECRET, false);
  private static final Param AWS_SESSION_NAME = new Param("AWS_SESSION_NAME", "session_name", Type.TEXT, false);
  private static final Param AWS_SESSION_DURATION =
      new Param("AWS_SESSION_DURATION", "session_duration", Type.DURATION, false);
  private static final Param AZURE_TENANT_ID = new Param("AZURE_TENANT_ID", "tenant_id", Type.TEXT, true);
  private static final Param AZURE_CLIENT_ID = new Param("AZURE_CLIENT_ID", "client_id", Type.TEXT, true);
  private static final Param AZURE_CLIENT_ID_OPTIONAL = new Param("AZURE_CLIENT_ID", "client_id", Type.TEXT, false);
  private static final Param AZURE_CLIENT_SECRET = new Param("AZURE_CLIENT_SECRET", "client_secret", Type.SECRET, true);
  private static final Param AZURE_FEDERATED_TOKEN_FILE =
      new Param("AZURE_FEDERATED_TOKEN_FILE", "token_file", Type.PATH, true);
  private static final Param GCP_CREDENTIALS_FILE = new Param("GCP_CREDENTIALS_FILE", "file", Type.PATH, false);
  private static final Param GCP_CREDENTIALS_JSON = new Param("GCP_CREDENTIALS_JSON", "json", Type.SECRET, false);
  private static final Param GCP_IMPERSONATE =
      new Param("GCP_IMPERSONATE_SERVICE_ACCOUNT", "service_account", Type.TEXT, true);
  private static final Param KUBECONFIG = new Param("KUBECONFIG", "file", Type.PATH, false);
  private static final Param KUBE_CONTEXT = new Param("KUBE_CONTEXT", "context", Type.TEXT, false);

  private static final Map<String, Kind> KINDS;

  static {
    Map<String, Kind> kinds = new LinkedHashMap<>();
    add(kinds, Credentials.Ambient.KIND, List.of(), r -> Credentials.ambient());
    add(kinds, Credentials.AwsProfile.KIND, List.of(AWS_PROFILE), r -> new Credentials.AwsProfile(r.text(AWS_PROFILE)));
    add(kinds, Credentials.AwsKeys.KIND, List.of(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN),
        r -> new Credentials.AwsKeys(r.secret(AWS_ACCESS_KEY_ID), r.secret(AWS_SECRET_ACCESS_KEY),
            r.secret(AWS_SESSION_TOKEN)));
    add(kinds, Credentials.AwsRole.KIND, List.of(AWS_ROLE_ARN, AWS_EXTERNAL_ID, AWS_SESSION_NAME, AWS_SESSION_DURATION),
        r -> new Credentials.AwsRole(r.text(AWS_ROLE_ARN), r.secret(AWS_EXTERNAL_ID), r.text(AWS_SESSION_NAME),
            r.duration(AWS_SESSION_DURATION)));
    add(kinds, Credentials.AzureCli.KIND, List.of(), r -> new Credentials.AzureCli());
    add(kinds, Credentials.AzureManagedIdentity.KIND, List.of(AZURE_CLIENT_ID_OPTIONAL),
        r -> new Credentials.AzureManagedIdentity(r.text(AZURE_CLIENT_ID_OPTIONAL)));
    add(kinds, Credentials.AzureServicePrincipal.KIND, List.of(AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET),
        r -> new Credentials.AzureServicePrincipal(r.text(AZURE_TENANT_ID), r.text(AZURE_CLIENT_ID),
            r.secret(AZURE_CLIENT_SECRET)));
    add(kinds, Credentials.AzureFederated.KIND, List.of(AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE),
        r -> new Credentials.AzureFederated(r.text(AZURE_TENANT_ID), r.text(AZURE_CLIENT_ID),
            r.path(AZURE_FEDERATED_TOKEN_FILE)));
    add(kinds, Credentials.GcpCredentialsFile.KIND, List.of(GCP_CREDENTIALS_FILE, GCP_CREDENTIALS_JSON),
        r -> new Credentials.GcpCredentialsFile(r.path(GCP_CREDENTIALS_FILE), r.secret(GCP_CREDENTIALS_JSON)));
    add(kinds, Credentials.GcpImpersonation.KIND, List.of(GCP_IMPERSONATE),
        r -> new Credentials.GcpImpersonation(r.text(GCP_IMPERSONATE)));
    add(kinds, Credentials.Kubeconfig.KIND, List.of(KUBECONFIG, KUBE_CONTEXT),
        r -> new Credentials.Kubeconfig(r.path(KUBECONFIG), r.text(KUBE_CONTEXT)));
    KINDS = Collections.unmodifiableMap(kinds);
  }

  private CredentialKinds() {
  }

  private static void add(Map<String, Kind> kinds, String name, List<Param> params,
      Function<Resolved, Credentials> factory) {
    kinds.put(name, new Kind(name, params, factory));
  }

  /**
   * Returns the kind with the given name.
   *
   * @param name the kind name
   * @return the kind, or {@code null} if there is none
   */
  public static Kind find(String name) {
    return KINDS.get(name);
  }

  /**
   * Returns every kind name, in documentation order.
   *
   * @return the names
   */
  public static List<String> names() {
    return List.copyOf(KINDS.keySet());
  }

  /**
   * Returns every environment variable suffix any kind reads.
   *
   * @return the suffixes
   */
  public static Set<String> envSuffixes() {
    Set<String> suffixes = new LinkedHashSet<>();
    KINDS.values().forEach(kind -> kind.params.forEach(param -> suffixes.add(param.envSuffix())));
    return suffixes;
  }

  /**
   * Returns the kinds that read a given environment variable suffix.
   *
   * @param envSuffix the suffix, e.g. {@code AWS_ACCESS_KEY_ID}
   * @return the kind names, sorted
   */
  public static Set<String> kindsReading(String envSuffix) {
    Set<String> names = new TreeSet<>();
    KINDS.values().forEach(kind -> kind.params.forEach(param -> {
      if (param.envSuffix().equals(envSuffix)) {
        names.add(kind.name);
      }
    }));
    return names;
  }

  /**
   * Builds credentials of a kind from the values found, adding a problem for each required setting that is
   * missing, each value that does not parse and each rule the record refuses.
   *
   * @param kind the kind
   * @param values the values found, by setting
   * @param nameOf how a setting is called in the source (a variable name, a file key), for messages
   * @param where where the credentials are configured, for messages about the whole
   * @param problems receives the problems
   * @return the credentials, or {@code null} if there was a problem
   */
  public static Credentials build(Kind kind, Map<Param, Value> values, Function<Param, String> nameOf, String where,
      List<String> problems) {
    return build(kind, values, Set.of(), nameOf, where, problems);
  }

  /**
   * Builds credentials like {@link #build(Kind, Map, Function, String, List)}, knowing that some settings were
   * given but could not be resolved (their problem is already reported, so they are not reported missing).
   *
   * @param kind the kind
   * @param values the values found, by setting
   * @param unresolved settings that were given but whose value could not be read
   * @param nameOf how a setting is called in the source, for messages
   * @param where where the credentials are configured, for messages about the whole
   * @param problems receives the problems
   * @return the credentials, or {@code null} if there was a problem
   */
  public static Credentials build(Kind kind, Map<Param, Value> values, Set<Param> unresolved,
      Function<Param, String> nameOf, String where, List<String> problems) {
    int before = problems.size();
    boolean incomplete = !unresolved.isEmpty();
    for (Param param : kind.params) {
      if (param.required() && !values.containsKey(param) && !unresolved.contains(param)) {
        problems.add(nameOf.apply(param) + " is not set; credentials kind " + kind.name + " needs it");
        incomplete = true;
      }
    }
    if (kind.name.equals(Credentials.GcpCredentialsFile.KIND) && unresolved.isEmpty()
        && values.containsKey(GCP_CREDENTIALS_FILE) == values.containsKey(GCP_CREDENTIALS_JSON)) {
      problems.add(where + ": credentials kind " + kind.name + " needs exactly one of "
          + nameOf.apply(GCP_CREDENTIALS_FILE) + " (a path) and " + nameOf.apply(GCP_CREDENTIALS_JSON)
          + " (the file's content)" + (values.containsKey(GCP_CREDENTIALS_FILE) ? ", not both" : ""));
      incomplete = true;
    }
    Resolved resolved = new Resolved(values, problems);
    for (Param param : kind.params) {
      resolved.convert(param);
    }
    if (incomplete) {
      return null;
    }
    // the record's own rules run even when an optional value did not convert, so every problem shows at once
    Credentials credentials;
    try {
      credentials = kind.factory.apply(resolved);
    } catch (IllegalArgumentException | NullPointerException e) {
      problems.add(where + ": " + e.getMessage());
      return null;
    }
    return problems.size() > before ? null : credentials;
  }

  /** The converted values of one kind's settings. */
  private static final class Resolved {
    private final Map<Param, Value> values;
    private final List<String> problems;
    private final Map<Param, Object> converted = new LinkedHashMap<>();

    Resolved(Map<Param, Value> values, List<String> problems) {
      this.values = values;
      this.problems = problems;
    }

    void convert(Param param) {
      Value value = values.get(param);
      if (value == null) {
        return;
      }
      switch (param.type()) {
        case SECRET:
          converted.put(param, value.secret() != null ? value.secret() : Secret.of(value.raw()));
          break;
        case PATH:
          try {
            converted.put(param, Path.of(value.raw()));
          } catch (InvalidPathException e) {
            problems.add(value.where() + " is not a valid file path: " + e.getReason());
          }
          break;
        case DURATION:
          Duration duration = Settings.parseDuration(value.raw());
          if (duration == null) {
            problems.add(value.where() + " is '" + value.raw()
                + "'; expected a duration such as 1h, 45m or PT45M");
          } else {
            converted.put(param, duration);
          }
          break;
        default:
          converted.put(param, value.raw());
          break;
      }
    }

    String text(Param param) {
      return (String) converted.get(param);
    }

    Secret secret(Param param) {
      return (Secret) converted.get(param);
    }

    Path path(Param param) {
      return (Path) converted.get(param);
    }

    Duration duration(Param param) {
      return (Duration) converted.get(param);
    }
  }

  /**
   * Returns the setting names of a kind as they appear in one source, for messages.
   *
   * @param kind the kind
   * @param nameOf how a setting is called in that source
   * @return the names
   */
  public static List<String> describe(Kind kind, Function<Param, String> nameOf) {
    List<String> names = new ArrayList<>();
    kind.params.forEach(param -> names.add(nameOf.apply(param)));
    return names;
  }
}
