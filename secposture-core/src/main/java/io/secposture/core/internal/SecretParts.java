package io.secposture.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: the parts of a secret value that must be masked on their own, because a scanner may print a part
 * rather than the whole. {@link io.secposture.core.Redactor} calls it for every secret it is given, so whoever
 * registers a secret (a scanner's environment, a credential lease, a publisher's key) gets all of its parts masked;
 * nobody derives parts per scanner. Stateless and thread-safe.
 *
 * <p>A value yields: its lines (a multi-line value is logged line by line), the body of every PEM block as lines and
 * as one joined line, its JSON-escaped forms ({@code \n}, {@code \"}, {@code \/}) and its URL-encoded form, and,
 * recursively, the values of its secret-bearing fields when it is a JSON or YAML document (a Google credentials file's
 * {@code private_key}, {@code private_key_id}, {@code client_secret}, {@code refresh_token}, an impersonation file's
 * nested source, a kubeconfig's tokens and keys), a connection string ({@code AccountKey=...;
 * SharedAccessSignature=...}), a query string or URL ({@code sig=...}, {@code X-Amz-Security-Token=...},
 * {@code user:password@}) or an {@code Authorization} value.
 */
public final class SecretParts {
  /** A derived field value shorter than this is not masked on its own (it would mask ordinary words). */
  public static final int MIN_PART_LENGTH = 8;
  /** A line of a multi-line value shorter than this (trimmed) is not masked on its own. */
  public static final int MIN_LINE_LENGTH = 12;
  /** Values longer than this are masked whole and by line but not parsed for fields. */
  private static final int MAX_PARSED = 1 << 20;
  /** Files longer than this are not read for secrets. */
  private static final long MAX_FILE = 1 << 20;
  private static final int MAX_DEPTH = 5;

  private static final ObjectMapper JSON = new ObjectMapper(new JsonFactory());
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  /** What the name of a connection string's or query string's pair looks like (not a piece of key material). */
  private static final Pattern PAIR_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.%-]{0,63}");
  private static final Pattern USER_INFO = Pattern.compile("://[^/@:\\s]*:([^/@\\s]+)@");
  private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)^(bearer|basic|token|sharedaccesssignature)\\s+(.+)$");
  /** Words that make a field's value secret, matched in its lower-case name without separators. */
  private static final List<String> SECRET_WORDS = List.of("secret", "privatekey", "token", "password", "passwd",
      "apikey", "accesskey", "accountkey", "sharedaccess", "signature", "connectionstring", "assertion", "keydata",
      "authorization", "credentialsjson", "sastoken");
  /** Endings of names that hold no secret although they mention one (token_uri, subject_token_type, ...). */
  private static final List<String> NOT_SECRET_ENDINGS = List.of("uri", "url", "type", "name", "file", "path",
      "format", "expiry", "expires", "expiresat", "expireson", "expiration", "endpoint", "algorithm", "version");
  private static final Set<String> SECRET_NAMES = Set.of("sig", "key", "pwd", "pass", "code");

  private SecretParts() {
  }

  /**
   * Returns the parts of a secret value to mask besides the value itself, each long enough to be worth masking.
   *
   * @param value the secret value
   * @return the parts, without the value itself; possibly empty
   */
  public static Set<String> of(String value) {
    Set<String> parts = new LinkedHashSet<>();
    derive(value, 0, parts);
    parts.remove(value);
    return parts;
  }

  private static void derive(String value, int depth, Set<String> parts) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      for (String line : value.split("\\R")) {
        add(parts, line.strip(), MIN_LINE_LENGTH);
      }
    }
    escapedForms(value, parts);
    pemBodies(value, parts);
    if (depth >= MAX_DEPTH || value.length() > MAX_PARSED) {
      return;
    }
    String trimmed = value.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        fields(JSON.readTree(trimmed), null, found -> addDerived(parts, found, depth));
        return;
      } catch (IOException | RuntimeException e) {
        // not JSON after all: the other shapes below may still apply
      }
    }
    Matcher scheme = AUTH_SCHEME.matcher(trimmed);
    if (scheme.matches()) {
      addDerived(parts, scheme.group(2), depth);
    }
    Matcher userInfo = USER_INFO.matcher(value);
    while (userInfo.find()) {
      addDerived(parts, userInfo.group(1), depth);
      addDerived(parts, decode(userInfo.group(1)), depth);
    }
    if (value.indexOf('=') > 0) {
      pairs(value, ';', depth, parts);
      int query = value.indexOf('?');
      String queryString = query >= 0 ? value.substring(query + 1) : value;
      int fragment = queryString.indexOf('#');
      pairs(fragment >= 0 ? queryString.substring(0, fragment) : queryString, '&', depth, parts);
    }
  }

  /** Adds a field value found inside a secret, and its own parts. */
  private static void addDerived(Set<String> parts, String value, int depth) {
    if (value == null || value.strip().length() < MIN_PART_LENGTH) {
      return;
    }
    if (parts.add(value)) {
      derive(value, depth + 1, parts);
    }
    String stripped = value.strip();
    if (!stripped.equals(value) && parts.add(stripped)) {
      derive(stripped, depth + 1, parts);
    }
  }

  /** {@code name=value} pairs separated by {@code separator}: connection strings and query strings. */
  private static void pairs(String text, char separator, int depth, Set<String> parts) {
    for (String pair : text.split(Pattern.quote(String.valueOf(separator)))) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String name = pair.substring(0, equals).strip();
      if (PAIR_NAME.matcher(name).matches() && isSecretName(separator == '&' ? decode(name) : name)) {
        String raw = pair.substring(equals + 1);
        addDerived(parts, raw, depth);
        if (separator == '&') {
          addDerived(parts, decode(raw), depth);
        }
      }
    }
  }

  /** Hands every secret-bearing text of a document to {@code found}: by field name, and every HTTP header. */
  private static void fields(JsonNode node, String name, Consumer<String> found) {
    if (node.isObject()) {
      boolean headers = name != null && normalise(name).equals("headers");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (headers && field.getValue().isTextual()) {
          found.accept(field.getValue().asText());
        } else {
          fields(field.getValue(), field.getKey(), found);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        fields(element, name, found);
      }
    } else if (node.isTextual() && name != null && isSecretName(name)) {
      found.accept(node.asText());
    }
  }

  /**
   * Tells whether a field, variable or parameter of this name holds a secret: its lower-case name without
   * separators contains a word such as {@code secret}, {@code token}, {@code password}, {@code privatekey} or
   * {@code signature}, or ends with {@code key}, unless it ends with a word that names something else ({@code uri},
   * {@code type}, {@code file}, ...): {@code token_uri} and {@code subject_token_type} hold no secret.
   *
   * @param name the name
   * @return true if its value is secret
   */
  public static boolean isSecretName(String name) {
    String normalised = normalise(name);
    if (normalised.isEmpty()) {
      return false;
    }
    if (SECRET_NAMES.contains(normalised)) {
      return true;
    }
    for (String ending : NOT_SECRET_ENDINGS) {
      if (normalised.endsWith(ending)) {
        return false;
      }
    }
    for (String word : SECRET_WORDS) {
      if (normalised.contains(word)) {
        return true;
      }
    }
    return normalised.endsWith("key");
  }

  private static String normalise(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(Character.toLowerCase(c));
      }
    }
    return out.toString();
  }

  private static void escapedForms(String value, Set<String> parts) {
    int min = Math.min(MIN_PART_LENGTH, value.length());
    String json = new String(JsonStringEncoder.getInstance().quoteAsString(value));
    if (!json.equals(value)) {
      add(parts, json, min);
    }
    if (json.indexOf('/') >= 0) {
      add(parts, json.replace("/", "\\/"), min);
    }
    String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
    if (!url.equals(value)) {
      add(parts, url, min);
      add(parts, url.replace("+", "%20"), min);
    }
  }

  /** The body of every PEM block: each line, and all lines joined (a key printed without its line breaks). */
  private static void pemBodies(String value, Set<String> parts) {
    if (!value.contains("-----BEGIN ")) {
      return;
    }
    Matcher block = PEM.matcher(value.replace("\\n", "\n").replace("\\r", "\r"));
    while (block.find()) {
      StringBuilder joined = new StringBuilder();
      for (String line : block.group(2).split("\\R")) {
        String body = line.strip();
        if (body.contains(":")) {
          continue; // an encapsulated header (Proc-Type, DEK-Info), not key material
        }
        add(parts, body, MIN_LINE_LENGTH);
        joined.append(body);
      }
      add(parts, joined.toString(), MIN_PART_LENGTH);
    }
  }

  private static void add(Set<String> parts, String part, int minLength) {
    if (part.length() >= minLength && !part.isBlank()) {
      parts.add(part);
    }
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /**
   * Returns the secret values in a YAML or JSON document (a kubeconfig: {@code token}, {@code client-key-data},
   * {@code password}, an auth provider's {@code id-token} and {@code refresh-token}...), by field name.
   *
   * @param text the document
   * @return the values, possibly none (also when the text is not YAML)
   */
  public static List<String> valuesInDocument(String text) {
    Set<String> values = new LinkedHashSet<>();
    if (text.length() <= MAX_PARSED) {
      try {
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll()) {
          fields(document, null, value -> {
            if (value.strip().length() >= MIN_PART_LENGTH) {
              values.add(value.strip());
            }
          });
        }
      } catch (IOException | RuntimeException e) {
        // not YAML: nothing to find
      }
    }
    return new ArrayList<>(values);
  }

  /**
   * Returns the secret values of one section of an INI file, such as a profile of the AWS shared credentials or
   * config file ({@code aws_secret_access_key}, {@code aws_session_token}, {@code aws_access_key_id}).
   *
   * @param text the file's content
   * @param sections the section names to read, e.g. {@code prod} and {@code profile prod}
   * @return the values, possibly none
   */
  public static List<String> valuesInIniSections(String text, Set<String> sections) {
    List<String> values = new ArrayList<>();
    boolean inSection = false;
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (line.startsWith("[") && line.endsWith("]")) {
        inSection = sections.contains(line.substring(1, line.length() - 1).strip());
        continue;
      }
      int equals = line.indexOf('=');
      if (inSection && equals > 0) {
        String name = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(equals + 1).strip();
        if ((isSecretName(name) || name.equals("aws_access_key_id")) && value.length() >= MIN_PART_LENGTH) {
          values.add(value);
        }
      }
    }
    return values;
  }

  /**
   * Reads a small file holding secrets, for masking what a scanner reads from it.
   *
   * @param file the file; nullable
   * @return its content, or null if it is missing, unreadable, not a regular file or larger than 1 MiB
   */
  public static String readSmallFile(Path file) {
    if (file == null) {
      return null;
    }
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE) {
        return null;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return text.isBlank() ? null : text;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
