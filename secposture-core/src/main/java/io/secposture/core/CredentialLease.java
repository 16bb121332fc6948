package io.secposture.core;

import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.util.List;
import java.util.Objects;

/**
 * Short-lived credentials a {@link CredentialBroker} obtained for one scan, valid until {@link #close()}.
 *
 * <p><b>Lifecycle.</b> The pipeline takes a lease right before the scanner starts, hands {@link #credentials()} to
 * the scanner in its {@link io.secposture.api.ScanRequest}, and closes the lease as soon as the scanner returns
 * (whatever happened). Closing ends the scanner's access: a loopback credentials endpoint stops answering, a
 * credentials file is deleted, a refresher stops. A lease may keep its credentials fresh while it is open, so a scan
 * that outlives one session (a role assumed by chaining lasts at most an hour) keeps working.
 *
 * <p><b>Secrets.</b> {@link #credentials()} prints masked like every {@link Credentials}; {@link #secrets()} returns
 * everything the lease handed out so far (tokens, keys it served), so the pipeline masks them in the scan's reason,
 * warnings and log tail too.
 *
 * <p>Implementations are thread-safe: {@link #secrets()} may be called while the lease refreshes on another thread,
 * and {@link #close()} is idempotent.
 */
public interface CredentialLease extends AutoCloseable {

  /**
   * Returns the credentials to hand to the scanner, typically {@link Credentials.Environment} or
   * {@link Credentials.GcpCredentialsFile}.
   *
   * @return the credentials
   */
  Credentials credentials();

  /**
   * Returns every secret this lease has handed out so far, for masking.
   *
   * @return the secrets; empty by default
   */
  default List<Secret> secrets() {
    return Redactor.secretsOf(credentials());
  }

  /** Ends the lease: the scanner can no longer use the credentials. Never throws; idempotent. */
  @Override
  void close();

  /**
   * Returns a lease that hands over fixed credentials and holds nothing to release, for brokers that only check or
   * translate credentials.
   *
   * @param credentials the credentials
   * @return the lease
   */
  static CredentialLease of(Credentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    return new CredentialLease() {
      @Override
      public Credentials credentials() {
        return credentials;
      }

      @Override
      public void close() {
        // nothing to release
      }

      @Override
      public String toString() {
        return "CredentialLease[" + credentials + "]";
      }
    };
  }
}
