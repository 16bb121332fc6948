package io.secposture.core.internal.inventory;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.api.spi.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Not public API: reads accounts from environment variables, following the convention documented on
 * {@link io.secposture.core.Inventory}.
 */
public final class EnvironmentInventory {
  /** The variable listing the account names. */
  public static final String ACCOUNTS = "SECPOSTURE_ACCOUNTS";
  /** The prefix of every per-account variable. */
  public static final String ACCOUNT_PREFIX = "SECPOSTURE_ACCOUNT_";

  private static final String PROVIDER = "PROVIDER";
  private static final String ID = "ID";
  private static final String DISPLAY_NAME = "DISPLAY_NAME";
  private static final String CREDENTIALS = "CREDENTIALS";
  private static final String SCANNERS = "SCANNERS";
  private static final String ENABLED = "ENABLED";
  private static final String LABELS = "LABELS";
  private static final String OPTIONS = "OPTIONS";
  private static final List<String> ACCOUNT_SUFFIXES =
      List.of(PROVIDER, ID, DISPLAY_NAME, CREDENTIALS, SCANNERS, ENABLED, LABELS, OPTIONS);

  private final Map<String, String> environment;
  private final List<String> problems = new ArrayList<>();
  private final Set<String> knownSuffixes = new LinkedHashSet<>();

  private EnvironmentInventory(Map<String, String> environment) {
    this.environment = new TreeMap<>(environment);
    knownSuffixes.addAll(ACCOUNT_SUFFIXES);
    knownSuffixes.addAll(CredentialKinds.envSuffixes());
  }

  /**
   * Reads every account the environment configures.
   *
   * @param environment the environment variables
   * @return the accounts in the order of {@code SECPOSTURE_ACCOUNTS}
   * @throws ConfigurationException with every problem found
   */
  public static List<CloudAccount> read(Map<String, String> environment) {
    return new EnvironmentInventory(environment).read();
  }

  private List<CloudAccount> read() {
    String list = value(ACCOUNTS);
    if (list == null) {
      problems.add(ACCOUNTS + " is not set; list the accounts to scan, e.g. " + ACCOUNTS
          + "=prod,staging, and give each one " + ACCOUNT_PREFIX + "<NAME>_PROVIDER and " + ACCOUNT_PREFIX
          + "<NAME>_ID");
    }
    Map<String, String> names = list == null ? Map.of() : parseNames(list);
    checkStrayVariables(names);
    Map<String, CloudAccount> accounts = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : names.entrySet()) {
      CloudAccount account = readAccount(entry.getKey(), entry.getValue());
      if (account != null) {
        accounts.put(entry.getKey(), account);
      }
    }
    AccountRules.checkDuplicates(accounts, name -> variable(names.get(name), ID), problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return List.copyOf(accounts.values());
  }

