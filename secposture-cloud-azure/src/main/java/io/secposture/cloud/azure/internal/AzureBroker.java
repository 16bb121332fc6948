package io.secposture.cloud.azure.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.SecpostureException;
import io.secposture.cloud.azure.AzureChainingConfig;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialLease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: the Azure credential broker.
 *
 * <ul>
 *   <li>{@link Credentials.AzureServicePrincipal}: the scanner gets the same credentials (one application with
 *   Reader on the management group covers every subscription); the broker first proves them by obtaining a Resource
 *   Manager token from Entra ID, once per application, so a wrong secret fails each scan with Entra's reason instead
 *   of deep inside a scanner.</li>
 *   <li>{@link Credentials.AzureFederated}: the scanner gets the same application with its own copy of the federated
 *   token, a 0600 file in a private directory; the broker proves the copy with Entra ID, keeps it equal to the job's
 *   token file (which the CI platform renews) every {@code refresh-interval}, replacing it atomically so a reader
 *   never sees half a token, and deletes it when the scan ends.</li>
 * </ul>
 * Thread-safe.
 */
public final class AzureBroker implements CredentialBroker {
  private static final Logger LOG = LoggerFactory.getLogger(AzureBroker.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final AtomicInteger BROKERS = new AtomicInteger();
  private static final int MAX_REMEMBERED = 1_000;

  private final AzureChainingConfig config;
  private final Entra entra;
  private final Set<Credentials.AzureServicePrincipal> proven = ConcurrentHashMap.newKeySet();
  private final Set<FederatedLease> live = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService refresher;

  /**
   * Creates the broker.
   *
   * @param config the chaining configuration
   * @param sslContext the TLS trust for Entra ID; nullable for the JVM's
   */
  public AzureBroker(AzureChainingConfig config, SSLContext sslContext) {
    this.config = config;
    this.entra = new Entra(config.authorityHost(), sslContext);
  }

  /** Starts the refresher on the first federated lease. */
  private synchronized void startRefresher() {
    if (refresher != null) {
      return;
    }
    int number = BROKERS.incrementAndGet();
    refresher = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "secposture-azure-token-refresh-" + number);
      thread.setDaemon(true);
      return thread;
    });
    long every = config.refreshInterval().toMillis();
    refresher.scheduleWithFixedDelay(this::refreshAll, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public Set<String> kinds() {
    return Set.of(Credentials.AzureServicePrincipal.KIND, Credentials.AzureFederated.KIND);
  }

  @Override
  public CredentialLease lease(CloudAccount account, Credentials credentials) {
    if (credentials instanceof Credentials.AzureServicePrincipal principal) {
      if (!proven.contains(principal)) {
        Entra.token(entra.secret(principal.tenantId(), principal.clientId(), principal.clientSecret()),
            config.resourceManagerScope(), who(account, principal.tenantId(), principal.clientId()));
        proven.add(principal);
        LOG.info("Entra ID accepted application {} of tenant {}; it scans {}", principal.clientId(),
            principal.tenantId(), account.key());
      }
      return CredentialLease.of(principal);
    }
    if (credentials instanceof Credentials.AzureFederated federated) {
      return federated(account, federated);
    }
    throw new ConfigurationException("the Azure credential broker chains azure-service-principal and"
        + " azure-federated credentials, not " + credentials.kind() + " (account " + account.key() + ")");
  }

  private static String who(CloudAccount account, String tenantId, String clientId) {
    return "application " + clientId + " of tenant " + tenantId + " (account " + account.key() + ")";
  }

  private CredentialLease federated(CloudAccount account, Credentials.AzureFederated federated) {
    String token = readToken(federated.tokenFile(), account);
    Path directory = privateDirectory();
    Path copy = directory.resolve("federated-token");
    FederatedLease lease = new FederatedLease(account, federated, directory, copy);
    try {
      lease.write(token);
      Entra.token(entra.federated(federated.tenantId(), federated.clientId(), lease::current),
          config.resourceManagerScope(), who(account, federated.tenantId(), federated.clientId()));
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
    live.add(lease);
    startRefresher();
    LOG.info("Entra ID accepted the federated token of application {} for {}; its scanner reads a private copy"
        + " kept current every {}", federated.clientId(), account.key(), config.refreshInterval());
    return lease;
  }

  private void refreshAll() {
    for (FederatedLease lease : live) {
      try {
        lease.refresh();
      } catch (RuntimeException e) {
        LOG.warn("cannot refresh the federated token copy of {}: {}", lease.account.key(), e.getMessage());
      }
    }
  }

  private static String readToken(Path file, CloudAccount account) {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new SecpostureException("the federated token file " + file + " of account " + account.key()
            + " is empty; the CI platform must write its OIDC token there before the scan");
      }
      return token;
    } catch (IOException e) {
      throw new SecpostureException("cannot read the federated token file " + file + " of account " + account.key()
          + ": " + e.getMessage() + "; check the path in the account's credentials", e);
    }
  }

  /**
   * Reads the {@code exp} claim of a JWT without verifying it (Entra does that).
   *
   * @param token the token
   * @return the expiry, or {@code null} when the token is no JWT or has none
   */
  static Instant expiry(String token) {
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(Base64.getUrlDecoder().decode(parts[1]))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("exp") && value.isNumeric()) {
          return Instant.ofEpochSecond(parser.getLongValue());
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static Path privateDirectory() {
    try {
      Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
      return posix(temporary) ? Files.createTempDirectory("secposture-azure-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("secposture-azure-");
    } catch (IOException e) {
      throw new SecpostureException("cannot create a private directory for an Azure token in "
          + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
    }
  }

  private static boolean posix(Path path) throws IOException {
    return Files.getFileStore(path).supportsFileAttributeView("posix");
  }

  /** One scan's copy of the federated token. */
  final class FederatedLease implements CredentialLease {
    private final CloudAccount account;
    private final Credentials.AzureFederated source;
    private final Path directory;
    private final Path copy;
    private final Credentials.AzureFederated credentials;
    private final LinkedHashSet<String> served = new LinkedHashSet<>();
    private String current;
    private boolean warnedExpired;
    private boolean closed;

    FederatedLease(CloudAccount account, Credentials.AzureFederated source, Path directory, Path copy) {
      this.account = account;
      this.source = source;
      this.directory = directory;
      this.copy = copy;
      this.credentials = new Credentials.AzureFederated(source.tenantId(), source.clientId(), copy);
    }

    synchronized String current() {
      return current;
    }

    /** Replaces the copy atomically with the token, owner-only. */
    synchronized void write(String token) {
      if (closed) {
        return;
      }
      try {
        FileAttribute<?>[] attributes = posix(directory)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, ".token-", ".tmp", attributes);
        Files.writeString(temporary, token, StandardCharsets.UTF_8);
        try {
          Files.move(temporary, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the federated token copy " + copy + ": " + e.getMessage(), e);
      }
      current = token;
      served.add(token);
      while (served.size() > MAX_REMEMBERED) {
        served.remove(served.iterator().next());
      }
    }

    /** Copies the job's token file when it changed; warns once when it expired and nothing renews it. */
    void refresh() {
      String token = readToken(source.tokenFile(), account);
      synchronized (this) {
        if (closed) {
          return;
        }
        if (!token.equals(current)) {
          write(token);
          LOG.debug("refreshed the federated token copy of {}", account.key());
        }
        Instant expiry = expiry(token);
        if (expiry != null && expiry.isBefore(Instant.now()) && !warnedExpired) {
          warnedExpired = true;
          LOG.warn("the federated token in {} expired at {} and was not renewed; scans of {} will fail to get new"
              + " tokens until the CI platform writes a new one", source.tokenFile(), expiry, account.key());
        }
      }
    }

    @Override
    public Credentials credentials() {
      return credentials;
    }

    @Override
    public synchronized List<Secret> secrets() {
      List<Secret> secrets = new ArrayList<>();
      served.forEach(token -> secrets.add(Secret.of(token)));
      return secrets;
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
      }
      live.remove(this);
      try (var entries = Files.list(directory)) {
        for (Path entry : entries.toList()) {
          Files.deleteIfExists(entry);
        }
        Files.deleteIfExists(directory);
      } catch (IOException e) {
        LOG.warn("cannot delete the federated token copy in {}: {}", directory, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "FederatedLease[" + account.key() + ", application " + source.clientId() + (closed ? ", ended" : "")
          + "]";
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      if (refresher != null) {
        refresher.shutdownNow();
      }
    }
    new ArrayList<>(live).forEach(FederatedLease::close);
  }

  @Override
  public String toString() {
    return "AzureBroker[" + config.authorityHost() + ", " + live.size() + " federated leases]";
  }
}
