package io.secposture.prowler.internal;

import io.secposture.api.ComplianceRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Not public API: one Prowler result (one check on one resource) as read from any output format, before it is
 * validated and turned into a {@link io.secposture.api.Finding} by {@link ReportAssembler}. Every field holds the
 * raw text of the file, or {@code null} when the format or row does not have it. One instance is reused for every
 * row of a file; not thread-safe.
 */
final class ProwlerResult {
  /** Provider id as the file names it ({@code aws}, {@code azure}, ...). */
  String provider;
  /** Account, subscription, project or cluster id. */
  String account;
  /** Check id, e.g. {@code s3_bucket_public_access} (v2: {@code check14}). */
  String checkId;
  /** Service, e.g. {@code s3}; derived from the check id when absent. */
  String service;
  /** Check title. */
  String title;
  /** Severity label or OCSF severity id. */
  String severity;
  /** Result: PASS, FAIL, MANUAL, INFO, WARNING, MUTED, ASFF PASSED/FAILED/..., OCSF rc.3 Success/Failure/... */
  String status;
  /** Whether a mutelist or allowlist mutes it; statuses such as WARNING set it too. */
  boolean muted;
  /** Resource uid (ARN, resource id); null when the result names no resource. */
  String resourceId;
  /** Resource type. */
  String resourceType;
  /** Region, location or namespace. */
  String region;
  /** What was found on this resource (Prowler's status_extended). */
  String description;
  /** How to fix it. */
  String remediation;
  /** What identifies the result when there is no resource id (v2: region and message), for the fingerprint. */
  String fingerprintKey;
  /** When the scan ran, as the file writes it. */
  String time;
  /** Prowler's version, as the file writes it. */
  String version;
  /** Compliance requirements the check maps to. */
  final List<ComplianceRef> compliance = new ArrayList<>();

  /** Clears every field for the next row. */
  void clear() {
    provider = null;
    account = null;
    checkId = null;
    service = null;
    title = null;
    severity = null;
    status = null;
    muted = false;
    resourceId = null;
    resourceType = null;
    region = null;
    description = null;
    remediation = null;
    fingerprintKey = null;
    time = null;
    version = null;
    compliance.clear();
  }
}
