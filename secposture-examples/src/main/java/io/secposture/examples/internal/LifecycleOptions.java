package io.secposture.examples.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.api.OwnerSummary;
import io.secposture.api.Settings;
import io.secposture.api.SlaPolicy;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Not public API: the finding-lifecycle options the {@code run}, {@code demo} and {@code aggregate} commands share (a
 * picocli mixin): the SLA policy ({@code --sla}, {@value #SLA_VARIABLE}) and the account label that names owners
 * ({@code --owner-label}, {@value #OWNER_LABEL_VARIABLE}). Both travel to core as publication settings
 * ({@value SlaPolicy#SETTING}, {@value OwnerSummary#LABEL_SETTING}), read when the run is compared with the previous
 * one before publishing; a {@code --publish-option} of the same key is overridden by the option.
 */
public final class LifecycleOptions {
  /** The SLA policy variable. */
  public static final String SLA_VARIABLE = "SECPOSTURE_SLA";
  /** The owner label variable. */
  public static final String OWNER_LABEL_VARIABLE = "SECPOSTURE_OWNER_LABEL";
  /** The variables this mixin reads. */
  public static final List<String> VARIABLES = List.of(SLA_VARIABLE, OWNER_LABEL_VARIABLE);

  @Option(names = "--sla", paramLabel = "SEVERITY=DURATION,...",
      description = {"How long an open finding of each severity may stay open before it breaches its SLA, e.g. "
          + "critical=7d,high=30d,medium=90d,low=180d (the default; durations in d, h or w; SEVERITY=none for no "
          + "SLA). Ages count from the run that first flagged the finding (env SECPOSTURE_SLA)."})
  String sla;

  @Option(names = "--owner-label", paramLabel = "LABEL",
      description = "The account label whose value names the account's owner (env SECPOSTURE_OWNER_LABEL; default "
          + "team); accounts without it are owned by 'unowned'.")
  String ownerLabel;

  /**
   * Returns the publication settings with the policy and the owner label given on the command line or in the
   * environment; a malformed policy is recorded as a problem of the job, reported with the others.
   *
   * @param job the job's environment
   * @param settings the publication settings
   * @return the settings to publish with
   */
  public Settings apply(JobEnvironment job, Settings settings) {
    Settings applied = settings;
    String policy = job.first(sla, SLA_VARIABLE, null);
    if (policy != null) {
      String origin = sla != null && !sla.isBlank() ? "--sla" : SLA_VARIABLE;
      try {
        applied = applied.with(SlaPolicy.SETTING, SlaPolicy.parse(policy).toString());
      } catch (ConfigurationException e) {
        e.problems().forEach(problem -> job.problem(origin + ": " + problem));
      }
    } else if (settings.getString(SlaPolicy.SETTING) != null) {
      try {
        SlaPolicy.parse(settings.getString(SlaPolicy.SETTING));
      } catch (ConfigurationException e) {
        e.problems().forEach(problem -> job.problem("--publish-option " + SlaPolicy.SETTING + ": " + problem));
      }
    }
    String label = job.first(ownerLabel, OWNER_LABEL_VARIABLE, null);
    if (label != null) {
      applied = applied.with(OwnerSummary.LABEL_SETTING, label.trim());
    }
    return applied;
  }
}
