package io.secposture.core.internal.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.api.spi.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Not public API: reads accounts from a YAML or JSON inventory file, following the format documented on
 * {@link io.secposture.core.Inventory}. Problems name the file and line.
 */
public final class FileInventory {
  private static final long MAX_FILE_SIZE = 16L * 1024 * 1024;
  private static final long MAX_SECRET_FILE_SIZE = 1024 * 1024;
  private static final Set<String> TOP_KEYS = Set.of("version", "defaults", "accounts");
  private static final Set<String> DEFAULT_KEYS = Set.of("scanners", "options", "labels");
  private static final List<String> ACCOUNT_KEYS =
      List.of("name", "display_name", "provider", "id", "credentials", "labels", "scanners", "enabled", "options");
  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1_000_000).build();

  private final Path file;
  private final String label;
  private final Map<String, String> environment;
  private final List<String> problems = new ArrayList<>();

  private FileInventory(Path file, Map<String, String> environment) {
    this.file = file;
    this.label = file.toString();
    this.environment = environment;
  }

  /**
   * Reads every account an inventory file configures.
   *
   * @param file the YAML or JSON file
   * @param environment the environment that {@code { env: VAR }} references read
   * @return the accounts in file order
   * @throws ConfigurationException with every problem found
   */
  public static List<CloudAccount> read(Path file, Map<String, String> environment) {
    return new FileInventory(file, environment).read();
  }

  private List<CloudAccount> read() {
    LocatedNode root = parse();
    if (root == null) {
      throw new ConfigurationException(problems);
    }
    List<CloudAccount> accounts = interpret(root);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return accounts;
  }

  private LocatedNode parse() {
    byte[] content;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        problems.add(label + " is larger than 16 MB; is it really an inventory file?");
        return null;
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      problems.add("inventory file " + label + " does not exist; check the path");
      return null;
    } catch (IOException e) {
      problems.add("cannot read inventory file " + label + ": " + e.getMessage());
      return null;
    }
    String text = new String(content, StandardCharsets.UTF_8).strip();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isEmpty()) {
      problems.add(label + " is empty; it needs an 'accounts:' list");
      return null;
    }
    boolean json = label.toLowerCase(Locale.ROOT).endsWith(".json")
        || (!label.toLowerCase(Locale.ROOT).matches(".*\\.ya?ml") && (text.startsWith("{") || text.startsWith("[")));
    JsonFactory factory = json ? JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build()
        : YAMLFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    try (JsonParser parser = factory.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        problems.add(label + " is empty; it needs an 'accounts:' list");
        return null;
      }
      return LocatedNode.read(parser, (line, key) -> problems.add(at(line) + ": the key '" + key
          + "' appears twice in the same mapping; keep one"));
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      int line = Math.max(LocatedNode.syntaxErrorLine(e), location == null ? 0 : location.getLineNr());
      problems.add((line > 0 ? at(line) : label) + ": not valid " + (json ? "JSON" : "YAML") + ": "
          + LocatedNode.syntaxErrorMessage(e));
      return null;
    } catch (IOException e) {
      problems.add("cannot read inventory file " + label + ": " + e.getMessage());
      return null;
    }
  }

  private List<CloudAccount> interpret(LocatedNode root) {
    if (root.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(root.line()) + ": the file holds " + root.describe()
          + "; it must be a mapping with an 'accounts' list (and optional 'defaults')");
      return List.of();
    }
    unknownKeys(root, TOP_KEYS, "at the top level");
    LocatedNode version = root.fields().get("version");
    if (version != null && !(version.kind() == LocatedNode.Kind.SCALAR && version.text().equals("1"))) {
      problems.add(at(version.line()) + ": version must be 1, the only inventory format this library reads");
    }
    Defaults defaults = readDefaults(root.fields().get("defaults"));
    LocatedNode list = root.fields().get("accounts");
    if (list == null || list.kind() == LocatedNode.Kind.NULL) {
      problems.add(at(root.line()) + ": there is no 'accounts' list; add one with an entry per account");
      return List.of();
    }
    if (list.kind() != LocatedNode.Kind.ARRAY) {
      problems.add(at(list.line()) + ": 'accounts' is " + list.describe() + "; it must be a list of accounts");
      return List.of();
    }
    if (list.items().isEmpty()) {
      problems.add(at(list.line()) + ": 'accounts' is empty; add an entry per account to scan");
      return List.of();
    }
    Map<String, CloudAccount> accounts = new LinkedHashMap<>();
    Map<String, Integer> idLines = new LinkedHashMap<>();
    Map<String, Integer> nameLines = new LinkedHashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      LocatedNode entry = list.items().get(i);
      String handle = handle(entry, i);
      Integer previous = nameLines.putIfAbsent(handle, entry.line());
      if (previous != null) {
        problems.add(at(entry.line()) + ": the account name '" + handle + "' is already used at line " + previous
            + "; names must be unique");
        continue;
      }
      CloudAccount account = readAccount(entry, handle, defaults);
      if (account != null) {
        accounts.put(handle, account);
        LocatedNode id = entry.fields().get("id");
        idLines.put(handle, id == null ? entry.line() : id.line());
      }
    }
    AccountRules.checkDuplicates(accounts, name -> at(idLines.get(name)), problems);
    return List.copyOf(accounts.values());
  }

  private String handle(LocatedNode entry, int index) {
    LocatedNode name = entry.fields().get("name");
    if (name != null && name.kind() == LocatedNode.Kind.SCALAR && !name.text().isBlank()) {
      return name.text().strip();
    }
    return "accounts[" + index + "]";
  }

  private record Defaults(List<String> scanners, Map<String, String> options, Map<String, String> labels) {
  }

  private Defaults readDefaults(LocatedNode node) {
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return new Defaults(List.of(), Map.of(), Map.of());
    }
    if (node.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(node.line()) + ": 'defaults' is " + node.describe()
          + "; it must be a mapping with scanners, options or labels");
      return new Defaults(List.of(), Map.of(), Map.of());
    }
    unknownKeys(node, DEFAULT_KEYS, "in 'defaults'");
    return new Defaults(scanners(node.fields().get("scanners"), "defaults.scanners"),
        options(node.fields().get("options"), "defaults.options"),
        labels(node.fields().get("labels"), "defaults.labels"));
  }

  private CloudAccount readAccount(LocatedNode entry, String handle, Defaults defaults) {
    if (entry.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(entry.line()) + ": account " + handle + " is " + entry.describe()
          + "; each account is a mapping with at least provider and id");
      return null;
    }
    int before = problems.size();
    String what = "account " + handle;
    unknownKeys(entry, ACCOUNT_KEYS, "in " + what);
    LocatedNode nameNode = entry.fields().get("name");
    if (nameNode != null && (nameNode.kind() != LocatedNode.Kind.SCALAR
        || !AccountRules.ACCOUNT_NAME.matcher(nameNode.text().strip()).matches())) {
      problems.add(at(nameNode.line()) + ": the name of " + what
          + " must be 1-64 letters, digits, '-' and '_' (use display_name for a free-form name)");
    }
    CloudProvider provider = null;
    String providerText = scalar(entry, "provider", what, true);
    if (providerText != null) {
      try {
        provider = CloudProvider.of(providerText);
      } catch (IllegalArgumentException e) {
        problems.add(at(entry.fields().get("provider").line()) + ": provider of " + what + ": " + e.getMessage());
      }
    }
    String id = scalar(entry, "id", what, true);
    if (id != null && provider != null) {
      String checked = id;
      AccountRules.checkAccountId(provider, id).ifPresent(problem -> problems.add(at(entry.fields().get("id").line())
          + ": id of " + what + " is '" + AccountRules.sanitize(checked) + "': " + problem));
    }
    String displayName = scalar(entry, "display_name", what, false);
    Credentials credentials = credentials(entry.fields().get("credentials"), what);
    List<String> scanners = scanners(entry.fields().get("scanners"), what + " scanners");
    Map<String, String> labels = new LinkedHashMap<>(defaults.labels());
    labels.putAll(labels(entry.fields().get("labels"), what + " labels"));
    Map<String, String> options = new LinkedHashMap<>(defaults.options());
    options.putAll(options(entry.fields().get("options"), what + " options"));
    boolean enabled = true;
    LocatedNode enabledNode = entry.fields().get("enabled");
    if (enabledNode != null) {
      Boolean parsed = enabledNode.kind() == LocatedNode.Kind.SCALAR
          ? AccountRules.parseBoolean(enabledNode.text()).orElse(null) : null;
      if (parsed == null) {
        problems.add(at(enabledNode.line()) + ": enabled of " + what + " must be true or false");
      } else {
        enabled = parsed;
      }
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return CloudAccount.builder(provider, id)
          .name(displayName != null ? displayName : nameNode != null ? nameNode.text().strip() : null)
          .labels(labels).credentials(credentials)
          .scanners(scanners.isEmpty() ? defaults.scanners() : scanners).enabled(enabled)
          .options(Settings.of(options, what + " (" + label + ")")).build();
    } catch (IllegalArgumentException e) {
      problems.add(at(entry.line()) + ": " + what + ": " + e.getMessage());
      return null;
    }
  }

  private Credentials credentials(LocatedNode node, String what) {
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return Credentials.ambient();
    }
    if (node.kind() == LocatedNode.Kind.SCALAR) {
      CredentialKinds.Kind kind = CredentialKinds.find(node.text().strip().toLowerCase(Locale.ROOT));
      if (kind != null && kind.params().stream().noneMatch(CredentialKinds.Param::required)) {
        return CredentialKinds.build(kind, Map.of(), param -> param.fileKey(), at(node.line()), problems);
      }
    }
    if (node.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(node.line()) + ": credentials of " + what
          + " must be a mapping such as { kind: aws-profile, profile: audit }");
      return null;
    }
    LocatedNode kindNode = node.fields().get("kind");
    String kindName = kindNode == null ? Credentials.Ambient.KIND
        : kindNode.kind() == LocatedNode.Kind.SCALAR ? kindNode.text().strip().toLowerCase(Locale.ROOT) : null;
    CredentialKinds.Kind kind = kindName == null ? null : CredentialKinds.find(kindName);
    if (kind == null) {
      String hint = kindName == null ? "" : Suggestions.closest(kindName, CredentialKinds.names())
          .map(k -> "did you mean " + k + "? ").orElse("");
      problems.add(at(kindNode.line()) + ": credentials kind of " + what + " is "
          + (kindName == null ? kindNode.describe() : "'" + AccountRules.sanitize(kindName) + "'")
          + ", which is not a credentials kind; " + hint + "use one of " + CredentialKinds.names());
      return null;
    }
    Map<String, CredentialKinds.Param> byKey = new LinkedHashMap<>();
    kind.params().forEach(param -> byKey.put(param.fileKey(), param));
    Map<CredentialKinds.Param, CredentialKinds.Value> values = new LinkedHashMap<>();
    Set<CredentialKinds.Param> unresolved = new java.util.HashSet<>();
    for (Map.Entry<String, LocatedNode> field : node.fields().entrySet()) {
      String key = field.getKey();
      if (key.equals("kind")) {
        continue;
      }
      LocatedNode value = field.getValue();
      CredentialKinds.Param param = byKey.get(key);
      if (param == null) {
        problems.add(at(value.line()) + ": credentials kind " + kind.name() + " of " + what
            + " has no setting '" + key + "'; its settings are "
            + (byKey.isEmpty() ? "none" : String.join(", ", byKey.keySet())));
        continue;
      }
      CredentialKinds.Value resolved = resolve(value, param, what + " credentials." + key);
      if (resolved != null) {
        values.put(param, resolved);
      } else {
        unresolved.add(param);
      }
    }
    int kindLine = kindNode == null ? node.line() : kindNode.line();
    return CredentialKinds.build(kind, values, unresolved,
        param -> at(kindLine) + ": credentials." + param.fileKey() + " of " + what,
        at(kindLine) + ": credentials of " + what, problems);
  }

  /** Resolves a credential setting: inline text (never for secrets), { env: VAR } or { file: path }. */
  private CredentialKinds.Value resolve(LocatedNode node, CredentialKinds.Param param, String what) {
    boolean secret = param.type() == CredentialKinds.Type.SECRET;
    String where = at(node.line()) + ": " + what;
    if (node.kind() == LocatedNode.Kind.SCALAR) {
      if (secret) {
        problems.add(where + " is written inline; put secrets in environment variables or files, not in the"
            + " inventory: write { env: VARIABLE } or { file: /path/to/file }");
        return null;
      }
      String text = node.text().strip();
      if (text.isEmpty()) {
        problems.add(where + " is empty");
        return null;
      }
      return new CredentialKinds.Value(text, null, where);
    }
    if (node.kind() == LocatedNode.Kind.OBJECT && node.fields().size() == 1) {
      Map.Entry<String, LocatedNode> reference = node.fields().entrySet().iterator().next();
      LocatedNode target = reference.getValue();
      if (target.kind() == LocatedNode.Kind.SCALAR && !target.text().isBlank()) {
        String name = target.text().strip();
        if (reference.getKey().equals("env")) {
          String value = environment.get(name);
          if (value == null || value.isBlank()) {
            problems.add(where + " reads the environment variable " + name + ", which is not set");
            return null;
          }
          return value(value.strip(), secret, where + " (from environment variable " + name + ")");
        }
        if (reference.getKey().equals("file")) {
          return fromFile(name, secret, where);
        }
      }
    }
    problems.add(where + " must be " + (secret ? "" : "a value, ") + "{ env: VARIABLE } or { file: /path }");
    return null;
  }

  private CredentialKinds.Value fromFile(String name, boolean secret, String where) {
    Path path;
    try {
      path = file.toAbsolutePath().getParent().resolve(name);
    } catch (InvalidPathException e) {
      problems.add(where + " names the file '" + AccountRules.sanitize(name) + "', which is not a valid path");
      return null;
    }
    try {
      if (!Files.isRegularFile(path)) {
        problems.add(where + " reads the file " + path + ", which does not exist or is not a regular file");
        return null;
      }
      if (Files.size(path) > MAX_SECRET_FILE_SIZE) {
        problems.add(where + " reads the file " + path + ", which is larger than 1 MB");
        return null;
      }
      String value = Files.readString(path, StandardCharsets.UTF_8).strip();
      if (value.isEmpty()) {
        problems.add(where + " reads the file " + path + ", which is empty");
        return null;
      }
      return value(value, secret, where + " (from file " + path + ")");
    } catch (IOException e) {
      problems.add(where + " cannot read the file " + path + ": " + e.getMessage());
      return null;
    }
  }

  private static CredentialKinds.Value value(String value, boolean secret, String where) {
    return secret ? new CredentialKinds.Value(null, Secret.of(value), where)
        : new CredentialKinds.Value(value, null, where);
  }

  private String scalar(LocatedNode entry, String key, String what, boolean required) {
    LocatedNode node = entry.fields().get(key);
    if (node == null || node.kind() == LocatedNode.Kind.NULL
        || (node.kind() == LocatedNode.Kind.SCALAR && node.text().isBlank())) {
      if (required) {
        problems.add(at(node == null ? entry.line() : node.line()) + ": " + what + " has no " + key
            + "; add " + key + ": " + ("provider".equals(key) ? "aws, azure, gcp or kubernetes"
                : "the account id (AWS account number, subscription id, project id or cluster context)"));
      }
      return null;
    }
    if (node.kind() != LocatedNode.Kind.SCALAR) {
      problems.add(at(node.line()) + ": " + key + " of " + what + " is " + node.describe() + "; expected a single value");
      return null;
    }
    return node.text().strip();
  }

  private List<String> scanners(LocatedNode node, String what) {
    List<String> names = new ArrayList<>();
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return names;
    }
    String where = at(node.line()) + ": " + what;
    if (node.kind() == LocatedNode.Kind.SCALAR) {
      return AccountRules.parseScanners(node.text(), where, problems);
    }
    if (node.kind() != LocatedNode.Kind.ARRAY) {
      problems.add(where + " must be a list of scanner names such as [scoutsuite, prowler]");
      return names;
    }
    for (LocatedNode item : node.items()) {
      if (item.kind() != LocatedNode.Kind.SCALAR) {
        problems.add(at(item.line()) + ": " + what + " must hold scanner names, found " + item.describe());
      } else {
        AccountRules.addScanner(item.text().strip().toLowerCase(Locale.ROOT), at(item.line()) + ": " + what, names,
            problems);
      }
    }
    return names;
  }

  private Map<String, String> labels(LocatedNode node, String what) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return labels;
    }
    if (node.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(node.line()) + ": " + what + " must be a mapping such as { team: payments }");
      return labels;
    }
    node.fields().forEach((key, value) -> {
      if (value.kind() != LocatedNode.Kind.SCALAR) {
        problems.add(at(value.line()) + ": " + what + " '" + key + "' must be a single value, found "
            + value.describe());
      } else {
        AccountRules.addLabel(key, value.text(), at(value.line()) + ": " + what, labels, problems);
      }
    });
    return labels;
  }

  private Map<String, String> options(LocatedNode node, String what) {
    Map<String, String> options = new LinkedHashMap<>();
    if (node == null || node.kind() == LocatedNode.Kind.NULL) {
      return options;
    }
    if (node.kind() != LocatedNode.Kind.OBJECT) {
      problems.add(at(node.line()) + ": " + what + " must be a mapping such as { scoutsuite.regions: eu-west-1 }");
      return options;
    }
    node.fields().forEach((key, value) -> {
      String text;
      if (value.kind() == LocatedNode.Kind.SCALAR) {
        text = value.text();
      } else if (value.kind() == LocatedNode.Kind.ARRAY
          && value.items().stream().allMatch(item -> item.kind() == LocatedNode.Kind.SCALAR)) {
        text = String.join(",", value.items().stream().map(LocatedNode::text).toList());
      } else {
        problems.add(at(value.line()) + ": " + what + " '" + key
            + "' must be a value or a list of values, found " + value.describe());
        return;
      }
      AccountRules.addOption(key, text.strip(), at(value.line()) + ": " + what, options, problems);
    });
    return options;
  }

  private void unknownKeys(LocatedNode node, java.util.Collection<String> known, String where) {
    for (Map.Entry<String, LocatedNode> field : node.fields().entrySet()) {
      if (!known.contains(field.getKey())) {
        String hint = Suggestions.closest(field.getKey(), known).map(k -> "did you mean '" + k + "'? ")
            .orElse("");
        problems.add(at(field.getValue().line()) + ": unknown key '" + AccountRules.sanitize(field.getKey()) + "' "
            + where + "; " + hint + "known keys: " + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private String at(int line) {
    return label + " line " + line;
  }
}
