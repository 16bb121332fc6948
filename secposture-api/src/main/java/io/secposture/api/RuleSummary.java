package io.secposture.api;

import java.util.Objects;

/**
 * How often one rule was flagged across the run: a row of the report's {@code top_rules}.
 *
 * @param tool the scanner whose rule it is
 * @param provider the cloud
 * @param service the service the rule belongs to
 * @param ruleId the rule id
 * @param title the rule title
 * @param severity the rule's severity
 * @param flagged how many non-muted failures it produced
 */
public record RuleSummary(String tool, CloudProvider provider, String service, String ruleId, String title,
    Severity severity, long flagged) {

  /** Validates the components. */
  public RuleSummary {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    if (flagged < 0) {
      throw new IllegalArgumentException("flagged must not be negative");
    }
  }

  /**
   * Returns the key that identifies the rule: tool, provider and rule id.
   *
   * @return {@code tool/provider/ruleId}
   */
  public String key() {
    return tool + "/" + provider.id() + "/" + ruleId;
  }
}
