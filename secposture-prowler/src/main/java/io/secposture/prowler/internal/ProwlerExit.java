package io.secposture.prowler.internal;

import io.secposture.api.CloudProvider;
import io.secposture.prowler.ProwlerOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: the reason of a Prowler scan that failed with exit 1 or 2, written for the person who has to fix it.
 *
 * <p><b>Exit 1</b> (a fatal error, logged at CRITICAL before {@code sys.exit(1)}): Prowler exits 1 both for
 * credentials that do not work ({@code AWSAccessKeyIDInvalidError[1013]: AWS Access Key ID or Session Token is
 * invalid}, AssumeRole denied, expired tokens) and for a cloud API this machine cannot reach
 * ({@code EndpointConnectionError[163]: Could not connect to the endpoint URL: "..."}). The second is told apart by
 * its message: botocore's and urllib3's connection, timeout and DNS errors ({@code EndpointConnectionError},
 * {@code ConnectTimeoutError}, {@code Could not connect to the endpoint URL}, {@code Name or service not known},
 * {@code Temporary failure in name resolution}, {@code Connection refused}, {@code Max retries exceeded},
 * {@code ProxyError}, Azure's {@code ServiceRequestError}, Google's {@code TransportError}, ...) give "could not
 * reach the cloud API from this machine" with what to check (network, DNS, proxy, custom endpoint; the CA bundle for
 * TLS errors); everything else keeps "check the account's credentials and access".
 *
 * <p><b>Exit 2</b> (argparse refused an argument, {@code prowler aws: error: <complaint>}): the complaint names a flag
 * ({@code argument --output-formats/--output-modes/-M: invalid choice: 'html' (choose from 'csv', 'json-asff',
 * 'json-ocsf')}) or an argument ({@code unrecognized arguments: --foo}); the reason says which secposture setting
 * put it on the command line and how to change it, e.g. {@code set prowler.output-formats=json-ocsf,csv}. Flags come
 * from {@code prowler.*} options, from {@code prowler.extra-args}, from the account's credentials or from secposture
 * itself (output directory and name, which only a Prowler older than 4.0 refuses). Stateless.
 */
final class ProwlerExit {
  private static final Pattern NETWORK = Pattern.compile("EndpointConnectionError|Could not connect to the endpoint "
      + "URL|ConnectTimeout|ReadTimeout|Connect timeout on endpoint|Read timeout on endpoint|ConnectionError|"
      + "ConnectionRefused|NewConnectionError|Failed to establish a new connection|Connection refused|Connection "
      + "reset|Network is unreachable|No route to host|Name or service not known|nodename nor servname|Temporary "
      + "failure in name resolution|getaddrinfo failed|NameResolutionError|Failed to resolve|ProxyError|"
      + "ProxyConnectionError|Unable to connect to proxy|Max retries exceeded with url|ServiceRequestError|"
      + "TransportError|timed out|SSLError|CERTIFICATE_VERIFY_FAILED|certificate verify failed");
  private static final Pattern TLS = Pattern.compile("SSLError|CERTIFICATE_VERIFY_FAILED|certificate verify failed");
  private static final Pattern INVALID_CHOICE = Pattern.compile(
      "^argument ([^:]+): invalid choice: '([^']*)'(?: \\(choose from (.*)\\))?");
  private static final Pattern UNRECOGNIZED = Pattern.compile("^unrecognized arguments: (.+)$");
  private static final Pattern ARGUMENT = Pattern.compile("^argument ([^:]+): (.*)$");
  private static final Pattern OTHER_ARGUMENT = Pattern.compile("argument ([-\\w/]+)");
  private static final String FALLBACK = "; check the prowler.* options and that the installed Prowler (4.x or 5.x "
      + "expected) supports them";
  private static final String CREDENTIALS = "the account's credentials";
  private static final String SECPOSTURE = "secposture itself";
  /** Prowler's flags and the secposture setting that writes each. */
  private static final Map<String, String> SETTINGS = Map.ofEntries(
      Map.entry("--output-formats", "output-formats"), Map.entry("--output-modes", "output-formats"),
      Map.entry("-M", "output-formats"), Map.entry("--severity", "severity"), Map.entry("--services", "services"),
      Map.entry("--checks", "checks"), Map.entry("--excluded-checks", "excluded-checks"),
      Map.entry("--excluded-services", "excluded-services"), Map.entry("--status", "status"),
      Map.entry("--compliance", "compliance"), Map.entry("--region", "regions"),
      Map.entry("--filter-region", "regions"), Map.entry("-f", "regions"),
      Map.entry("--mutelist-file", "mutelist-file"), Map.entry("-w", "mutelist-file"),
      Map.entry("--scan-unused-services", "scan-unused-services"),
      Map.entry("--aws-retries-max-attempts", "aws-retries-max-attempts"),
      Map.entry("--gcp-retries-max-attempts", "gcp-retries-max-attempts"), Map.entry("--log-level", "log-level"),
      Map.entry("--subscription-ids", "subscription-ids"), Map.entry("--subscription-id", "subscription-ids"),
      Map.entry("--project-ids", "project-ids"), Map.entry("--project-id", "project-ids"),
      Map.entry("--organization-id", "organization-id"), Map.entry("--namespace", "namespaces"),
      Map.entry("--namespaces", "namespaces"));
  private static final Set<String> CREDENTIAL_FLAGS = Set.of("--profile", "-p", "--role", "-R", "--external-id",
      "-I", "--session-duration", "-T", "--role-session-name", "--az-cli-auth", "--sp-env-auth",
      "--managed-identity-auth", "--credentials-file", "--impersonate-service-account", "--kubeconfig-file",
      "--context");
  private static final Set<String> OWN_FLAGS = Set.of("--output-directory", "-o", "--output-filename", "-F",
      "--no-banner", "-b");

