package io.secposture.examples.internal;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.PublishResult;
import io.secposture.api.Settings;
import io.secposture.core.CredentialBroker;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportRunner;
import io.secposture.core.FindingExporter;
import io.secposture.core.RunOutcome;
import io.secposture.core.ShardMerge;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Not public API: the {@code --export} and {@code --export-option} options the {@code run}, {@code demo} and
 * {@code aggregate} commands share (a picocli mixin), with {@code SECPOSTURE_EXPORTS} and
 * {@code SECPOSTURE_EXPORT_OPTIONS}. {@link #plan} resolves and checks the exporters before anything runs; the
 * {@link Session} runs them around publishing (see {@link ExportRunner}) and turns a failed exporter into exit code
 * {@link ExitCode#INCOMPLETE}.
 */
public final class ExportOption {
  @Option(names = "--export", split = ",", paramLabel = "NAME",
      description = "After publishing, export the findings: ocsf, webhook, slack, teams, securityhub (repeatable or "
          + "comma-separated; env SECPOSTURE_EXPORTS). A failed exporter makes the job exit 3; the run stays "
          + "published.")
  List<String> exports;

  @Option(names = "--export-option", paramLabel = "KEY=VALUE",
      description = "An exporter setting, e.g. webhook.min-severity=critical (repeatable; env "
          + "SECPOSTURE_EXPORT_OPTIONS, pairs separated by ';'). Put webhook URLs and secrets in the variable, not "
          + "on the command line.")
  List<String> exportOptions = new ArrayList<>();

  /**
   * Resolves the configured exporters and checks their settings, adding every problem to {@code problems}.
   *
   * @param job the job's environment
   * @param problems where problems go
   * @return the plan; without exporters when none is configured or some problem was found
   */
  Plan plan(JobEnvironment job, List<String> problems) {
    List<String> names = job.list(exports, JobEnvironment.EXPORTS);
    Settings options = job.exportOptions(exportOptions);
    if (names.isEmpty()) {
      return new Plan(List.of(), options);
    }
    List<FindingExporter> found;
    try {
      found = ExportRunner.named(names);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
      return new Plan(List.of(), options);
    }
    Plan plan = new Plan(found, options);
    problems.addAll(plan.runner(Plugins.of(List.of()), null, List.of(), Settings.empty()).validate());
    return plan;
  }

  /**
   * The exporters to run and their settings.
   *
   * @param exporters the exporters, in order; empty for none
   * @param options their settings
   */
  record Plan(List<FindingExporter> exporters, Settings options) {
    ExportRunner runner(Plugins plugins, CredentialBroker broker, List<CloudAccount> accounts,
        Settings scannerOptions) {
      return ExportRunner.builder(plugins).exporters(exporters).options(options).credentialBroker(broker)
          .accounts(accounts).scannerOptions(scannerOptions).build();
    }

    /**
     * Starts exporting one run.
     *
     * @param plugins the job's plugins
     * @param broker the credential broker; nullable
     * @param accounts the configured accounts
     * @param scannerOptions the job-wide scanner options
     * @param console where results are printed
     * @return the session
     */
    Session session(Plugins plugins, CredentialBroker broker, List<CloudAccount> accounts, Settings scannerOptions,
        Console console) {
      return new Session(exporters.isEmpty() ? null : runner(plugins, broker, accounts, scannerOptions), console);
    }
  }

  /** Not public API: the exporters of one run. Not thread-safe. */
  static final class Session {
    private final ExportRunner runner;
    private final Console console;
    private ExportRunner.Outcome outcome = ExportRunner.Outcome.NONE;

    Session(ExportRunner runner, Console console) {
      this.runner = runner;
      this.console = console;
    }

    /** Runs the file-publishing exporters on a compared run; returns the run to publish. */
    RunOutcome stage(RunOutcome compared, URI destination, Settings publisherOptions) {
      if (runner == null) {
        return compared;
      }
      ExportRunner.Staged staged = runner.stage(compared, destination, publisherOptions);
      report(staged.exports());
      return staged.outcome();
    }

    /** Runs the other exporters on the published run. */
    void afterPublish(RunOutcome published, PublishResult result, URI destination, Settings publisherOptions) {
      if (runner != null) {
        report(runner.afterPublish(published, result, destination, publisherOptions));
      }
    }

    /** Runs the other exporters on a merged run. */
    void afterMerge(ShardMerge.Merged merged, URI destination, Settings publisherOptions) {
      if (runner != null) {
        report(runner.afterMerge(merged, destination, publisherOptions));
      }
    }

    /**
     * Returns the exit code once exporting is done: {@link ExitCode#INCOMPLETE} instead of {@link ExitCode#OK} when
     * an exporter failed; any other code unchanged (a gate still wins).
     */
    int exitCode(int code) {
      return outcome.failed() && code == ExitCode.OK ? ExitCode.INCOMPLETE : code;
    }

    private void report(ExportRunner.Outcome phase) {
      outcome = outcome.plus(phase);
      for (ExportResult result : phase.results()) {
        console.line("export " + result.exporter() + ": " + result.exported() + " exported"
            + (result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " warning(s): "
                + String.join("; ", result.warnings().subList(0, Math.min(3, result.warnings().size())))));
      }
      for (ExportRunner.Failure failure : phase.failures()) {
        console.line("export " + failure.exporter() + " FAILED: " + failure.message() + " (the run stays published)");
      }
    }
  }
}
