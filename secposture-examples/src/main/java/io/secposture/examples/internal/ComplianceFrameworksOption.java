package io.secposture.examples.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.core.ComplianceFrameworks;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Not public API: the {@code --compliance-frameworks} option the {@code run}, {@code demo} and {@code aggregate}
 * commands share (a picocli mixin), or {@code SECPOSTURE_COMPLIANCE_FRAMEWORKS}: the setting
 * {@value ComplianceFrameworks#SETTING}, comma-separated globs of the compliance frameworks the report keeps (e.g.
 * {@code CIS-*,PCI-*}; default all). Not thread-safe (picocli fills it once).
 */
public final class ComplianceFrameworksOption {
  @Option(names = "--compliance-frameworks", paramLabel = "GLOBS",
      description = {"Keep only these compliance frameworks in the report's compliance section and history, as "
          + "comma-separated globs of Prowler's framework keys, ignoring case, e.g. CIS-*,PCI-* (default: all; env "
          + "SECPOSTURE_COMPLIANCE_FRAMEWORKS)."})
  String globs;

  /**
   * Returns the filter the option or variable gives.
   *
   * @param job the environment
   * @param problems where a malformed value is reported, naming the flag or variable it came from
   * @return the filter; every framework when none is given or the value is malformed
   */
  ComplianceFrameworks frameworks(JobEnvironment job, List<String> problems) {
    String value = job.first(globs, JobEnvironment.COMPLIANCE_FRAMEWORKS, null);
    try {
      return ComplianceFrameworks.parse(value);
    } catch (ConfigurationException e) {
      String where = globs != null && !globs.isBlank() ? "--compliance-frameworks"
          : JobEnvironment.COMPLIANCE_FRAMEWORKS;
      problems.add(where + " '" + value + "' has an empty entry; give comma-separated framework globs such as "
          + "CIS-*,PCI-* (or * for all)");
      return ComplianceFrameworks.all();
    }
  }
}
