package io.secposture.core;

import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * Obtains short-lived credentials for each scan from the job's own identity (credential chaining): for an account
 * configured with {@link Credentials.AwsRole}, assume that role with STS and serve the scanner refreshed keys; for
 * {@link Credentials.GcpImpersonation}, write an impersonation configuration; for
 * {@link Credentials.AzureFederated}, keep the federated token file fresh. No per-account secret is stored anywhere.
 *
 * <p><b>Who calls it.</b> The pipeline, configured with {@link Pipeline.Builder#credentialBroker(CredentialBroker)},
 * calls {@link #lease} once per scan whose account's credential {@link Credentials#kind() kind} is in
 * {@link #kinds()}, on the scan's thread, right before the scanner starts; it closes the lease when the scanner
 * returns. Scans of other kinds get their account's credentials unchanged. A lease that cannot be obtained (the role
 * does not trust the job, the service account cannot be impersonated) makes that scan FAILED with the broker's
 * message as the reason; the other scans go on.
 *
 * <p><b>Implementations</b> live in the cloud modules ({@code secposture-cloud-aws}, {@code -gcp}, {@code -azure})
 * and are created by a {@link CredentialBrokerProvider}. They are thread-safe ({@code lease} is called by up to
 * {@code concurrency} scans at once), never log or print a secret, and release everything (servers, threads, files)
 * on {@link #close()}, which the owner of the broker calls after the run (the pipeline does not close it).
 */
public interface CredentialBroker extends AutoCloseable {

  /**
   * Returns the credential kinds this broker chains, e.g. {@code aws-role}.
   *
   * @return an unmodifiable, non-empty set of {@link Credentials#kind()} names
   */
  Set<String> kinds();

  /**
   * Obtains credentials for one scan of an account.
   *
   * @param account the account to scan
   * @param credentials the account's configured credentials, of one of {@link #kinds()}
   * @return the lease; the caller closes it when the scan ends
   * @throws io.secposture.api.SecpostureException if no credentials can be obtained; the message names the account
   *     and says what to check, and never holds a secret
   */
  CredentialLease lease(CloudAccount account, Credentials credentials);

  /** Releases what the broker holds (servers, threads, clients). Idempotent; never throws. */
  @Override
  void close();

  /**
   * Returns one broker that sends each credential kind to the broker that chains it.
   *
   * @param brokers the brokers; no kind may be claimed twice
   * @return the combined broker, which closes every broker when closed
   * @throws ConfigurationException if two brokers claim the same kind
   */
  static CredentialBroker combine(List<CredentialBroker> brokers) {
    Objects.requireNonNull(brokers, "brokers");
    SortedMap<String, CredentialBroker> byKind = new TreeMap<>();
    for (CredentialBroker broker : brokers) {
      for (String kind : broker.kinds()) {
        CredentialBroker previous = byKind.putIfAbsent(kind, broker);
        if (previous != null && previous != broker) {
          throw new ConfigurationException("two credential brokers chain credentials of kind '" + kind + "': "
              + previous.getClass().getName() + " and " + broker.getClass().getName() + "; configure only one");
        }
      }
    }
    List<CredentialBroker> all = List.copyOf(brokers);
    Map<String, CredentialBroker> routes = Collections.unmodifiableSortedMap(byKind);
    return new CredentialBroker() {
      @Override
      public Set<String> kinds() {
        return routes.keySet();
      }

      @Override
      public CredentialLease lease(CloudAccount account, Credentials credentials) {
        CredentialBroker broker = routes.get(credentials.kind());
        if (broker == null) {
          throw new ConfigurationException("no credential broker chains credentials of kind '" + credentials.kind()
              + "' (account " + account.key() + "); brokers chain " + routes.keySet());
        }
        return broker.lease(account, credentials);
      }

      @Override
      public void close() {
        for (CredentialBroker broker : all) {
          try {
            broker.close();
          } catch (RuntimeException e) {
            LoggerFactory.getLogger(CredentialBroker.class).warn("closing credential broker {} failed: {}",
                broker.getClass().getName(), e.toString());
          }
        }
      }

      @Override
      public String toString() {
        return "CredentialBroker" + routes;
      }
    };
  }
}
