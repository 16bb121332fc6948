package io.secposture.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One check on one resource, normalised from any scanner's output into one shape aligned with the OCSF Detection
 * Finding (what Prowler 4+ writes).
 *
 * <p>Parsers create these with {@link #builder()} and hand them to a {@link FindingSink} one at a time; nothing
 * keeps them all in memory. The {@link #fingerprint()} identifies the same finding across runs and, where the data
 * allows, across a tool's output formats: it is a hash of tool, provider, account, rule and resource.
 *
 * @param tool the scanner that produced it, e.g. {@code scoutsuite}, {@code prowler}
 * @param provider the cloud
 * @param accountId the account the resource lives in
 * @param region the region; nullable for global resources
 * @param service the service the rule belongs to, e.g. {@code s3}, {@code iam}
 * @param ruleId the rule or check id, e.g. {@code s3_bucket_public_access}
 * @param title a one-line title of the rule
 * @param severity how serious a failure is
 * @param status the result of the check
 * @param muted true if a mutelist, allowlist or exception suppresses it; muted failures are not flagged
 * @param resourceId the resource's id (ARN, path, uid); nullable when the check is not about one resource
 * @param resourceType the resource type; nullable
 * @param description what was found on this resource; nullable
 * @param remediation how to fix it; nullable
 * @param compliance the compliance requirements the rule maps to
 * @param fingerprint a stable id: 32 lower-case hex characters
 */
public record Finding(String tool, CloudProvider provider, String accountId, String region, String service,
    String ruleId, String title, Severity severity, FindingStatus status, boolean muted, String resourceId,
    String resourceType, String description, String remediation, List<ComplianceRef> compliance,
    String fingerprint) {

  /** Validates the components. */
  public Finding {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    compliance = List.copyOf(compliance);
    Objects.requireNonNull(fingerprint, "fingerprint");
  }

  /**
   * Tells whether this finding counts as flagged: a failure that is not muted.
   *
   * @return true for a non-muted {@link FindingStatus#FAIL}
   */
  public boolean flagged() {
    return status == FindingStatus.FAIL && !muted;
  }

  /**
   * Computes the stable fingerprint of a finding: the first 16 bytes of SHA-256 over tool, provider, account, rule
   * and resource, hex-encoded.
   *
   * @param tool the scanner
   * @param provider the cloud
   * @param accountId the account
   * @param ruleId the rule
   * @param resourceId the resource; nullable
   * @return 32 lower-case hex characters
   */
  public static String fingerprint(String tool, CloudProvider provider, String accountId, String ruleId,
      String resourceId) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (String part : new String[] {tool, provider.id(), accountId, ruleId, resourceId == null ? "" : resourceId}) {
      digest.update(part.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    byte[] hash = digest.digest();
    return HexFormat.of().formatHex(hash, 0, 16);
  }

  /**
   * Starts building a finding.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link Finding}s; computes the fingerprint when none is set. Not thread-safe; reusable after build. */
  public static final class Builder {
    private String tool;
    private CloudProvider provider;
    private String accountId;
    private String region;
    private String service;
    private String ruleId;
    private String title;
    private Severity severity = Severity.INFORMATIONAL;
    private FindingStatus status = FindingStatus.FAIL;
    private boolean muted;
    private String resourceId;
    private String resourceType;
    private String description;
    private String remediation;
    private List<ComplianceRef> compliance = new ArrayList<>();
    private String fingerprint;

    private Builder() {
    }

    /** @param tool the scanner; @return this builder */
    public Builder tool(String tool) {
      this.tool = tool;
      return this;
    }

    /** @param provider the cloud; @return this builder */
    public Builder provider(CloudProvider provider) {
      this.provider = provider;
      return this;
    }

    /** @param accountId the account; @return this builder */
    public Builder accountId(String accountId) {
      this.accountId = accountId;
      return this;
    }

    /** @param region the region, nullable; @return this builder */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** @param service the service; @return this builder */
    public Builder service(String service) {
      this.service = service;
      return this;
    }

    /** @param ruleId the rule id; @return this builder */
    public Builder ruleId(String ruleId) {
      this.ruleId = ruleId;
      return this;
    }

    /** @param title the rule title; @return this builder */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /** @param severity the severity; @return this builder */
    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    /** @param status the check result; @return this builder */
    public Builder status(FindingStatus status) {
      this.status = status;
      return this;
    }

    /** @param muted whether it is suppressed; @return this builder */
    public Builder muted(boolean muted) {
      this.muted = muted;
      return this;
    }

    /** @param resourceId the resource id, nullable; @return this builder */
    public Builder resourceId(String resourceId) {
      this.resourceId = resourceId;
      return this;
    }

    /** @param resourceType the resource type, nullable; @return this builder */
    public Builder resourceType(String resourceType) {
      this.resourceType = resourceType;
      return this;
    }

    /** @param description what was found, nullable; @return this builder */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** @param remediation how to fix it, nullable; @return this builder */
    public Builder remediation(String remediation) {
      this.remediation = remediation;
      return this;
    }

    /** @param reference a compliance requirement to add; @return this builder */
    public Builder compliance(ComplianceRef reference) {
      compliance.add(Objects.requireNonNull(reference, "reference"));
      return this;
    }

    /** @param references the compliance requirements, replacing any added; @return this builder */
    public Builder compliance(List<ComplianceRef> references) {
      compliance = new ArrayList<>(references);
      return this;
    }

    /** @param fingerprint an explicit fingerprint, nullable to compute it; @return this builder */
    public Builder fingerprint(String fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    /**
     * Builds the finding, computing the fingerprint from tool, provider, account, rule and resource unless one was
     * set. The builder's compliance list is copied, so the builder can be reused.
     *
     * @return the finding
     * @throws NullPointerException if a required component is missing
     */
    public Finding build() {
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(ruleId, "ruleId");
      String print = fingerprint != null ? fingerprint : Finding.fingerprint(tool, provider, accountId, ruleId, resourceId);
      return new Finding(tool, provider, accountId, region, service, ruleId, title == null ? ruleId : title,
          severity, status, muted, resourceId, resourceType, description, remediation, compliance, print);
    }
  }
}
