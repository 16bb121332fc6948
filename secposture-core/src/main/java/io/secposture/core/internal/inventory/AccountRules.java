package io.secposture.core.internal.inventory;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Not public API: the rules an account's settings follow, whatever source they come from (names, provider account
 * ids, scanner names, labels, options, booleans), each check returning a problem text or nothing.
 */
public final class AccountRules {
  /** An account handle in {@code SECPOSTURE_ACCOUNTS} or an inventory file's {@code name}. */
  public static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  /** A scanner name. */
  public static final Pattern SCANNER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  /** A label key. */
  public static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");
  /** An option key: namespaced by the component that reads it, e.g. {@code scoutsuite.regions}. */
  public static final Pattern OPTION_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+");

  private static final Pattern AWS_ID = Pattern.compile("\\d{12}");
  private static final Pattern AZURE_ID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern GCP_ID = Pattern.compile("([a-z][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private AccountRules() {
  }

  /**
   * Checks an account id against what its provider's ids look like.
   *
   * @param provider the cloud
   * @param id the id
   * @return what is wrong, or empty if it is valid
   */
  public static Optional<String> checkAccountId(CloudProvider provider, String id) {
    if (id.isBlank() || CONTROL.matcher(id).find()) {
      return Optional.of("an account id must be non-blank text without control characters");
    }
    if (provider.equals(CloudProvider.AWS) && !AWS_ID.matcher(id).matches()) {
      return Optional.of("an AWS account id is 12 digits, e.g. 123456789012 (quote it in YAML to keep leading zeros)");
    }
    if (provider.equals(CloudProvider.AZURE) && !AZURE_ID.matcher(id).matches()) {
      return Optional.of("an Azure subscription id is a GUID, e.g. 00000000-0000-0000-0000-000000000000");
    }
    if (provider.equals(CloudProvider.GCP) && !GCP_ID.matcher(id).matches()) {
      return Optional.of("a GCP project id is 6-30 lower-case letters, digits or '-', starting with a letter and not"
          + " ending with '-', e.g. payments-prod-1234");
    }
    return Optional.empty();
  }

  /**
   * Parses a boolean the way configuration writes it.
   *
   * @param text the text
   * @return the value, or empty if it is none of true/false, yes/no, 1/0, on/off
   */
  public static Optional<Boolean> parseBoolean(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true": case "yes": case "1": case "on":
        return Optional.of(true);
      case "false": case "no": case "0": case "off":
        return Optional.of(false);
      default:
        return Optional.empty();
    }
  }

  /**
   * Parses a comma-separated scanner list, lower-cased, without duplicates.
   *
   * @param text the list
   * @param where the variable or location, for messages
   * @param problems receives a problem per invalid name
   * @return the names
   */
  public static List<String> parseScanners(String text, String where, List<String> problems) {
    List<String> names = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      addScanner(name, where, names, problems);
    }
    return names;
  }

  /**
   * Validates one scanner name and adds it to a list unless already there.
   *
   * @param name the name, lower-cased
   * @param where the variable or location, for messages
   * @param names the list
   * @param problems receives a problem if it is invalid
   */
  public static void addScanner(String name, String where, List<String> names, List<String> problems) {
    if (!SCANNER_NAME.matcher(name).matches()) {
      problems.add(where + " names the scanner '" + name
          + "'; scanner names are lower-case letters, digits and '-', e.g. scoutsuite or prowler");
    } else if (!names.contains(name)) {
      names.add(name);
    }
  }

  /**
   * Parses labels written {@code key=value,key2=value2}.
   *
   * @param text the labels
   * @param where the variable, for messages
   * @param problems receives a problem per malformed entry
   * @return the labels in order
   */
  public static Map<String, String> parseLabels(String text, String where, List<String> problems) {
    Map<String, String> labels = new LinkedHashMap<>();
    String[] entries = text.split(",");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 0) {
        problems.add(where + " entry " + (i + 1) + " has no '='; write labels as key=value,key2=value2");
        continue;
      }
      String key = entry.substring(0, equals).trim();
      String value = entry.substring(equals + 1).trim();
      addLabel(key, value, where + " entry " + (i + 1), labels, problems);
    }
    return labels;
  }

  /**
   * Validates one label and adds it.
   *
   * @param key the key
   * @param value the value
   * @param where where it is configured, for messages
   * @param labels the labels so far
   * @param problems receives a problem if it is invalid or repeated
   */
  public static void addLabel(String key, String value, String where, Map<String, String> labels,
      List<String> problems) {
    if (!LABEL_KEY.matcher(key).matches()) {
      problems.add(where + " has the label key '" + sanitize(key)
          + "'; label keys are letters, digits, '.', '_', '/' and '-' (at most 63)");
    } else if (CONTROL.matcher(value).find()) {
      problems.add(where + ": the value of label '" + key + "' contains control characters");
    } else if (labels.putIfAbsent(key, value) != null) {
      problems.add(where + " repeats the label '" + key + "'");
    }
  }

  /**
   * Parses options written {@code key=value;key2=v1,v2} (entries separated by {@code ;} because values are often
   * comma-separated lists). Values are never printed in messages.
   *
   * @param text the options
   * @param where the variable, for messages
   * @param problems receives a problem per malformed entry
   * @return the options in order
   */
  public static Map<String, String> parseOptions(String text, String where, List<String> problems) {
    Map<String, String> options = new LinkedHashMap<>();
    String[] entries = text.split(";");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 0) {
        problems.add(where + " entry " + (i + 1)
            + " has no '='; write options as scanner.key=value;scanner.key2=v1,v2");
        continue;
      }
      addOption(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim(), where + " entry " + (i + 1),
          options, problems);
    }
    return options;
  }

  /**
   * Validates one option and adds it.
   *
   * @param key the key
   * @param value the value
   * @param where where it is configured, for messages
   * @param options the options so far
   * @param problems receives a problem if it is invalid or repeated
   */
  public static void addOption(String key, String value, String where, Map<String, String> options,
      List<String> problems) {
    if (!OPTION_KEY.matcher(key).matches()) {
      problems.add(where + " has the option key '" + sanitize(key)
          + "'; option keys are lower-case and start with the scanner's name, e.g. scoutsuite.regions");
    } else if (options.putIfAbsent(key, value) != null) {
      problems.add(where + " repeats the option '" + key + "'");
    }
  }

  /**
   * Reports every pair of accounts that are the same provider and id.
   *
   * @param accounts the accounts with the name they were configured under
   * @param describe how to name an account's id setting in a message
   * @param problems receives the problems
   */
  public static void checkDuplicates(Map<String, CloudAccount> accounts,
      java.util.function.Function<String, String> describe, List<String> problems) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    accounts.forEach((name, account) ->
        byKey.computeIfAbsent(account.key(), key -> new ArrayList<>()).add(name));
    byKey.forEach((key, names) -> {
      if (names.size() > 1) {
        List<String> settings = new ArrayList<>();
        names.forEach(name -> settings.add(describe.apply(name)));
        problems.add("accounts " + String.join(", ", names) + " are all " + key + " (" + String.join(", ", settings)
            + "); configure each account once");
      }
    });
  }

  /**
   * Makes text safe to quote in a message: control characters become {@code ?} and long text is cut.
   *
   * @param text the text
   * @return the safe text
   */
  public static String sanitize(String text) {
    String clean = CONTROL.matcher(text).replaceAll("?");
    return clean.length() > 80 ? clean.substring(0, 77) + "..." : clean;
  }
}
