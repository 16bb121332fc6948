package io.secposture.examples.internal;

import java.util.Map;
import picocli.CommandLine.Command;

/** Not public API: {@code secposture check}, which is {@code run --dry-run}. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Do everything run would do, without scanning or publishing: read and validate the whole "
        + "configuration (the same options and SECPOSTURE_* variables as run), list the plugins found (name, class, "
        + "jar), discover and filter the accounts and list the scans this shard would run, with scanner and "
        + "credential kind (never a secret), run each scanner's executable for its version, lease chained "
        + "credentials for each account that uses them, and prove the destination writable (a small probe object "
        + "written, read back and deleted).",
        "Exits 0 when the run would go as planned, 2 listing every problem at once. Run it first in a new pipeline."},
    footer = {"", ExitCode.TABLE})
public final class CheckCommand extends RunCommand {

  /**
   * Creates the command.
   *
   * @param environment the environment variables
   */
  public CheckCommand(Map<String, String> environment) {
    super(environment);
  }

  @Override
  boolean dryRun() {
    return true;
  }
}
