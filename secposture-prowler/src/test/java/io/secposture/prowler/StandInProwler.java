package io.secposture.prowler;

import io.secposture.api.CloudProvider;
import io.secposture.core.internal.sample.ProwlerSampleWriter;
import io.secposture.core.internal.sample.ProwlerSampleWriter.Format;
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
    LEAKY
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
    try {
      Path record = Files.createDirectories(directory.resolve("record"));
      Path script = directory.resolve("prowler");
      String text = """
          #!/bin/sh
          RECORD='%1$s'
          TEMPLATES='%2$s'
          MODE='%3$s'
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
              --output-formats) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do formats="$formats $1"; shift; done ;;
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
          esac
          exit 98
          """.formatted(record, templates, mode.name());
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