  /** Returns listed names mapped to their variable stem (upper case, '-' as '_'), in order. */
  private Map<String, String> parseNames(String list) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, String> byStem = new LinkedHashMap<>();
    for (String part : list.split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!AccountRules.ACCOUNT_NAME.matcher(name).matches()) {
        problems.add(ACCOUNTS + " lists '" + AccountRules.sanitize(name)
            + "', which is not a valid account name; use 1-64 letters, digits, '-' and '_'");
        continue;
      }
      String stem = name.toUpperCase(Locale.ROOT).replace('-', '_');
      String other = byStem.putIfAbsent(stem, name);
      if (other != null) {
        problems.add(ACCOUNTS + " lists " + (other.equals(name) ? "'" + name + "' twice"
            : "'" + other + "' and '" + name + "', which share the variables " + ACCOUNT_PREFIX + stem
                + "_*; rename one"));
        continue;
      }
      names.put(name, stem);
    }
    if (names.isEmpty() && problems.isEmpty()) {
      problems.add(ACCOUNTS + " is empty; list the accounts to scan, e.g. " + ACCOUNTS + "=prod,staging");
    }
    return names;
  }

  /** Reports per-account variables for accounts not in the list and unknown settings of listed ones. */
  private void checkStrayVariables(Map<String, String> names) {
    Set<String> stems = new LinkedHashSet<>(names.values());
    for (String variable : environment.keySet()) {
      if (!variable.startsWith(ACCOUNT_PREFIX) || environment.get(variable).isBlank()) {
        continue;
      }
      String rest = variable.substring(ACCOUNT_PREFIX.length());
      String owner = null;
      String ownerWithUnknownSuffix = null;
      for (String stem : stems) {
        if (rest.startsWith(stem + "_")) {
          String suffix = rest.substring(stem.length() + 1);
          if (knownSuffixes.contains(suffix)) {
            if (owner == null || stem.length() > owner.length()) {
              owner = stem;
            }
          } else if (ownerWithUnknownSuffix == null || stem.length() > ownerWithUnknownSuffix.length()) {
            ownerWithUnknownSuffix = stem;
          }
        }
      }
      if (owner != null) {
        continue;
      }
      String stranger = strangerName(rest);
      if (ownerWithUnknownSuffix != null) {
        String stem = ownerWithUnknownSuffix;
        String suffix = rest.substring(stem.length() + 1);
        java.util.Optional<String> guess = Suggestions.closest(suffix, knownSuffixes);
        if (guess.isPresent() || stranger == null) {
          problems.add(variable + " is not a setting secposture knows; "
              + guess.map(s -> "did you mean " + variable(stem, s) + "? ").orElse("") + "the settings are "
              + String.join(", ", knownSuffixes));
          continue;
        }
      }
      if (stranger == null) {
        problems.add(variable + " is not a per-account setting; per-account variables are named " + ACCOUNT_PREFIX
            + "<NAME>_<SETTING> with <SETTING> one of " + String.join(", ", knownSuffixes));
        continue;
      }
      problems.add(variable + " is set but " + stranger + " is not in " + ACCOUNTS
          + (names.isEmpty() ? "" : " (" + String.join(", ", names.keySet()) + ")")
          + "; add " + stranger + " to " + ACCOUNTS + " or remove the variable");
    }
  }

  /**
   * Guesses the account name of a variable that belongs to no listed account: the part before the longest known
   * suffix, or null when it ends with none.
   */
  private String strangerName(String rest) {
    String best = null;
    for (String suffix : knownSuffixes) {
      if (rest.endsWith("_" + suffix) && rest.length() > suffix.length() + 1) {
        String name = rest.substring(0, rest.length() - suffix.length() - 1);
        if (best == null || name.length() < best.length()) {
          best = name;
        }
      }
    }
    return best;
  }

  private CloudAccount readAccount(String name, String stem) {
    int before = problems.size();
    CloudProvider provider = null;
    String providerText = value(variable(stem, PROVIDER));
    if (providerText == null) {
      problems.add(variable(stem, PROVIDER) + " is not set; set it to the cloud of account " + name
          + ": aws, azure, gcp or kubernetes");
    } else {
      try {
        provider = CloudProvider.of(providerText);
      } catch (IllegalArgumentException e) {
        problems.add(variable(stem, PROVIDER) + " is '" + AccountRules.sanitize(providerText) + "': "
            + e.getMessage());
      }
    }
    String id = value(variable(stem, ID));
    if (id == null) {
      problems.add(variable(stem, ID) + " is not set; set it to the id of account " + name
          + " (AWS account number, Azure subscription id, GCP project id or Kubernetes context)");
    } else if (provider != null) {
      String checked = id;
      AccountRules.checkAccountId(provider, id).ifPresent(problem -> problems.add(variable(stem, ID) + " is '"
          + AccountRules.sanitize(checked) + "': " + problem));
    }
    Credentials credentials = readCredentials(stem);
    List<String> scanners = List.of();
    String scannerList = value(variable(stem, SCANNERS));
    if (scannerList != null) {
      scanners = AccountRules.parseScanners(scannerList, variable(stem, SCANNERS), problems);
    }
    boolean enabled = true;
    String enabledText = value(variable(stem, ENABLED));
    if (enabledText != null) {
      Boolean parsed = AccountRules.parseBoolean(enabledText).orElse(null);
      if (parsed == null) {
        problems.add(variable(stem, ENABLED) + " is '" + AccountRules.sanitize(enabledText)
            + "'; expected true or false");
      } else {
        enabled = parsed;
      }
    }
    Map<String, String> labels = Map.of();
    String labelText = value(variable(stem, LABELS));
    if (labelText != null) {
      labels = AccountRules.parseLabels(labelText, variable(stem, LABELS), problems);
    }
    Map<String, String> options = Map.of();
    String optionText = value(variable(stem, OPTIONS));
    if (optionText != null) {
      options = AccountRules.parseOptions(optionText, variable(stem, OPTIONS), problems);
    }
    if (problems.size() > before) {
      return null;
    }
    String displayName = value(variable(stem, DISPLAY_NAME));
    try {
      return CloudAccount.builder(provider, id).name(displayName != null ? displayName : name).labels(labels)
          .credentials(credentials).scanners(scanners).enabled(enabled)
          .options(Settings.of(options, "account " + name + " (" + variable(stem, OPTIONS) + ")")).build();
    } catch (IllegalArgumentException e) {
      problems.add("account " + name + ": " + e.getMessage());
      return null;
    }
  }

  private Credentials readCredentials(String stem) {
    String kindVariable = variable(stem, CREDENTIALS);
    String kindName = value(kindVariable);
    CredentialKinds.Kind kind = CredentialKinds.find(kindName == null ? Credentials.Ambient.KIND
        : kindName.toLowerCase(Locale.ROOT));
    if (kind == null) {
      String hint = Suggestions.closest(kindName, CredentialKinds.names()).map(k -> "did you mean " + k + "? ")
          .orElse("");
      problems.add(kindVariable + " is '" + AccountRules.sanitize(kindName) + "', which is not a credentials kind; "
          + hint + "use one of " + CredentialKinds.names());
      return null;
    }
    Map<CredentialKinds.Param, CredentialKinds.Value> values = new LinkedHashMap<>();
    Set<String> ownSuffixes = new LinkedHashSet<>();
    for (CredentialKinds.Param param : kind.params()) {
      ownSuffixes.add(param.envSuffix());
      String name = variable(stem, param.envSuffix());
      String value = value(name);
      if (value != null) {
        values.put(param, param.type() == CredentialKinds.Type.SECRET
            ? new CredentialKinds.Value(null, Secret.of(value), name)
            : new CredentialKinds.Value(value, null, name));
      }
    }
    for (String suffix : CredentialKinds.envSuffixes()) {
      String name = variable(stem, suffix);
      if (!ownSuffixes.contains(suffix) && value(name) != null) {
        problems.add(name + " is set but the credentials kind is " + kind.name()
            + (kindName == null ? " (the default; " + kindVariable + " is not set)" : " (" + kindVariable + ")")
            + "; set " + kindVariable + " to " + String.join(" or ", CredentialKinds.kindsReading(suffix))
            + ", or remove the variable");
      }
    }
    return CredentialKinds.build(kind, values, param -> variable(stem, param.envSuffix()), kindVariable + "="
        + kind.name(), problems);
  }

  private static String variable(String stem, String suffix) {
    return ACCOUNT_PREFIX + stem + "_" + suffix;
  }

  /** Returns a variable's value trimmed, or null when it is unset or blank. */
  private String value(String name) {
    String value = environment.get(name);
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
