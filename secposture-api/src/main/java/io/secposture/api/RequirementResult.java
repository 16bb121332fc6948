package io.secposture.api;

import java.util.Objects;

/**
 * The result of one compliance requirement in one account that a scanner output records without a finding per
 * result: for example a ScoutSuite rule that checked items and flagged none passes every requirement it maps to.
 * Parsers list these in {@link ParsedReport#requirementResults()}; the aggregation counts them with the compliance
 * references of the findings. Immutable.
 *
 * @param provider the cloud
 * @param accountId the account the requirement was assessed in
 * @param requirement the framework and requirement id
 * @param status the result: PASS, FAIL (never muted) or MANUAL
 * @param title the requirement's title as the scanner words it (a Prowler compliance CSV's requirement
 *     description, a ScoutSuite rule's description); nullable when the file gives none. The compliance section shows
 *     the smallest title given for a requirement.
 */
public record RequirementResult(CloudProvider provider, String accountId, ComplianceRef requirement,
    FindingStatus status, String title) {

  /** Validates the components; a blank title is none. */
  public RequirementResult {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(requirement, "requirement");
    Objects.requireNonNull(status, "status");
    if (title != null && title.isBlank()) {
      title = null;
    }
  }

  /**
   * Creates a result without a title.
   *
   * @param provider the cloud
   * @param accountId the account the requirement was assessed in
   * @param requirement the framework and requirement id
   * @param status the result
   */
  public RequirementResult(CloudProvider provider, String accountId, ComplianceRef requirement,
      FindingStatus status) {
    this(provider, accountId, requirement, status, null);
  }
}
