package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudProvider;
import io.secposture.api.Settings;
import io.secposture.prowler.ProwlerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reasons of exit 1 (network or credentials) and exit 2 (which setting produced the refused argument). */
class ProwlerExitTest {
  private static final String HINT = " (see prowler.stderr.log)";
  private static final String HTML_REFUSED = "argument --output-formats/--output-modes/-M: invalid choice: 'html' "
      + "(choose from 'csv', 'json-asff', 'json-ocsf')";

  @TempDir
  Path directory;

  private ProwlerLog critical(String message) throws Exception {
    return ProwlerLog.read(Files.writeString(directory.resolve("stderr.log"), "2026-12-06 03:31:32,865 [File: "
        + "provider.py:719] \t[Module: provider]\t CRITICAL: " + message + "\n"));
  }

  private static ProwlerOptions options(Map<String, String> settings) {
    return ProwlerOptions.from(Settings.of(settings));
  }

  @Test
  void exit1_unreachableEndpoint_isANetworkProblemNotCredentials() throws Exception {
    ProwlerLog log = critical("EndpointConnectionError[163]: Could not connect to the endpoint URL: "
        + "\"https://sts.us-east-1.amazonaws.com/\"");

    String reason = ProwlerExit.exit1(log, List.of(), CloudProvider.AWS, HINT);

    assertThat(reason).isEqualTo("Prowler could not reach the cloud API from this machine (exit 1): "
        + "EndpointConnectionError[163]: Could not connect to the endpoint URL: \"https://sts.us-east-1.amazonaws"
        + ".com/\"; this is a network problem, not the credentials: check that this machine reaches the provider's "
        + "API: the network, DNS and the proxy (HTTPS_PROXY, NO_PROXY), and any custom endpoint (AWS_ENDPOINT_URL)"
        + HINT);
    assertThat(reason).doesNotContain("check the account's credentials");
  }

  @Test
  void exit1_dnsTimeoutAndTlsFailures_areNetworkProblemsToo() throws Exception {
    for (String message : List.of("ConnectTimeoutError[120]: Connect timeout on endpoint URL: \"https://x\"",
        "ServiceRequestError[30]: <urllib3.connection.HTTPSConnection object>: Failed to resolve "
            + "'management.azure.com' ([Errno -3] Temporary failure in name resolution)",
        "TransportError[77]: HTTPSConnectionPool(host='oauth2.googleapis.com', port=443): Max retries exceeded with "
            + "url: /token")) {
      assertThat(ProwlerExit.exit1(critical(message), List.of(), CloudProvider.GCP, HINT))
          .startsWith("Prowler could not reach the cloud API from this machine (exit 1): ")
          .doesNotContain("AWS_ENDPOINT_URL");
    }
    assertThat(ProwlerExit.exit1(critical("SSLError[9]: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify "
        + "failed"), List.of(), CloudProvider.AWS, HINT)).contains("the CA bundle for TLS interception "
        + "(REQUESTS_CA_BUNDLE, AWS_CA_BUNDLE)");
  }

  @Test
  void exit1_invalidAccessKey_staysACredentialsProblem() throws Exception {
    ProwlerLog log = critical("AWSAccessKeyIDInvalidError[1013]: AWS Access Key ID or Session Token is invalid");

    assertThat(ProwlerExit.exit1(log, List.of(), CloudProvider.AWS, HINT)).isEqualTo("Prowler failed (exit 1): "
        + "AWSAccessKeyIDInvalidError[1013]: AWS Access Key ID or Session Token is invalid; check the account's "
        + "credentials and access" + HINT);
  }

  @Test
  void exit1_uncaughtTraceback_isReadFromTheLastLine() throws Exception {
    ProwlerLog empty = ProwlerLog.read(directory.resolve("absent.log"));
    List<String> tail = List.of("Traceback (most recent call last):", "  File \"x.py\", line 1",
        "botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: \"http://x\"", "");

    assertThat(ProwlerExit.exit1(empty, tail, CloudProvider.AWS, HINT)).startsWith("Prowler could not reach the "
        + "cloud API from this machine (exit 1): botocore.exceptions.EndpointConnectionError: Could not connect");
  }