  private ProwlerExit() {
  }

  /**
   * The reason of an exit 1.
   *
   * @param log Prowler's log
   * @param tail the last lines it printed
   * @param provider the account's provider, for what to check
   * @param logHint where to read more, e.g. {@code  (see prowler.stderr.log)}
   * @return the reason
   */
  static String exit1(ProwlerLog log, List<String> tail, CloudProvider provider, String logHint) {
    String last = lastLine(tail);
    String fatal = log.fatal() != null ? log.fatal() : last;
    String evidence = fatal + "\n" + last;
    if (NETWORK.matcher(evidence).find()) {
      boolean tls = TLS.matcher(evidence).find();
      return "Prowler could not reach the cloud API from this machine (exit 1): " + fatal + "; this is a network "
          + "problem, not the credentials: check " + (tls ? "the CA bundle for TLS interception (REQUESTS_CA_BUNDLE"
          + (provider.equals(CloudProvider.AWS) ? ", AWS_CA_BUNDLE" : "") + ") and the proxy (HTTPS_PROXY, NO_PROXY)"
          : "that this machine reaches the provider's API: the network, DNS and the proxy (HTTPS_PROXY, NO_PROXY)")
          + (provider.equals(CloudProvider.AWS) ? ", and any custom endpoint (AWS_ENDPOINT_URL)" : "") + logHint;
    }
    return "Prowler failed (exit 1): " + fatal + "; check the account's credentials and access" + logHint;
  }

  /**
   * The reason of an exit 2.
   *
   * @param complaint argparse's complaint from the log, or null
   * @param tail the last lines Prowler printed
   * @param options the scan's options
   * @param formatsConfigured whether {@code prowler.output-formats} was set (else secposture's default applied)
   * @param arguments the command line, the executable first
   * @param version the installed Prowler's version, or null when unknown
   * @return the reason
   */
  static String exit2(String complaint, List<String> tail, ProwlerOptions options, boolean formatsConfigured,
      List<String> arguments, ProwlerVersion version) {
    String said = complaint != null ? complaint : lastLine(tail);
    String base = "Prowler refused its arguments (exit 2): " + said;
    if (complaint == null) {
      return base + FALLBACK;
    }
    String prowler = version != null ? "Prowler " + version : "the installed Prowler";
    Matcher choice = INVALID_CHOICE.matcher(complaint);
    if (choice.find()) {
      String flag = flags(choice.group(1)).get(0);
      String value = choice.group(2);
      List<String> choices = choices(choice.group(3));
      return base + "; " + invalidChoice(flag, value, choices, options, formatsConfigured, prowler);
    }
    Matcher unrecognized = UNRECOGNIZED.matcher(complaint);
    if (unrecognized.find()) {
      String argument = unrecognized.group(1).strip().split("\\s+")[0];
      String flag = argument.startsWith("-") ? argument : flagBefore(argument, arguments);
      String origin = origin(flag == null ? argument : flag, options);
      return base + "; " + unknownArgument(argument, flag, origin, prowler);
    }
    Matcher other = ARGUMENT.matcher(complaint);
    if (other.find()) {
      Set<String> origins = new LinkedHashSet<>();
      origins.add(describe(origin(flags(other.group(1)).get(0), options)));
      Matcher more = OTHER_ARGUMENT.matcher(other.group(2));
      while (more.find()) {
        origins.add(describe(origin(flags(more.group(1)).get(0), options)));
      }
      return base + "; it comes from " + String.join(" and ", origins) + ": change " + (origins.size() > 1
          ? "them" : "it") + " so " + prowler + " accepts the command line";
    }
    return base + FALLBACK;
  }

