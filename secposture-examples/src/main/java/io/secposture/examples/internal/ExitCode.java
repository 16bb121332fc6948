package io.secposture.examples.internal;

/** Not public API: the job's exit codes, documented in {@code --help} and the README. */
public final class ExitCode {
  /** Everything succeeded. */
  public static final int OK = 0;
  /** An unexpected error: a bug; the log has the stack trace. */
  public static final int INTERNAL_ERROR = 1;
  /** A usage or configuration error; every problem is listed. */
  public static final int CONFIGURATION = 2;
  /**
   * The report was published, but some scans failed or timed out, some inputs could not be parsed, or an exporter
   * ({@code --export}) failed.
   */
  public static final int INCOMPLETE = 3;
  /** Publishing failed; the previous report_latest.json is still in place. */
  public static final int PUBLISH_FAILED = 4;
  /**
   * A --fail-on gate tripped: new (or reopened) findings at or above the given severity since the previous run, or
   * open findings at or above it past their SLA ({@code sla:SEVERITY}). The report was published; takes precedence
   * over {@link #INCOMPLETE}.
   */
  public static final int GATE = 5;
  /**
   * Interrupted (SIGINT, Ctrl-C); scans in flight were stopped. The JVM reports a signal as 128 + its number, so a
   * job stopped by SIGTERM exits {@link #TERMINATED}.
   */
  public static final int INTERRUPTED = 130;
  /**
   * Stopped by SIGTERM (Kubernetes, AWS Batch and CI runners send it to cancel or time out a job): scans in flight
   * were stopped with their process trees and the work folder was kept, its path logged.
   */
  public static final int TERMINATED = 143;

  /** The exit-code table printed by {@code --help}. */
  public static final String TABLE = "Exit codes:%n"
      + "  0    success%n"
      + "  1    internal error (a bug: please report it with the log)%n"
      + "  2    usage or configuration error (every problem is listed)%n"
      + "  3    published, but some scans failed or timed out, some inputs could not be parsed, or an exporter%n"
      + "       (--export) failed%n"
      + "  4    publishing failed (the previous report_latest.json is still in place)%n"
      + "  5    a --fail-on gate tripped: new or reopened findings at or above the given severity since the%n"
      + "       previous run (diff, run, demo; the report is still published; wins over 3), or open findings%n"
      + "       at or above it past their SLA (sla:SEVERITY; run, demo)%n"
      + "  130  interrupted by SIGINT (Ctrl-C): scans in flight were stopped; the work folder is kept (its path%n"
      + "       is logged)%n"
      + "  143  stopped by SIGTERM (a scheduler cancelled the job or it ran past its time): the same as 130";

  private ExitCode() {
  }
}
