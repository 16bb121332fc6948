package io.secposture.api;

/** The result of one check on one resource. */
public enum FindingStatus {
  /** The check failed: the resource is not configured as the rule requires. */
  FAIL,
  /** The check passed. */
  PASS,
  /** The check needs a human to decide, or is informational (Prowler MANUAL, v2/v3 INFO). Never flagged. */
  MANUAL
}
