package io.secposture.cloud.gcp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Not public API: the job's own Google credentials file, which becomes the {@code source_credentials} of every
 * impersonation file handed to a scanner. Found as Google's libraries find application default credentials: the
 * configured path, else {@code GOOGLE_APPLICATION_CREDENTIALS}, else gcloud's well-known file. Only file-based kinds
 * can be a source ({@code service_account}, {@code authorized_user}, {@code external_account},
 * {@code external_account_authorized_user}): an identity from the metadata server has no file a scanner could read.
 *
 * @param file where it was read
 * @param type its {@code type}
 * @param json its content, a secret (it may hold a private key or a refresh token)
 */
public record SourceCredentials(Path file, String type, Secret json) {
  static final Set<String> TYPES = Set.of("service_account", "authorized_user", "external_account",
      "external_account_authorized_user");
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Finds and reads the job's credentials file.
   *
   * @param configured the configured path; nullable
   * @param environment the process environment
   * @return the source
   * @throws ConfigurationException if there is no file, it cannot be read, or its kind cannot be a source
   */
  public static SourceCredentials find(Path configured, Map<String, String> environment) {
    Path file = configured;
    String origin = "gcp.source-credentials";
    if (file == null && environment.get("GOOGLE_APPLICATION_CREDENTIALS") != null
        && !environment.get("GOOGLE_APPLICATION_CREDENTIALS").isBlank()) {
      file = Path.of(environment.get("GOOGLE_APPLICATION_CREDENTIALS"));
      origin = "GOOGLE_APPLICATION_CREDENTIALS";
    }
    if (file == null) {
      Path wellKnown = wellKnown(environment);
      if (wellKnown != null && Files.isRegularFile(wellKnown)) {
        file = wellKnown;
        origin = "gcloud's application default credentials";
      }
    }
    if (file == null) {
      throw new ConfigurationException("the job has no Google credentials file to impersonate service accounts"
          + " from: set gcp.source-credentials or GOOGLE_APPLICATION_CREDENTIALS to a workload identity federation"
          + " configuration (external_account) or a service-account key, or run gcloud auth application-default"
          + " login; an identity from the metadata server cannot be handed to a scanner in a file");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read the job's Google credentials file " + file + " (" + origin
          + "): " + e.getMessage(), e);
    }
    String type = type(text);
    if (type == null || !TYPES.contains(type)) {
      throw new ConfigurationException("the job's Google credentials file " + file + " (" + origin + ") has type '"
          + type + "'; a source for impersonation must be one of " + new TreeSet<>(TYPES));
    }
    return new SourceCredentials(file, type, Secret.of(text));
  }

  private static Path wellKnown(Map<String, String> environment) {
    String configDirectory = environment.get("CLOUDSDK_CONFIG");
    if (configDirectory != null && !configDirectory.isBlank()) {
      return Path.of(configDirectory, "application_default_credentials.json");
    }
    String appData = environment.get("APPDATA");
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") && appData != null) {
      return Path.of(appData, "gcloud", "application_default_credentials.json");
    }
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    return home == null ? null : Path.of(home, ".config", "gcloud", "application_default_credentials.json");
  }

  /** Reads the top-level {@code type} without keeping the rest of the document in a tree. */
  private static String type(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("type") && value == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Prints where the file is and its type, never its content. */
  @Override
  public String toString() {
    return "SourceCredentials[" + file + ", " + type + "]";
  }
}
