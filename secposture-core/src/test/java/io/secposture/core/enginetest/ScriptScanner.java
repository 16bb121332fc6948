package io.secposture.core.enginetest;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import io.secposture.core.MediaTypes;
import io.secposture.core.ProcessResult;
import io.secposture.core.ProcessRunner;
import io.secposture.core.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A scanner plugin that runs a stand-in executable (a bash script given as text) with the output directory and the
 * account id as arguments, and returns as artifacts whatever regular files it finds there the careless way an
 * in-house plugin might: {@code Files.walk} and {@code Files::isRegularFile}, which follows links. {@code *.lines}
 * files are RESULTS, {@code *.log} LOG, the rest ASSET. So a test sees what the pipeline itself protects against,
 * whatever the plugin does.
 */
public final class ScriptScanner implements Scanner {
  private final String name;
  private final Path executable;

  /**
   * Writes the script and creates the scanner.
   *
   * @param name the scanner name
   * @param directory where to write the executable
   * @param body the script's body; {@code $1} is the output directory, {@code $2} the account id
   */
  public ScriptScanner(String name, Path directory, String body) {
    this.name = name;
    try {
      Files.createDirectories(directory);
      executable = directory.resolve(name + "-standin");
      Files.writeString(executable, "#!/usr/bin/env bash\nset -e\nOUT=\"$1\"\nACCOUNT=\"$2\"\n" + body + "\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<CloudProvider> providers() {
    return Set.of(CloudProvider.AWS);
  }

  @Override
  public ScanResult scan(ScanRequest request) {
    Path out = request.outputDirectory();
    ProcessResult process = new ProcessRunner().run(ProcessSpec.builder(List.of(executable.toString(),
        out.toString(), request.account().id())).workingDirectory(out)
        .logs(out.resolve("stdout.log"), out.resolve("stderr.log")).timeout(request.timeout()).build());
    ScanResult.Builder result = ScanResult.builder(name, request.account(),
        process.exited(0) ? ScanStatus.SUCCEEDED : ScanStatus.FAILED).exitCode(process.exitCode())
        .logTail(process.tail());
    try (Stream<Path> files = Files.walk(out)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String relative = out.relativize(file).toString();
        ArtifactRole role = relative.endsWith(".lines") ? ArtifactRole.RESULTS
            : relative.endsWith(".log") ? ArtifactRole.LOG : ArtifactRole.ASSET;
        result.artifact(new Artifact(file, relative, MediaTypes.forName(relative), role));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result.build();
  }
}
