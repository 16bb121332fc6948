package io.secposture.api;

import java.util.Objects;

/**
 * One compliance requirement a rule maps to.
 *
 * @param framework the framework and version as the scanner names it, e.g. {@code CIS-1.4} or
 *     {@code CIS Amazon Web Services Foundations 1.2.0}
 * @param requirement the requirement id within the framework, e.g. {@code 2.1.1}
 */
public record ComplianceRef(String framework, String requirement) {
  /** Validates the components. */
  public ComplianceRef {
    Objects.requireNonNull(framework, "framework");
    Objects.requireNonNull(requirement, "requirement");
  }
}
