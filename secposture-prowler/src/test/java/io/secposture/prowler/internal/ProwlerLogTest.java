package io.secposture.prowler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProwlerLogTest {
  @TempDir
  Path directory;

  @Test
  void read_streamAndJsonFormats_countErrorsAndCriticalsByKind() throws Exception {
    Path log = Files.writeString(directory.resolve("stderr.log"), String.join("\n",
        "08/21/2026 10:00:01 AM [File: s3_service.py:80] \t[Module: s3_service]\t ERROR: eu-west-1 -- "
            + "ClientError[80]: An error occurred (AccessDeniedException) when calling the GetBucketPolicy operation",
        "{\"timestamp\": \"08/21/2026\", \"filename\": \"check.py:745\", \"level\": \"ERROR\", \"module\": \"check\", "
            + "\"message\": \"Something went wrong in iam_x -- KeyError[3]: 'Arn'\"}",
        "08/21/2026 10:00:03 AM [File: x.py:1] \t[Module: x]\t WARNING: not counted",
        "08/21/2026 10:00:04 AM [File: provider.py:712] \t[Module: provider]\t CRITICAL: NoCredentialsError[9]: "
            + "Unable to locate credentials",
        "a line that only mentions ERROR: in its text is not a log record of that level"));

    ProwlerLog read = ProwlerLog.read(log);

    assertThat(read.problems()).isEqualTo(3);
    assertThat(read.criticals()).isEqualTo(1);
    assertThat(read.lastError()).isEqualTo("NoCredentialsError[9]: Unable to locate credentials");
    assertThat(read.summary()).startsWith("Prowler logged 3 errors (AccessDeniedException x1, KeyError x1, "
        + "NoCredentialsError x1); some checks did not run or saw partial data; first: eu-west-1 -- "
        + "ClientError[80]");
  }

  @Test
  void read_jsonLogLine_reportsItsMessage() throws Exception {
    Path log = Files.writeString(directory.resolve("json.log"), "{\"timestamp\": \"x\", \"filename\": \"c.py:1\", "
        + "\"level\": \"CRITICAL\", \"module\": \"c\", \"message\": \"Unable to locate credentials\"}\n");

    assertThat(ProwlerLog.read(log).lastError()).isEqualTo("Unable to locate credentials");
  }

  @Test
  void read_argparseComplaint_isKeptApart() throws Exception {
    Path log = Files.writeString(directory.resolve("stderr.log"),
        "usage: prowler aws [-h] ...\nprowler: error: argument --severity: invalid choice: 'urgent'\n");

    ProwlerLog read = ProwlerLog.read(log);

    assertThat(read.usageError()).isEqualTo("argument --severity: invalid choice: 'urgent'");
    assertThat(read.problems()).isZero();
    assertThat(read.summary()).isNull();
  }

  @Test
  void read_missingFile_readsAsNoErrors() {
    ProwlerLog read = ProwlerLog.read(directory.resolve("absent.log"));

    assertThat(read.problems()).isZero();
    assertThat(read.lastError()).isNull();
  }
}