  private static String invalidChoice(String flag, String value, List<String> choices, ProwlerOptions options,
      boolean formatsConfigured, String prowler) {
    String origin = origin(flag, options);
    String accepted = choices.isEmpty() ? "" : " (it accepts " + String.join(", ", choices) + ")";
    if ("output-formats".equals(SETTINGS.get(flag)) && !"extra-args".equals(origin)) {
      if (value.equals("json-asff")) {
        return "'json-asff' comes from prowler.asff or prowler.output-formats; " + prowler + " does not write it"
            + accepted + ": set prowler.asff=false and leave json-asff out of prowler.output-formats";
      }
      List<String> kept = new ArrayList<>();
      kept.add("json-ocsf");
      for (String format : options.outputFormats()) {
        if (!format.equals(value) && !kept.contains(format) && (choices.isEmpty() || choices.contains(format))) {
          kept.add(format);
        }
      }
      return "'" + value + "' comes from the secposture setting " + ProwlerOptions.PREFIX + "output-formats"
          + (formatsConfigured ? " (set to " : " (its default, ") + String.join(",", options.outputFormats())
          + "); " + prowler + " does not write it" + accepted + ": set " + ProwlerOptions.PREFIX + "output-formats="
          + String.join(",", kept);
    }
    if (origin.startsWith(ProwlerOptions.PREFIX) && !origin.equals(ProwlerOptions.PREFIX + "extra-args")) {
      return "'" + value + "' comes from the secposture setting " + origin + "; " + prowler + " does not accept it"
          + accepted + ": remove it from " + origin;
    }
    return "'" + value + "' for " + flag + " comes from " + describe(origin) + "; " + prowler + " does not accept it"
        + accepted + ": change " + (origin.equals(CREDENTIALS) ? "them" : "it");
  }

  private static String unknownArgument(String argument, String flag, String origin, String prowler) {
    if (origin.equals(ProwlerOptions.PREFIX + "extra-args")) {
      return "'" + argument + "' comes from the secposture setting prowler.extra-args; " + prowler + " does not "
          + "accept it: remove it from prowler.extra-args or check it against 'prowler <provider> --help'";
    }
    if (origin.equals(SECPOSTURE)) {
      return "'" + argument + "' is set by secposture itself, which runs Prowler 4.x and 5.x; " + prowler
          + " is older: upgrade it or point prowler.executable at a newer one";
    }
    if (origin.equals(CREDENTIALS)) {
      return "'" + argument + "' comes from the account's credentials; " + prowler + " does not accept it: upgrade "
          + "Prowler (4.x or 5.x) or give the account another kind of credentials";
    }
    if (origin.startsWith(ProwlerOptions.PREFIX)) {
      return "'" + argument + "'" + (flag != null && !flag.equals(argument) ? " (for " + flag + ")" : "")
          + " comes from the secposture setting " + origin + "; " + prowler + " does not accept it: unset "
          + origin + " or upgrade Prowler";
    }
    return "check the prowler.* options and that " + prowler + " (4.x or 5.x expected) supports them";
  }

  /** Which setting put a flag on the command line: {@code prowler.<key>}, the credentials, or secposture. */
  private static String origin(String flag, ProwlerOptions options) {
    if (flag == null) {
      return "unknown";
    }
    for (String extra : options.extraArgs()) {
      if (extra.equals(flag) || extra.startsWith(flag + "=")) {
        return ProwlerOptions.PREFIX + "extra-args";
      }
    }
    String setting = SETTINGS.get(flag);
    if (setting != null) {
      return ProwlerOptions.PREFIX + setting;
    }
    if (CREDENTIAL_FLAGS.contains(flag)) {
      return CREDENTIALS;
    }
    if (OWN_FLAGS.contains(flag)) {
      return SECPOSTURE;
    }
    return flag.startsWith("-") ? ProwlerOptions.PREFIX + "extra-args" : "unknown";
  }

  private static String describe(String origin) {
    return origin.startsWith(ProwlerOptions.PREFIX) ? "the secposture setting " + origin : origin;
  }

  /** The flag an argument is a value of: the closest flag before it on the command line. */
  private static String flagBefore(String value, List<String> arguments) {
    int at = arguments.lastIndexOf(value);
    for (int i = at - 1; i > 0; i--) {
      if (arguments.get(i).startsWith("-")) {
        return arguments.get(i);
      }
    }
    return null;
  }

  /** {@code --output-formats/--output-modes/-M} gives the long names first. */
  private static List<String> flags(String names) {
    return Arrays.stream(names.split("/")).map(String::strip).filter(name -> !name.isEmpty()).toList();
  }

  /** {@code 'csv', 'json-asff'} (Python before 3.12.8) or {@code csv, json-asff} (later). */
  private static List<String> choices(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(",")).map(choice -> choice.strip().replace("'", ""))
        .filter(choice -> !choice.isEmpty()).toList();
  }

  static String lastLine(List<String> tail) {
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (!tail.get(i).isBlank()) {
        return LogLines.clean(tail.get(i)).strip();
      }
    }
    return "no output";
  }
}
