package io.secposture.prowler;

import io.secposture.api.CloudProvider;
import io.secposture.samples.ProwlerSampleWriter;
import io.secposture.samples.ProwlerSampleWriter.Format;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for the {@code prowler} CLI, written as a POSIX shell script: it checks its arguments the way
 * Prowler 5's argparse does (provider first, known long flags, {@code --external-id} needs {@code --role}; anything
 * else is exit 2 with {@code prowler: error: ...}), records the arguments, the credential-related environment and any
 * {@code --credentials-file} it was given into a directory outside the output directory, writes real-shaped outputs
 * (generated Prowler 5 samples) for the formats it was asked for, and then behaves as its mode says.
 */
final class StandInProwler {

  /** How the stand-in ends. */
  enum Mode {
    /** Writes its outputs and exits 0. */
    SUCCESS,
    /** Writes its outputs and exits 3 (failing checks found). */
    FAILED_CHECKS,
    /** Writes its outputs, logs access-denied and check errors at ERROR on stderr, exits 3. */
    ERRORS_LOGGED,
    /** Logs a CRITICAL credentials error and exits 1. */
    CRITICAL,
    /** Writes nothing and exits 0 (Prowler 4.3+ with nothing to report). */
    NO_OUTPUT_EXIT_0,
    /** Writes nothing and exits 3. */
    NO_OUTPUT_EXIT_3,
    /** Leaves an empty JSON-OCSF file and exits 0. */
    EMPTY_OCSF,
    /** Never finishes (a sleeping child process). */
    HANG,
    /** Writes its outputs and is killed (SIGKILL). */
    KILLED,
    /** Prints its arguments and the AWS secret key to stdout and stderr, writes its outputs, exits 3. */
    LEAKY,
    /**
     * Prowler 4.3+ with nothing to report (real run: {@code --checks awslambda_function_url_public} on an account
     * without Lambda functions): prints {@code There are no findings in Account 123456789012} (coloured, as
     * {@code summary_table.py} prints it), writes no file, exits 0.
     */
    NO_FINDINGS,
    /** Every real AWS scan with EC2 and no Shodan key: writes its outputs, logs the Shodan ERROR notice, exits 3. */
    SHODAN_NOTICE,
    /**
     * A real scan against an API that answered 500: the Shodan notice, ResponseParserErrors in the ec2 and s3
     * services (botocore's message runs on over two lines) and an AttributeError in a check; writes its outputs,
     * exits 3.
     */
    COLLECTION_ERRORS,
    /** Wrong access key (real run): CRITICAL {@code AWSAccessKeyIDInvalidError[1013]: ...}, exit 1. */
    BAD_KEY,
    /** Endpoint not reachable (real run): CRITICAL {@code EndpointConnectionError[163]: ...}, exit 1. */
    UNREACHABLE
  }

  private final Path script;
  private final Path record;

  private StandInProwler(Path script, Path record) {
    this.script = script;
    this.record = record;
  }

