package io.secposture.scoutsuite.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Not public API: splits and checks {@code scoutsuite.extra-args}, the arguments appended verbatim to ScoutSuite's
 * command line. Refuses anything that would put a secret on the command line or fight the flags secposture sets
 * itself, including argparse's prefix abbreviations of them ({@code --secret} means {@code --secret-access-key}).
 * Stateless.
 */
public final class ExtraArgs {
  /** Flags that carry a secret as their value. */
  private static final List<String> SECRET_FLAGS = List.of("--access-keys", "--access-key-id", "--secret-access-key",
      "--session-token", "--client-secret", "--password", "--username", "--token", "--access_key", "--access_secret",
      "--access-key-secret", "--access-key-cookie");
  /** Parts of a flag name that suggest a secret. */
  private static final Pattern SECRET_WORDS = Pattern.compile("secret|passw|token|credential|access.?key|api.?key");
  /** Flags secposture sets, each with the option to use instead (empty when there is none). */
  private static final Map<String, String> MANAGED_FLAGS = Map.ofEntries(
      Map.entry("--report-dir", ""), Map.entry("--report-name", "scoutsuite.report-name"),
      Map.entry("--result-format", ""), Map.entry("--no-browser", ""), Map.entry("--force", ""),
      Map.entry("--profile", "the account's aws-profile credentials"), Map.entry("--cli", "azure-cli credentials"),
      Map.entry("--msi", "azure-managed-identity credentials"),
      Map.entry("--service-principal", "azure-service-principal credentials"),
      Map.entry("--file-auth", "azure-service-principal credentials"),
      Map.entry("--user-account", "ambient credentials"), Map.entry("--user-account-browser", ""),
      Map.entry("--service-account", "gcp-credentials-file credentials"), Map.entry("--tenant", ""),
      Map.entry("--client-id", "azure-service-principal credentials"),
      Map.entry("--project-id", "the account id"), Map.entry("--folder-id", "scoutsuite.folder-id"),
      Map.entry("--organization-id", "scoutsuite.organization-id"),
      Map.entry("--all-projects", "scoutsuite.all-projects"), Map.entry("--subscriptions", "scoutsuite.subscriptions"),
      Map.entry("--all-subscriptions", "scoutsuite.all-subscriptions"), Map.entry("--regions", "scoutsuite.regions"),
      Map.entry("--exclude-regions", "scoutsuite.exclude-regions"), Map.entry("--services", "scoutsuite.services"),
      Map.entry("--skip", "scoutsuite.skip"), Map.entry("--ruleset", "scoutsuite.ruleset"),
      Map.entry("--exceptions", "scoutsuite.exceptions"), Map.entry("--max-workers", "scoutsuite.max-workers"),
      Map.entry("--max-rate", "scoutsuite.max-rate"), Map.entry("--config-file", "kubeconfig credentials"),
      Map.entry("--context", "kubeconfig credentials"), Map.entry("--cluster-provider", "scoutsuite.cluster-provider"),
      Map.entry("--local", ""), Map.entry("--update", ""), Map.entry("--serve", ""), Map.entry("--host", ""),
      Map.entry("--port", ""), Map.entry("--list-services", ""), Map.entry("--provider", ""), Map.entry("--help", ""),
      Map.entry("--version", ""), Map.entry("--logfile", ""));
  private static final Pattern NUMBER = Pattern.compile("-\\d+(\\.\\d+)?");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private ExtraArgs() {
  }

  /**
   * Splits a configured value into arguments at whitespace; single or double quotes keep whitespace inside an
   * argument ({@code --ip-ranges "my ranges.json"}).
   *
   * @param value the setting's value
   * @param problems receives a problem if the quotes do not balance
   * @return the arguments
   */
  public static List<String> split(String value, List<String> problems) {
    List<String> args = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inArgument = false;
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          current.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inArgument = true;
      } else if (Character.isWhitespace(c)) {
        if (inArgument) {
          args.add(current.toString());
          current.setLength(0);
          inArgument = false;
        }
      } else {
        current.append(c);
        inArgument = true;
      }
    }
    if (quote != 0) {
      problems.add("setting 'scoutsuite.extra-args' has an unclosed " + (quote == '"' ? "double" : "single")
          + " quote; close it or remove it");
    } else if (inArgument) {
      args.add(current.toString());
    }
    return args;
  }

  /**
   * Checks extra arguments. Messages name the flag only, never a value, since a refused value may be a secret.
   *
   * @param args the arguments
   * @return every problem found, empty if the arguments are acceptable
   */
  public static List<String> problems(List<String> args) {
    List<String> problems = new ArrayList<>();
    for (String arg : args) {
      if (CONTROL.matcher(arg).find()) {
        problems.add("scoutsuite.extra-args holds an argument with control characters; remove it");
        continue;
      }
      if (arg.startsWith("--") && arg.length() > 2) {
        String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        String lower = flag.toLowerCase(Locale.ROOT);
        // argparse prefers an exact match, then a unique prefix
        String secret = SECRET_FLAGS.contains(lower) ? lower : null;
        String managed = MANAGED_FLAGS.containsKey(lower) ? lower : null;
        if (secret == null && managed == null) {
          secret = abbreviated(lower, SECRET_FLAGS);
          managed = secret == null ? abbreviated(lower, MANAGED_FLAGS.keySet()) : null;
        }
        if (secret != null || (managed == null && SECRET_WORDS.matcher(lower).find())) {
          problems.add("scoutsuite.extra-args holds '" + flag + "'"
              + (secret != null && !secret.equals(lower) ? " (argparse reads it as " + secret + ")" : "")
              + ", which would put a secret on the command line; give the account credentials instead, which"
              + " reach ScoutSuite through its environment or a private file");
        } else if (managed != null) {
          String instead = MANAGED_FLAGS.get(managed);
          problems.add("scoutsuite.extra-args holds '" + flag + "'"
              + (!managed.equals(lower) ? " (argparse reads it as " + managed + ")" : "")
              + ", which secposture sets itself" + (instead.isEmpty() ? "; remove it" : "; use " + instead
              + " instead"));
        }
      } else if (arg.startsWith("-") && arg.length() > 1 && !NUMBER.matcher(arg).matches()) {
        problems.add("scoutsuite.extra-args holds the short flag '" + (arg.length() > 4 ? arg.substring(0, 4) + "..."
            : arg) + "'; use ScoutSuite's long flag names (short ones mean different things per provider: -p is"
            + " --profile for aws but --password for azure)");
      }
    }
    return problems;
  }

  /** The flag in the list that {@code flag} abbreviates (argparse accepts unique prefixes). */
  private static String abbreviated(String flag, Collection<String> flags) {
    return flags.stream().filter(candidate -> candidate.startsWith(flag)).sorted().findFirst().orElse(null);
  }
}
