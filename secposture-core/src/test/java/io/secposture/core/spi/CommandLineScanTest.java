package io.secposture.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.ScanException;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running a stand-in command-line tool through the shared plumbing: files, environment, logs, cleanup. */
class CommandLineScanTest {
  private static final Secret TOKEN = Secret.of("acme-token-8Fq2xZ7");

  @TempDir
  Path directory;

  private final CommandLineScan tool = CommandLineScan.builder("acme", "Acme", List.of(CloudProvider.AWS)).build();

  private Path script(String body) throws Exception {
    Path script = directory.resolve("tool.sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private ScanRequest request(Credentials credentials) throws Exception {
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").credentials(credentials).build();
    return new ScanRequest("20260101T000000Z-test", account, credentials,
        Files.createDirectories(directory.resolve("out")), Duration.ofSeconds(30), Settings.empty());
  }

  @Test
  void run_writesTheSecretFileOwnerOnlyAndDeletesThePrivateFolderAfterwards() throws Exception {
    Path out = directory.resolve("out");
    Path tool = script("stat -c %a \"$1\" > '" + out + "/mode'; cat \"$1\" > '" + out + "/copy'; pwd > '" + out
        + "/cwd'");
    AtomicReference<Path> folder = new AtomicReference<>();

    CommandLineScan.Run run = this.tool.run(request(new Credentials.Ambient()), Settings.empty(), out, privateFolder -> {
      folder.set(privateFolder);
      return ToolCommand.builder(tool.toString()).add(privateFolder.resolve("token").toString())
          .secretFile("token", TOKEN).build();
    });

    assertThat(run.process().exitCode()).isZero();
    assertThat(Files.readString(out.resolve("mode")).strip()).isEqualTo("600");
    assertThat(Files.readString(out.resolve("copy"))).isEqualTo(TOKEN.reveal());
    assertThat(Files.readString(out.resolve("cwd")).strip()).endsWith("/" + folder.get().getFileName());
    assertThat(folder.get()).doesNotExist();
    assertThat(out.resolve("stdout.log")).exists();
  }

  @Test
  void run_setsSecretVariablesAndMasksThemInTheLogsTailAndAnnouncedLine() throws Exception {
    Path out = directory.resolve("out");
    Path tool = script("echo \"token is $ACME_TOKEN\"; echo \"region $ACME_REGION\"; exit 3");
    List<String> announced = new ArrayList<>();

    CommandLineScan.Run run = this.tool.run(request(new Credentials.Ambient()), Settings.empty(), out,
        privateFolder -> ToolCommand.builder(tool.toString()).add("--key").secretArgument(TOKEN)
            .add("two words").secret("ACME_TOKEN", TOKEN).environment("ACME_REGION", "eu-west-1").build(),
        (command, line, environment) -> announced.add(line + environment));

    assertThat(run.process().exitCode()).isEqualTo(3);
    assertThat(run.process().tail()).containsExactly("token is ****", "region eu-west-1");
    assertThat(Files.readString(out.resolve("stdout.log"))).doesNotContain(TOKEN.reveal()).contains("****");
    assertThat(announced).containsExactly(tool + " --key **** 'two words' (environment: ACME_REGION=eu-west-1;"
        + " secrets in ACME_TOKEN)");
  }

  @Test
  void run_awsKeysThroughCloudEnvironment_reachTheToolAsItsSdkVariables() throws Exception {
    Path out = directory.resolve("out");
    Path tool = script("printf '%s\\n' \"$AWS_ACCESS_KEY_ID\" \"${AWS_SESSION_TOKEN:-none}\" > '" + out + "/env'");
    Credentials keys = new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"), TOKEN, null);
    ScanRequest request = request(keys);

    this.tool.run(request, Settings.empty(), out, privateFolder -> ToolCommand.builder(tool.toString())
        .cloud(CloudEnvironment.of(request.account(), keys, privateFolder)).build());

    assertThat(Files.readAllLines(out.resolve("env"))).containsExactly("AKIAIOSFODNN7EXAMPLE", "none");
  }

  @Test
  void run_executableThatCannotStart_throwsScanExceptionAndLeavesNoPrivateFolder() throws Exception {
    Path out = directory.resolve("out");
    AtomicReference<Path> folder = new AtomicReference<>();

    assertThatThrownBy(() -> tool.run(request(new Credentials.Ambient()), Settings.empty(), out, privateFolder -> {
      folder.set(privateFolder);
      return ToolCommand.builder(directory.resolve("missing").toString()).build();
    })).isInstanceOf(ScanException.class);
    assertThat(folder.get()).doesNotExist();
  }

  @Test
  void skip_accountOfAnotherProviderOrDisabled_isSkippedSayingWhy() {
    Optional<ScanResult> other = tool.skip(CloudAccount.builder(CloudProvider.GCP, "project").build());
    Optional<ScanResult> disabled = tool.skip(CloudAccount.builder(CloudProvider.AWS, "123456789012")
        .enabled(false).build());

    assertThat(other).get().satisfies(result -> {
      assertThat(result.status()).isEqualTo(ScanStatus.SKIPPED);
      assertThat(result.reason()).isEqualTo("Acme is not run for gcp accounts; secposture runs it for aws");
    });
    assertThat(disabled).get().extracting(ScanResult::reason).isEqualTo("account aws/123456789012 is disabled");
    assertThat(tool.skip(CloudAccount.builder(CloudProvider.AWS, "123456789012").build())).isEmpty();
  }

  @Test
  void executable_notOnPath_namesTheSettingToChange() {
    CommandLineScan lonely = CommandLineScan.builder("acme", "Acme", List.of(CloudProvider.AWS))
        .executable("acme-audit", "acme.executable").environment(Map.of("PATH", directory.toString())).build();

    assertThatThrownBy(() -> lonely.executable(null)).hasMessageContaining("acme.executable")
        .hasMessageContaining("acme-audit");
  }
}