  /**
   * Writes the sample outputs the stand-ins copy.
   *
   * @param directory where to put them
   */
  static void writeTemplates(Path directory) {
    try {
      Files.createDirectories(directory);
      ProwlerSampleWriter.writeFormat(directory.resolve("t.ocsf.json"), Format.OCSF, CloudProvider.AWS,
          "123456789012", 7, 0, 0);
      ProwlerSampleWriter.writeFormat(directory.resolve("t.csv"), Format.CSV, CloudProvider.AWS, "123456789012", 7,
          0, 0);
      ProwlerSampleWriter.writeFormat(directory.resolve("t.asff.json"), Format.ASFF, CloudProvider.AWS,
          "123456789012", 7, 0, 0);
      ProwlerSampleWriter.writeFormat(directory.resolve("t_compliance.csv"), Format.COMPLIANCE_CSV,
          CloudProvider.AWS, "123456789012", 7, 0, 0);
      Files.writeString(directory.resolve("t.html"), "<!DOCTYPE html><html><body>Prowler</body></html>\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a stand-in.
   *
   * @param directory where to write the script and its records (never the scan's output directory)
   * @param templates the directory {@link #writeTemplates} wrote
   * @param mode how it ends
   * @return the stand-in
   */
  static StandInProwler create(Path directory, Path templates, Mode mode) {
    return create(directory, templates, mode, "5.7.5");
  }

  /**
   * Writes a stand-in of a given Prowler release: it answers {@code --version} with {@code Prowler <version>} (what
   * the real one prints when it cannot reach GitHub to compare releases), and releases before 4.2 refuse
   * {@code html} in {@code --output-formats} exactly as 4.0 and 4.1 do (exit 2, argparse's invalid choice).
   *
   * @param directory where to write the script and its records (never the scan's output directory)
   * @param templates the directory {@link #writeTemplates} wrote
   * @param mode how it ends
   * @param version the release it claims, e.g. {@code 4.1.0}; {@code wrapper:4.1.0} to behave as that release but
   *     refuse {@code --version}, as a wrapper script that does not pass it on
   * @return the stand-in
   */
  static StandInProwler create(Path directory, Path templates, Mode mode, String version) {
    try {
      Path record = Files.createDirectories(directory.resolve("record"));
      Path script = directory.resolve("prowler");
      String text = """
          #!/bin/sh
          RECORD='%1$s'
          TEMPLATES='%2$s'
          MODE='%3$s'
          VERSION='%4$s'
          RELEASE="${VERSION#wrapper:}"
          if [ "$1" = "--version" ] || [ "$1" = "-v" ]; then
            echo x >> "$RECORD/version-calls.txt"
            if [ "$RELEASE" != "$VERSION" ]; then echo "prowler-wrapper: unknown option $1" >&2; exit 64; fi
            echo "Prowler $VERSION"; exit 0
          fi
          case "$RELEASE" in 4.0.*|4.1.*) CHOICES="csv json-asff json-ocsf" ;; *) CHOICES="csv json-asff json-ocsf html" ;; esac
          printf '%%s\\n' "$@" > "$RECORD/args.txt"
          env | grep -E '^(AWS_|AZURE_|GOOGLE_|KUBECONFIG=|TZ=|PYTHONUNBUFFERED=|SECPOSTURE_)' | sort > "$RECORD/env.txt"
          all="$*"
          provider="$1"
          shift
          case "$provider" in
            aws|azure|gcp|kubernetes) ;;
            *) echo "usage: prowler [-h] [--version] {aws,azure,gcp,kubernetes,m365,github} ..." >&2
               echo "prowler: error: argument provider: invalid choice: '$provider'" >&2; exit 2 ;;
          esac
          dir=""; name=""; formats=""; role=""; extid=""; credfile=""
          while [ $# -gt 0 ]; do
            case "$1" in
              --output-directory) dir="$2"; shift 2 ;;
              --output-filename) name="$2"; shift 2 ;;
              --output-formats) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do
                  case " $CHOICES " in *" $1 "*) ;; *)
                    echo "usage: prowler [-h] [--version] {aws,azure,gcp,kubernetes,dashboard} ..." >&2
                    quoted=$(echo $CHOICES | sed "s/\\([^ ]*\\)/'\\1'/g; s/ /, /g")
                    echo "prowler $provider: error: argument --output-formats/--output-modes/-M: invalid choice: '$1' (choose from $quoted)" >&2
                    exit 2 ;;
                  esac
                  formats="$formats $1"; shift; done ;;
              --role) role="$2"; shift 2 ;;
              --external-id) extid="$2"; shift 2 ;;
              --credentials-file) credfile="$2"; shift 2 ;;
              --profile|--session-duration|--role-session-name|--log-level|--mutelist-file|--impersonate-service-account|--kubeconfig-file|--context|--organization-id) shift 2 ;;
              --no-banner|--az-cli-auth|--sp-env-auth|--managed-identity-auth|--scan-unused-services) shift ;;
              --compliance|--severity|--services|--checks|--excluded-checks|--excluded-services|--status|--region|--subscription-ids|--project-ids|--namespace)
                shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do shift; done ;;
              *) echo "usage: prowler $provider [-h] ..." >&2
                 echo "prowler: error: unrecognized arguments: $1" >&2; exit 2 ;;
            esac
          done
          if [ -n "$extid" ] && [ -z "$role" ]; then
            echo "prowler: error: To use -I/--external-id, -T/--session-duration or --role-session-name options -R/--role option is needed" >&2; exit 2
          fi
          if [ -z "$dir" ] || [ -z "$name" ]; then echo "stand-in: --output-directory and --output-filename are required" >&2; exit 99; fi
          if [ -n "$credfile" ]; then
            echo "$credfile" > "$RECORD/credentials-path.txt"
            stat -c %%a "$credfile" > "$RECORD/credentials-mode.txt"
            cat "$credfile" > "$RECORD/credentials-content.txt"
          fi
          mkdir -p "$dir/compliance"
          echo "Executing 36 checks, please wait..."
          shodan() {
            printf '2026-12-06 03:31:32,865 [File: ec2_elastic_ip_shodan.py:36] \\t[Module: ec2_elastic_ip_shodan]\\t ERROR: No Shodan API Key -- Please input a Shodan API Key with -N/--shodan or in config.yaml\\n' >&2
          }
          write_outputs() {
            for f in $formats; do
              case "$f" in
                json-ocsf) cp "$TEMPLATES/t.ocsf.json" "$dir/$name.ocsf.json" ;;
                csv) cp "$TEMPLATES/t.csv" "$dir/$name.csv"; cp "$TEMPLATES/t_compliance.csv" "$dir/compliance/${name}_cis_3.0_aws.csv" ;;
                html) cp "$TEMPLATES/t.html" "$dir/$name.html" ;;
                json-asff) cp "$TEMPLATES/t.asff.json" "$dir/$name.asff.json" ;;
              esac
            done
          }
          case "$MODE" in
            SUCCESS) write_outputs; echo "Overview Results: 0 failed"; exit 0 ;;
            FAILED_CHECKS) write_outputs; echo "Overview Results: 15 failed"; exit 3 ;;
            ERRORS_LOGGED) write_outputs
              printf '08/21/2026 10:00:01 AM [File: ec2_service.py:120] \\t[Module: ec2_service]\\t ERROR: eu-west-1 -- ClientError[120]: An error occurred (AccessDenied) when calling the DescribeInstances operation: User is not authorized\\n' >&2
              printf '08/21/2026 10:00:02 AM [File: ec2_service.py:120] \\t[Module: ec2_service]\\t ERROR: us-east-1 -- ClientError[120]: An error occurred (AccessDenied) when calling the DescribeInstances operation: User is not authorized\\n' >&2
              printf '08/21/2026 10:00:03 AM [File: check.py:745] \\t[Module: check]\\t ERROR: Something went wrong in s3_bucket_public_access -- KeyError[31]: Policy\\n' >&2
              printf '08/21/2026 10:00:04 AM [File: check.py:500] \\t[Module: check]\\t WARNING: a warning that is not an error\\n' >&2
              exit 3 ;;
            CRITICAL)
              printf '08/21/2026 10:00:01 AM [File: provider.py:712] \\t[Module: provider]\\t CRITICAL: AWSAssumeRoleError[1052]: An error occurred (AccessDenied) when calling the AssumeRole operation: not authorized\\n' >&2
              exit 1 ;;
            NO_OUTPUT_EXIT_0) exit 0 ;;
            NO_OUTPUT_EXIT_3) exit 3 ;;
            EMPTY_OCSF) : > "$dir/$name.ocsf.json"; exit 0 ;;
            HANG) sleep 300; exit 0 ;;
            KILLED) write_outputs; kill -9 $$ ;;
            LEAKY) echo "arguments: $all"; echo "arguments: $all" >&2
              echo "debug: secret key is $AWS_SECRET_ACCESS_KEY" >&2
              write_outputs; exit 3 ;;
            NO_FINDINGS) printf '\\n \\033[1mThere are no findings in Account \\033[33m123456789012\\033[0m\\n\\n'; exit 0 ;;
            SHODAN_NOTICE) write_outputs; shodan; echo "Overview Results: 15 failed"; exit 3 ;;
            COLLECTION_ERRORS) write_outputs; shodan
              printf '2026-12-06 03:31:30,101 [File: ec2_service.py:594] \\t[Module: ec2_service]\\t ERROR: us-east-1 -- ResponseParserError[594]: Unable to parse response (not well-formed (invalid token): line 1, column 0), invalid XML received. Further retries may succeed:\\n' >&2
              printf "b'<html><body>Internal Server Error</body></html>'\\n" >&2
              printf '2026-12-06 03:31:30,245 [File: ec2_service.py:594] \\t[Module: ec2_service]\\t ERROR: us-east-1 -- ResponseParserError[594]: Unable to parse response (not well-formed (invalid token): line 1, column 0), invalid XML received. Further retries may succeed:\\n' >&2
              printf "b'<html><body>Internal Server Error</body></html>'\\n" >&2
              printf '2026-12-06 03:31:31,002 [File: s3_service.py:594] \\t[Module: s3_service]\\t ERROR: us-east-1 -- ResponseParserError[594]: Unable to parse response (not well-formed (invalid token): line 1, column 0), invalid XML received. Further retries may succeed:\\n' >&2
              printf "b'<html><body>Internal Server Error</body></html>'\\n" >&2
              printf "2026-12-06 03:31:31,530 [File: awslambda_function_url_public.py:456] \\t[Module: awslambda_function_url_public]\\t ERROR: us-east-1 -- AttributeError[456]: 'Lambda' object has no attribute 'get_function_url_config'\\n" >&2
              exit 3 ;;
            BAD_KEY)
              printf '2026-12-06 03:35:02,417 [File: aws_provider.py:1013] \\t[Module: aws_provider]\\t CRITICAL: AWSAccessKeyIDInvalidError[1013]: AWS Access Key ID or Session Token is invalid\\n' >&2
              exit 1 ;;
            UNREACHABLE)
              printf '2026-12-06 03:36:11,009 [File: aws_provider.py:163] \\t[Module: aws_provider]\\t CRITICAL: EndpointConnectionError[163]: Could not connect to the endpoint URL: "https://sts.us-east-1.amazonaws.com/"\\n' >&2
              exit 1 ;;
          esac
          exit 98
          """.formatted(record, templates, mode.name(), version);
      Files.writeString(script, text, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      return new StandInProwler(script, record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** @return the executable */
  Path executable() {
    return script;
  }

  /** @return the arguments it was last run with, the provider first */
  List<String> arguments() {
    return lines("args.txt");
  }

  /** @return the credential-related environment it was last run with, sorted {@code NAME=value} lines */
  List<String> environment() {
    return lines("env.txt");
  }

  /**
   * Returns a recorded file.
   *
   * @param name the record's name
   * @return its lines, or an empty list when it was not written
   */
  List<String> lines(String name) {
    Path file = record.resolve(name);
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
