package io.secposture.exporters.internal;

import io.secposture.api.Severity;
import io.secposture.core.ExportedFinding;
import java.time.Instant;
import java.util.Comparator;

/**
 * Not public API: one new or reopened finding as a message lists it, texts bounded.
 *
 * @param severity the severity
 * @param change NEW or REOPENED
 * @param provider the cloud id
 * @param account the account id
 * @param ruleId the rule
 * @param title the title, at most {@value #MAX_TEXT} characters
 * @param resource the resource id, at most {@value #MAX_TEXT} characters; nullable
 * @param firstSeen when first seen; nullable
 * @param owner the owner; nullable
 * @param fingerprint the fingerprint (orders ties)
 */
public record Alert(Severity severity, ExportedFinding.Change change, String provider, String account, String ruleId,
    String title, String resource, Instant firstSeen, String owner, String fingerprint) {
  /** The longest title or resource a message shows. */
  public static final int MAX_TEXT = 200;

  /** Most severe first, then reopened before new, then by account, rule, resource and fingerprint. */
  public static final Comparator<Alert> ORDER = Comparator.comparing(Alert::severity)
      .thenComparing(alert -> alert.change() == ExportedFinding.Change.REOPENED ? 0 : 1)
      .thenComparing(Alert::provider).thenComparing(Alert::account).thenComparing(Alert::ruleId)
      .thenComparing(alert -> alert.resource() == null ? "" : alert.resource())
      .thenComparing(Alert::fingerprint);

  /**
   * Makes the alert of a finding.
   *
   * @param exported the finding
   * @return the alert
   */
  public static Alert of(ExportedFinding exported) {
    var finding = exported.finding();
    return new Alert(finding.severity(), exported.change(), finding.provider().id(), finding.accountId(),
        bounded(finding.ruleId()), bounded(finding.title()), bounded(finding.resourceId()), exported.firstSeen(),
        exported.owner(), finding.fingerprint());
  }

  static String bounded(String text) {
    if (text == null) {
      return null;
    }
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() <= MAX_TEXT ? line : line.substring(0, MAX_TEXT - 3) + "...";
  }
}
