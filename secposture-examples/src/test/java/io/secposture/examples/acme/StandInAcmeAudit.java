package io.secposture.examples.acme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a stand-in {@code acme-audit}: a shell script that answers as the real CLI would. */
final class StandInAcmeAudit {
  private StandInAcmeAudit() {
  }

  /**
   * Writes the script.
   *
   * @param folder where to write it
   * @param body what it does after reading {@code --account} and {@code --out} into {@code $account} and
   *     {@code $out}; {@link #SUCCEED} writes the sample results
   * @return the executable
   */
  static Path write(Path folder, String body) throws IOException {
    Path script = Files.createDirectories(folder).resolve("acme-audit");
    Files.writeString(script, "#!/bin/sh\n"
        + "if [ \"$1\" = --version ]; then echo 'acme-audit 1.4.0'; exit 0; fi\n"
        + "while [ $# -gt 0 ]; do case \"$1\" in --account) account=$2; shift 2;; --out) out=$2; shift 2;;"
        + " *) echo \"acme-audit: unknown argument $1\" >&2; exit 2;; esac; done\n"
        + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  /** Writes a header and two results for the account, as the real CLI does. */
  static final String SUCCEED = "echo \"scanning $account\"\n"
      + "printf '%s\\n' \"{\\\"acme_audit\\\":\\\"1.4.0\\\",\\\"provider\\\":\\\"aws\\\",\\\"account\\\":\\\"$account\\\"}\""
      + " '{\"check\":\"s3-public-bucket\",\"service\":\"s3\",\"severity\":\"high\",\"status\":\"FAIL\"}'"
      + " '{\"check\":\"iam-root-mfa\",\"service\":\"iam\",\"severity\":\"critical\",\"status\":\"PASS\"}'"
      + " > \"$out/acme-audit-results.jsonl\"";
}
