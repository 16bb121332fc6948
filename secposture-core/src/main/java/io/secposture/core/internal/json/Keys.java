package io.secposture.core.internal.json;

import io.secposture.api.ScanStatus;
import io.secposture.api.Severity;
import java.util.Locale;

/**
 * Not public API: the field names of the report and history JSON. The seed-compatible ones ({@link #REPORT_DATE},
 * {@link #CHECKED}, {@link #FLAGGED}, {@link #RESOURCES}, {@link #TOTAL} and the provider ids) are read by existing
 * Grafana panels and must never be renamed.
 */
final class Keys {
  static final String REPORT_DATE = "report_date";
  static final String TOTAL = "total";
  static final String CHECKED = "checked_items";
  static final String FLAGGED = "flagged_items";
  static final String RESOURCES = "resources_count";
  static final String SCHEMA_VERSION = "schema_version";
  static final String GENERATED_AT = "generated_at";
  static final String RUN_ID = "run_id";
  static final String ACCOUNTS = "accounts";
  static final String SEVERITIES = "severities";
  static final String STATUSES = "statuses";
  static final String TOP_RULES = "top_rules";
  static final String COVERAGE = "coverage";
  static final String FAILED_INPUTS = "failed_inputs";
  static final String DIFF = "diff";
  static final String COMPLIANCE = "compliance";
  static final String TOP_FINDINGS = "top_findings";

  static final String PROVIDER = "provider";
  static final String ACCOUNT_ID = "account_id";
  static final String NAME = "name";
  static final String SCANNER = "scanner";
  static final String STATUS = "status";
  static final String EXIT_CODE = "exit_code";
  static final String STARTED_AT = "started_at";
  static final String DURATION_SECONDS = "duration_seconds";
  static final String REASON = "reason";
  static final String LABELS = "labels";
  static final String FINDINGS = "findings";
  static final String SERVICES = "services";
  static final String LINKS = "links";
  static final String WARNINGS = "warnings";

  static final String FAILED = "failed";
  static final String PASSED = "passed";
  static final String MUTED = "muted";
  static final String MANUAL = "manual";
  static final String STATUS_FAIL = "fail";
  static final String STATUS_PASS = "pass";

  static final String TOOL = "tool";
  static final String SERVICE = "service";
  static final String RULE_ID = "rule_id";
  static final String TITLE = "title";
  static final String SEVERITY = "severity";
  static final String RULE_FLAGGED = "flagged";

  static final String FRAMEWORK = "framework";
  static final String PASS_RATE = "pass_rate";
  static final String REQUIREMENTS = "requirements";
  static final String ID = "id";
  static final String FAILING_ACCOUNTS = "failing_accounts";
  static final String PASSING_ACCOUNTS = "passing_accounts";
  static final String MANUAL_ACCOUNTS = "manual_accounts";
  static final String ACCOUNT = "account";

  static final String COVERAGE_ACCOUNTS = "accounts";
  static final String MISSING = "missing";
  static final String PARTIAL_ACCOUNTS = "partial_accounts";
  static final String SKIPPED_ACCOUNTS = "skipped_accounts";

  static final String SOURCE = "source";

  static final String PREVIOUS_RUN_ID = "previous_run_id";
  static final String PREVIOUS_GENERATED_AT = "previous_generated_at";
  static final String BY_SEVERITY = "by_severity";
  static final String BY_PROVIDER = "by_provider";
  static final String BY_ACCOUNT = "by_account";
  static final String NEW = "new";
  static final String RESOLVED = "resolved";
  static final String REOPENED = "reopened";
  static final String UNCHANGED = "unchanged";
  static final String UNKNOWN = "unknown";
  static final String NEW_FINDINGS = "new_findings";
  static final String NOT_COMPARED = "not_compared";
  static final String RESOURCE_ID = "resource_id";
  static final String REGION = "region";
  static final String FINGERPRINT = "fingerprint";

  static final String RUNS = "runs";
  static final String PROVIDERS = "providers";

  private Keys() {
  }

  /** Returns the key of a severity: {@code critical}, {@code high}, ... */
  static String of(Severity severity) {
    return severity.name().toLowerCase(Locale.ROOT);
  }

  /** Returns the key of a status in counts: {@code succeeded}, {@code timed_out}, ... */
  static String of(ScanStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  /** Returns the severity of a key written by {@link #of(Severity)}, or {@code null}. */
  static Severity severity(String key) {
    for (Severity severity : Severity.values()) {
      if (of(severity).equals(key)) {
        return severity;
      }
    }
    return null;
  }

  /** Returns the status of a key, written by {@link #of(ScanStatus)} or as its constant name, or {@code null}. */
  static ScanStatus status(String key) {
    for (ScanStatus status : ScanStatus.values()) {
      if (of(status).equals(key) || status.name().equals(key)) {
        return status;
      }
    }
    return null;
  }
}
