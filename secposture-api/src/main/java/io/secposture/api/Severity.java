package io.secposture.api;

import java.util.Locale;

/** How serious a finding is, aligned with OCSF's severity ids (most serious first). */
public enum Severity {
  /** OCSF severity id 5. */
  CRITICAL,
  /** OCSF severity id 4; ScoutSuite's {@code danger}. */
  HIGH,
  /** OCSF severity id 3; ScoutSuite's {@code warning}. */
  MEDIUM,
  /** OCSF severity id 2. */
  LOW,
  /** OCSF severity id 1 (and anything unknown a parser chose to keep). */
  INFORMATIONAL;

  /**
   * Parses a severity label as scanners write it, ignoring case: {@code critical}, {@code High},
   * {@code MEDIUM}, {@code low}, {@code informational} or {@code info}.
   *
   * @param label the label
   * @return the severity, or {@code null} if the label is none of those
   */
  public static Severity parse(String label) {
    if (label == null) {
      return null;
    }
    switch (label.trim().toLowerCase(Locale.ROOT)) {
      case "critical": return CRITICAL;
      case "high": return HIGH;
      case "medium": return MEDIUM;
      case "low": return LOW;
      case "informational": case "info": return INFORMATIONAL;
      default: return null;
    }
  }
}
