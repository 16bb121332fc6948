package io.secposture.core.internal.suppress;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Suppression;
import io.secposture.api.spi.Suggestions;
import io.secposture.core.Suppressions;
import io.secposture.core.internal.inventory.LocatedNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Not public API: reads a suppressions file (format on {@link Suppressions}) into its entries, collecting every
 * problem with its line before failing with one {@link ConfigurationException}.
 */
public final class SuppressionFile {
  private static final long MAX_FILE_SIZE = 4L * 1024 * 1024;
  private static final int MAX_TEXT = 2_000;
  private static final List<String> TOP_KEYS = List.of("suppressions");
  private static final List<String> ENTRY_KEYS = List.of("id", "rule", "scanner", "provider", "accounts", "labels",
      "region", "service", "resource", "reason", "owner", "ticket", "expires");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  private static final Pattern SCANNER = Pattern.compile("[a-z0-9-]+");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(100_000).build();

  private final String label;
  private final List<String> problems = new ArrayList<>();

  private SuppressionFile(String label) {
    this.label = label;
  }

  /**
   * Reads a suppressions file.
   *
   * @param file the file
   * @return the suppressions
   * @throws ConfigurationException with every problem found
   */
  public static Suppressions read(Path file) {
    String label = file.toString();
    byte[] content;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new ConfigurationException(label + " is larger than 4 MB; is it really a suppressions file?");
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("suppressions file " + label + " does not exist; check the path", e);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read suppressions file " + label + ": " + e.getMessage(), e);
    }
    return parse(content, label);
  }

  /**
   * Reads suppressions from a file's content.
   *
   * @param content the content
   * @param label the file's name or URI, for messages
   * @return the suppressions
   * @throws ConfigurationException with every problem found
   */
  public static Suppressions parse(byte[] content, String label) {
    if (content.length > MAX_FILE_SIZE) {
      throw new ConfigurationException(label + " is larger than 4 MB; is it really a suppressions file?");
    }
    SuppressionFile file = new SuppressionFile(label);
    LocatedNode root = file.tree(content);
    List<Suppression> entries = root == null ? List.of() : file.interpret(root);
    if (!file.problems.isEmpty()) {
      throw new ConfigurationException(file.problems);
    }
    return new Suppressions(label, entries);
  }

  private LocatedNode tree(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8).strip();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1).strip();
    }
    if (text.isEmpty()) {
      problems.add(label + " is empty; it needs a 'suppressions:' list");
      return null;
    }
    String lower = label.toLowerCase(Locale.ROOT);
    boolean json = lower.endsWith(".json") || (!lower.matches(".*\\.ya?ml") && text.startsWith("{"));
    JsonFactory factory = json ? JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build()
        : YAMLFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    try (JsonParser parser = factory.createParser(text)) {
      parser.nextToken();
      return LocatedNode.read(parser, (line, key) -> problems.add(at(line) + ": the key '" + key
          + "' appears twice in the same mapping; keep one"));
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      int line = Math.max(LocatedNode.syntaxErrorLine(e), location == null ? 0 : location.getLineNr());
      problems.add((line > 0 ? at(line) : label) + ": not valid " + (json ? "JSON" : "YAML") + ": "
          + LocatedNode.syntaxErrorMessage(e));
      return null;
    } catch (IOException e) {
      problems.add("cannot read suppressions file " + label + ": " + e.getMessage());
      return null;
    }
  }

  private List<Suppression> interpret(LocatedNode root) {
    if (root.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(root.line()) + ": the file holds " + root.describe()
          + "; it must be a mapping with a 'suppressions' list");
      return List.of();
    }
    unknownKeys(root, TOP_KEYS, "at the top level");
    LocatedNode list = root.fields().get("suppressions");
    if (list == null) {
      problems.add(at(root.line()) + ": there is no 'suppressions' list; add one with an entry per accepted risk");
      return List.of();
    }
    if (list.kind() == LocatedNode.Kind.NULL
        || (list.kind() == LocatedNode.Kind.SCALAR && !list.isBoolean() && list.text().isBlank())) {
      // "suppressions:" with every entry commented out
      return List.of();
    }
    if (list.kind() != LocatedNode.Kind.ARRAY) {
      problems.add(at(list.line()) + ": 'suppressions' is " + list.describe() + "; it must be a list of entries");
      return List.of();
    }
    List<Suppression> entries = new ArrayList<>();
    Map<String, Integer> idLines = new LinkedHashMap<>();
    for (LocatedNode node : list.items()) {
      Suppression entry = entry(node);
      if (entry == null) {
        continue;
      }
      Integer previous = idLines.putIfAbsent(entry.id(), node.line());
      if (previous == null) {
        entries.add(entry);
      } else if (node.fields().containsKey("id")) {
        problems.add(at(node.line()) + ": the id '" + entry.id() + "' is already used by the entry at line "
            + previous + "; ids must be unique");
      } else {
        problems.add(at(node.line()) + ": this entry matches the same findings as the entry at line " + previous
            + " (both have the id '" + entry.id() + "'), so it would never mute anything; merge the two or give"
            + " each an 'id'");
      }
    }
    return entries;
  }

  private Suppression entry(LocatedNode node) {
    if (node.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(node.line()) + ": a suppression is " + node.describe()
          + "; it must be a mapping with rule or resource, reason and owner");
      return null;
    }
    int before = problems.size();
    unknownKeys(node, ENTRY_KEYS, "in a suppression");
    Map<String, LocatedNode> fields = node.fields();
    String id = text(fields, "id");
    if (id != null && !ID.matcher(id).matches()) {
      problems.add(at(fields.get("id").line()) + ": the id '" + shown(id) + "' must be 1 to 64 letters, digits,"
          + " '.', '_', ':' or '-', starting with a letter or digit");
    }
    String rule = text(fields, "rule");
    String scanner = text(fields, "scanner");
    if (scanner != null && !SCANNER.matcher(scanner).matches()) {
      problems.add(at(fields.get("scanner").line()) + ": the scanner '" + shown(scanner)
          + "' is not a scanner name (lower-case letters, digits and '-', e.g. prowler or scoutsuite)");
    }
    String providerText = text(fields, "provider");
    CloudProvider provider = null;
    if (providerText != null) {
      try {
        provider = CloudProvider.of(providerText.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(at(fields.get("provider").line()) + ": the provider '" + shown(providerText)
            + "' is not a provider id such as aws, azure, gcp or kubernetes");
      }
    }
    List<String> accounts = accounts(fields.get("accounts"));
    TreeMap<String, String> labels = labels(fields.get("labels"));
    String region = text(fields, "region");
    String service = text(fields, "service");
    String resource = text(fields, "resource");
    String reason = required(node, "reason", "why the risk is accepted");
    String owner = required(node, "owner", "who accepted the risk (a team or person)");
    String ticket = text(fields, "ticket");
    LocalDate expires = date(fields.get("expires"));
    if (rule == null && resource == null) {
      problems.add(at(node.line()) + ": the entry sets neither 'rule' nor 'resource'; name what it accepts"
          + " (rule: \"*\" accepts every rule of its accounts)");
    }
    if (problems.size() > before) {
      return null;
    }
    String theId = id != null ? id : derivedId(rule, scanner, provider, accounts, labels, region, service, resource);
    return new Suppression(theId, rule, scanner, provider, accounts, labels, region, service, resource, reason,
        owner, ticket, expires, 0, false);
  }

  /**
   * Derives an entry's id from the fields that choose its findings: {@code S} and 8 hex characters of their
   * SHA-256, so it does not change when the entry moves or its reason, owner, ticket or expiry change.
   */
  static String derivedId(String rule, String scanner, CloudProvider provider, List<String> accounts,
      Map<String, String> labels, String region, String service, String resource) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    StringBuilder canonical = new StringBuilder();
    append(canonical, "rule", rule);
    append(canonical, "scanner", scanner);
    append(canonical, "provider", provider == null ? null : provider.id());
    accounts.forEach(account -> append(canonical, "account", account));
    new TreeMap<>(labels).forEach((key, value) -> append(canonical, "label", key + "=" + value));
    append(canonical, "region", region);
    append(canonical, "service", service);
    append(canonical, "resource", resource);
    byte[] hash = digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return "S" + HexFormat.of().formatHex(hash, 0, 4);
  }

  private static void append(StringBuilder canonical, String key, String value) {
    if (value != null) {
      canonical.append(key).append('\u0000').append(value).append('\u0000');
    }
  }

  private String text(Map<String, LocatedNode> fields, String key) {
    LocatedNode node = fields.get(key);
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return null;
    }
    return scalar(node, "'" + key + "'");
  }

  /** Returns a scalar's text, or reports the node and returns null. */
  private String scalar(LocatedNode node, String what) {
    if (node.kind() != LocatedNode.Kind.SCALAR) {
      problems.add(at(node.line()) + ": " + what + " is " + node.describe() + "; it must be a single value");
      return null;
    }
    String value = node.text().strip();
    if (value.isEmpty()) {
      problems.add(at(node.line()) + ": " + what + " is empty; give a value or leave the key out");
      return null;
    }
    if (value.length() > MAX_TEXT) {
      problems.add(at(node.line()) + ": " + what + " is longer than " + MAX_TEXT + " characters");
      return null;
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      problems.add(at(node.line()) + ": " + what + " contains a control character");
      return null;
    }
    return value;
  }

  private String required(LocatedNode entry, String key, String meaning) {
    LocatedNode node = entry.fields().get(key);
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      problems.add(at(entry.line()) + ": the entry has no '" + key + "'; every suppression needs one (" + meaning
          + ")");
      return null;
    }
    return scalar(node, "'" + key + "'");
  }

  private List<String> accounts(LocatedNode node) {
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return List.of();
    }
    if (node.kind() == LocatedNode.Kind.SCALAR) {
      String one = scalar(node, "'accounts'");
      return one == null ? List.of() : List.of(one);
    }
    if (node.kind() != LocatedNode.Kind.ARRAY) {
      problems.add(at(node.line()) + ": 'accounts' is " + node.describe()
          + "; it must be a list of account ids or names");
      return List.of();
    }
    List<String> accounts = new ArrayList<>();
    for (LocatedNode item : node.items()) {
      String account = scalar(item, "an account in 'accounts'");
      if (account != null && !accounts.contains(account)) {
        accounts.add(account);
      }
    }
    if (node.items().isEmpty()) {
      problems.add(at(node.line()) + ": 'accounts' is an empty list; name accounts or leave the key out");
    }
    return accounts;
  }

  private TreeMap<String, String> labels(LocatedNode node) {
    TreeMap<String, String> labels = new TreeMap<>();
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return labels;
    }
    if (node.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(node.line()) + ": 'labels' is " + node.describe()
          + "; it must be a mapping of label to value, e.g. {team: payments}");
      return labels;
    }
    node.fields().forEach((key, value) -> {
      String text = scalar(value, "the label '" + shown(key) + "'");
      if (text != null) {
        labels.put(key, text);
      }
    });
    return labels;
  }

  private LocalDate date(LocatedNode node) {
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return null;
    }
    String text = scalar(node, "'expires'");
    if (text == null) {
      return null;
    }
    if (!DATE.matcher(text).matches()) {
      problems.add(at(node.line()) + ": 'expires' is '" + shown(text) + "'; write the last day as YYYY-MM-DD,"
          + " e.g. 2027-03-31");
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      problems.add(at(node.line()) + ": 'expires' is '" + text + "', which is not a date of the calendar");
      return null;
    }
  }

  private void unknownKeys(LocatedNode node, List<String> known, String where) {
    for (Map.Entry<String, LocatedNode> field : node.fields().entrySet()) {
      if (!known.contains(field.getKey())) {
        String hint = Suggestions.closest(field.getKey(), known).map(k -> "did you mean '" + k + "'? ").orElse("");
        problems.add(at(field.getValue().line()) + ": unknown key '" + shown(field.getKey()) + "' " + where + "; "
            + hint + "known keys: " + String.join(", ", known));
      }
    }
  }

  /** Bounds a value quoted in a message. */
  private static String shown(String text) {
    String clean = text.codePoints().limit(80).collect(StringBuilder::new,
        (out, c) -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c), StringBuilder::append).toString();
    return text.codePointCount(0, text.length()) > 80 ? clean + "..." : clean;
  }

  private String at(int line) {
    return label + " line " + line;
  }
}
