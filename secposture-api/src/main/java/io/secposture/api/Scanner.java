package io.secposture.api;

import java.util.Set;

/**
 * One scanner tool, such as ScoutSuite or Prowler, that scans one account per call.
 *
 * <p><b>Who calls it.</b> The pipeline engine in secposture-core calls {@link #scan(ScanRequest)} once per account
 * and scanner, up to its concurrency limit at a time, each on its own thread. Embedding code may call it directly.
 *
 * <p><b>How to implement it.</b> Give the class a public no-argument constructor and register it in
 * {@code META-INF/services/io.secposture.api.Scanner}. Keep it stateless or thread-safe: everything that varies per
 * call arrives in the {@link ScanRequest}, so a discovered instance is usable as-is and one configured through a
 * builder behaves the same way. Extend {@code ScannerContract} from secposture-test-kit to prove it behaves.
 *
 * <p><b>Failures.</b> A scan that runs and fails returns a {@link ScanResult} with status {@link ScanStatus#FAILED}
 * (or {@code TIMED_OUT}) and a reason; it does not throw. Throw {@link ScanException} or
 * {@link ConfigurationException} only when the request itself is unusable (unsupported credentials, bad options).
 * Never put a secret on a command line, in a log or in a result.
 */
public interface Scanner {

  /**
   * Returns the scanner's unique name: lower-case letters, digits and dashes, e.g. {@code scoutsuite}.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the clouds this scanner can scan.
   *
   * @return an unmodifiable set, never empty
   */
  Set<CloudProvider> providers();

  /**
   * Scans one account, blocking until the scan ends, its timeout passes or the calling thread is interrupted
   * (which stops the scan and everything it started).
   *
   * @param request the account, credentials, output directory, timeout and options
   * @return how the scan ended and the files it wrote
   * @throws ConfigurationException if the request cannot be honoured (for example unsupported credentials)
   */
  ScanResult scan(ScanRequest request);

  /**
   * Checks, before a run and without scanning, that this scanner could run: for a command-line tool, that its
   * executable is found and answers with a version this scanner supports. The job's {@code check} command and
   * {@code run --dry-run} call it once per scanner the run would use, with the job-wide scanner options; it must
   * not contact a cloud, must return within seconds, and reports problems in the result instead of throwing.
   *
   * <p>The default has nothing to check ({@link Preflight#nothingToCheck()}), so existing scanners keep compiling.
   *
   * @param options the job-wide scanner options (every scanner's keys, e.g. {@code prowler.executable})
   * @return the executable, its version and any problem; never a secret
   */
  default Preflight preflight(Settings options) {
    return Preflight.nothingToCheck();
  }
}