  @Test
  void exit2_htmlRefusedByProwler41_namesTheSettingAndTheValueThatWorks() {
    String reason = ProwlerExit.exit2(HTML_REFUSED, List.of(), options(Map.of()), false, List.of(), null);

    assertThat(reason).isEqualTo("Prowler refused its arguments (exit 2): " + HTML_REFUSED + "; 'html' comes from "
        + "the secposture setting prowler.output-formats (its default, json-ocsf,csv,html); the installed Prowler "
        + "does not write it (it accepts csv, json-asff, json-ocsf): set prowler.output-formats=json-ocsf,csv");
  }

  @Test
  void exit2_configuredFormatsAndNewerPythonsUnquotedChoices_keepTheUsersOtherFormats() {
    String complaint = "argument --output-formats/--output-modes/-M: invalid choice: 'html' (choose from csv, "
        + "json-asff, json-ocsf)";
    ProwlerOptions options = options(Map.of("prowler.output-formats", "csv,html,json-ocsf", "prowler.asff", "true"));

    assertThat(ProwlerExit.exit2(complaint, List.of(), options, true, List.of(),
        ProwlerVersion.parse("Prowler 4.1.0").orElseThrow())).endsWith("'html' comes from the secposture setting "
        + "prowler.output-formats (set to csv,html,json-ocsf,json-asff); Prowler 4.1.0 does not write it (it accepts "
        + "csv, json-asff, json-ocsf): set prowler.output-formats=json-ocsf,csv,json-asff");
  }

  @Test
  void exit2_invalidChoiceOfAnotherOption_saysWhichToChange() {
    ProwlerOptions options = options(Map.of("prowler.compliance", "cis_4.0_aws"));

    assertThat(ProwlerExit.exit2("argument --compliance: invalid choice: 'cis_4.0_aws' (choose from 'cis_1.4_aws', "
        + "'cis_1.5_aws')", List.of(), options, false, List.of(), null)).endsWith("'cis_4.0_aws' comes from the "
        + "secposture setting prowler.compliance; the installed Prowler does not accept it (it accepts cis_1.4_aws, "
        + "cis_1.5_aws): remove it from prowler.compliance");
  }

  @Test
  void exit2_unrecognizedArguments_fromExtraArgsFromAnOptionOrFromSecposture() {
    ProwlerOptions extra = options(Map.of("prowler.extra-args", "--no-such-flag"));
    assertThat(ProwlerExit.exit2("unrecognized arguments: --no-such-flag", List.of(), extra, false, List.of(), null))
        .endsWith("'--no-such-flag' comes from the secposture setting prowler.extra-args; the installed Prowler does "
            + "not accept it: remove it from prowler.extra-args or check it against 'prowler <provider> --help'");

    ProwlerOptions unused = options(Map.of("prowler.scan-unused-services", "true"));
    assertThat(ProwlerExit.exit2("unrecognized arguments: --scan-unused-services", List.of(), unused, false,
        List.of(), null)).endsWith("'--scan-unused-services' comes from the secposture setting "
        + "prowler.scan-unused-services; the installed Prowler does not accept it: unset "
        + "prowler.scan-unused-services or upgrade Prowler");

    assertThat(ProwlerExit.exit2("unrecognized arguments: --output-directory /out --output-filename x", List.of(),
        options(Map.of()), false, List.of(), ProwlerVersion.parse("Prowler 3.16.17").orElseThrow()))
        .endsWith("'--output-directory' is set by secposture itself, which runs Prowler 4.x and 5.x; Prowler 3.16.17 "
            + "is older: upgrade it or point prowler.executable at a newer one");
  }

  @Test
  void exit2_unrecognizedValue_isTracedToTheFlagBeforeIt() {
    List<String> arguments = List.of("/bin/prowler", "aws", "--status", "FAIL", "MUTED", "--no-banner");

    assertThat(ProwlerExit.exit2("unrecognized arguments: MUTED", List.of(), options(Map.of()), false, arguments,
        null)).endsWith("'MUTED' (for --status) comes from the secposture setting prowler.status; the installed "
        + "Prowler does not accept it: unset prowler.status or upgrade Prowler");
  }

  @Test
  void exit2_withoutArgparsesLine_keepsTheGeneralAdvice() {
    assertThat(ProwlerExit.exit2(null, List.of("something odd"), options(Map.of()), false, List.of(), null))
        .isEqualTo("Prowler refused its arguments (exit 2): something odd; check the prowler.* options and that the "
            + "installed Prowler (4.x or 5.x expected) supports them");
  }
}
