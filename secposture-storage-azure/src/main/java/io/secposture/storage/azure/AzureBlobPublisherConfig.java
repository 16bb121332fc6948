package io.secposture.storage.azure;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.spi.BucketSites;
import io.secposture.core.spi.StoreOptions;
import io.secposture.core.spi.QueryOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how {@link AzureBlobArtifactPublisher} publishes, built from the destination and the options (keys in
 * the {@code azure} namespace). Destinations:
 * <ul>
 *   <li>{@code azblob://account/container/prefix};</li>
 *   <li>{@code https://account.blob.core.windows.net/container/prefix} (and the other Azure clouds'
 *       {@code .blob.core.*} hosts), optionally with a SAS token as its query, as the portal hands it out: the SAS
 *       parameters are taken as a secret and never printed; other query parameters are settings.</li>
 * </ul>
 * To publish a {@code $web} static website, use the container {@code $web}
 * ({@code azblob://account/$web/security}); every blob gets its content type, so pages are served as pages.
 *
 * <p>The settings, their defaults and meaning, the order credentials are tried in and logging advice are in the
 * module's README. Microsoft Entra ID
 * ({@code DefaultAzureCredential}, managed identity, workload identity) needs azure-identity, which this module
 * does not depend on: build a {@code BlobServiceClient} with it and pass it to
 * {@link AzureBlobArtifactPublisher#builder()}.
 *
 * @param account the storage account name
 * @param container the container
 * @param prefix the blob name prefix of the site, without leading or trailing {@code /}; empty for the container root
 * @param endpoint the blob service endpoint; nullable when the connection string gives it
 * @param connectionString a connection string; nullable
 * @param accountKey the account key; nullable
 * @param sasToken a SAS token without the leading {@code ?}; nullable (with none of the three, a client must be
 *     given to the publisher)
 * @param blockSize block size of large uploads
 * @param singleUploadThreshold files up to this size go up in one request
 * @param blockConcurrency blocks of one file uploaded at once
 * @param accessTier the access tier; nullable for the account default
 * @param maxAttempts tries per request
 * @param serviceVersion the pinned REST API version; nullable for the SDK's latest
 * @param concurrency uploads at once ({@code publish.concurrency})
 */
public record AzureBlobPublisherConfig(String account, String container, String prefix, URI endpoint,
    Secret connectionString, Secret accountKey, Secret sasToken, long blockSize, long singleUploadThreshold,
    int blockConcurrency, String accessTier, int maxAttempts, String serviceVersion, int concurrency) {

  /** The namespace of this publisher's settings. */
  public static final String NAMESPACE = "azure";
  private static final Set<String> KEYS = Set.of("endpoint", "connection-string", "account-key", "sas-token",
      "block-size", "single-upload-threshold", "block-concurrency", "access-tier", "max-attempts", "service-version");
  private static final Set<String> SECRET_KEYS = Set.of("connection-string", "account-key", "sas-token");
  /** Query parameters that belong to a SAS token. */
  private static final Set<String> SAS_PARAMETERS = Set.of("sv", "ss", "srt", "sp", "se", "st", "spr", "sig", "sr",
      "si", "sip", "skoid", "sktid", "skt", "ske", "sks", "skv", "saoid", "suoid", "scid", "sdd", "ses", "rscc",
      "rscd", "rsce", "rscl", "rsct", "sduoid", "skdutid");
  private static final Pattern BLOB_HOST = Pattern.compile("([a-z0-9]{3,24})\\.blob\\.core\\.[a-z0-9.]+");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
  private static final Pattern CONTAINER = Pattern.compile("\\$web|\\$root|[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");
  private static final Set<String> TIERS = Set.of("hot", "cool", "cold", "archive");

  /** Validates the components. */
  public AzureBlobPublisherConfig {
    Objects.requireNonNull(account, "account");
    if (!ACCOUNT.matcher(account).matches()) {
      throw new ConfigurationException("'" + account + "' is not a storage account name (3 to 24 lower-case letters"
          + " and digits)");
    }
    Objects.requireNonNull(container, "container");
    if (!CONTAINER.matcher(container).matches()) {
      throw new ConfigurationException("'" + container + "' is not a container name (3 to 63 lower-case letters,"
          + " digits and single dashes, or $web)");
    }
    BucketSites.requirePrefix(prefix);
    if (endpoint == null && connectionString == null) {
      throw new ConfigurationException("no blob endpoint for account " + account);
    }
    if (blockSize < 1 || blockSize > 4000L << 20) {
      throw new ConfigurationException("azure.block-size must be 1 byte to 4000 MiB, got " + blockSize);
    }
    if (singleUploadThreshold < 1 || singleUploadThreshold > 5000L << 20) {
      throw new ConfigurationException("azure.single-upload-threshold must be 1 byte to 5000 MiB, got "
          + singleUploadThreshold);
    }
    if (blockConcurrency < 1 || maxAttempts < 1 || concurrency < 1) {
      throw new ConfigurationException("azure.block-concurrency, azure.max-attempts and publish.concurrency must be at"
          + " least 1");
    }
    if (accessTier != null && !TIERS.contains(accessTier.toLowerCase(Locale.ROOT))) {
      throw new ConfigurationException("setting 'azure.access-tier' has value '" + accessTier
          + "'; expected Hot, Cool, Cold or Archive");
    }
    if (serviceVersion != null && !serviceVersion.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new ConfigurationException("setting 'azure.service-version' has value '" + serviceVersion
          + "'; expected a REST API version such as 2025-11-05");
    }
  }

  /**
   * Reads the configuration from a destination and options, with secrets from the process environment.
   *
   * @param destination {@code azblob://account/container/prefix} or {@code https://account.blob.core.windows.net/...}
   * @param options the publication's options
   * @return the configuration
   * @throws ConfigurationException naming every problem
   */
  public static AzureBlobPublisherConfig from(URI destination, Settings options) {
    return from(destination, options, System.getenv());
  }

  /**
   * Reads the configuration from a destination, options and an environment.
   *
   * @param destination {@code azblob://account/container/prefix} or {@code https://account.blob.core.windows.net/...}
   * @param options the publication's options
   * @param environment where {@code AZURE_STORAGE_*} secrets are looked up
   * @return the configuration
   * @throws ConfigurationException naming every problem
   */
  public static AzureBlobPublisherConfig from(URI destination, Settings options, Map<String, String> environment) {
    URI shown = QueryOptions.withoutSecrets(destination);
    String scheme = destination.getScheme() == null ? "" : destination.getScheme().toLowerCase(Locale.ROOT);
    String account;
    String path;
    URI endpoint = null;
    if (scheme.equals(AzureBlobArtifactPublisher.SCHEME)) {
      account = destination.getAuthority();
      path = destination.getPath();
      if (account != null) {
        endpoint = URI.create("https://" + account + ".blob.core.windows.net");
      }
    } else if (scheme.equals("https") && destination.getHost() != null) {
      Matcher host = BLOB_HOST.matcher(destination.getHost().toLowerCase(Locale.ROOT));
      if (!host.matches()) {
        throw new ConfigurationException("'" + shown + "' is not an Azure Blob URL (https://<account>.blob.core."
            + "windows.net/<container>/<prefix>); for another endpoint use azblob://account/container/prefix with"
            + " azure.endpoint");
      }
      account = host.group(1);
      path = destination.getPath();
      endpoint = URI.create("https://" + destination.getHost() + (destination.getPort() > 0 ? ":"
          + destination.getPort() : ""));
    } else {
      throw new ConfigurationException("the Azure Blob publisher publishes to azblob://account/container/prefix or"
          + " https://account.blob.core.windows.net/container/prefix, not '" + shown + "'");
    }
    if (account == null || account.isEmpty()) {
      throw new ConfigurationException("the destination '" + shown + "' names no storage account");
    }
    String trimmed = path == null ? "" : path.replaceAll("^/+", "").replaceAll("/+$", "");
    int slash = trimmed.indexOf('/');
    String container = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String rest = slash < 0 ? "" : trimmed.substring(slash + 1);
    if (container.isEmpty()) {
      throw new ConfigurationException("the destination '" + shown + "' names no container; write "
          + "azblob://account/container/prefix");
    }
    String prefix = BucketSites.prefix(destination, rest);
    SasSplit split = splitSas(destination);
    StoreOptions settings = StoreOptions.of(split.settingsDestination(), options, NAMESPACE, KEYS,
        SECRET_KEYS, environment);
    URI endpointOverride = settings.uri("endpoint");
    Secret connectionString = settings.secret("connection-string", "AZURE_STORAGE_CONNECTION_STRING");
    Secret sasToken = split.sasToken() != null ? split.sasToken()
        : settings.secret("sas-token", "AZURE_STORAGE_SAS_TOKEN");
    if (sasToken != null && sasToken.reveal().startsWith("?")) {
      sasToken = Secret.of(sasToken.reveal().substring(1));
    }
    if (connectionString != null) {
      String named = connectionStringAccount(connectionString);
      if (named != null && !named.equals(account)) {
        throw new ConfigurationException("the connection string is for account '" + named + "' but the destination "
            + shown + " names account '" + account + "'");
      }
    }
    return new AzureBlobPublisherConfig(account, container, prefix,
        endpointOverride != null ? endpointOverride : connectionString != null ? null : endpoint, connectionString,
        settings.secret("account-key", "AZURE_STORAGE_KEY"), sasToken,
        settings.size("block-size", 8L << 20, 1, 4000L << 20),
        settings.size("single-upload-threshold", 16L << 20, 1, 5000L << 20),
        settings.integer("block-concurrency", 4, 1, 64), settings.string("access-tier"),
        settings.integer("max-attempts", 6, 1, 20), settings.string("service-version"),
        settings.concurrency());
  }

  /**
   * Returns the blob name of a key relative to the site root.
   *
   * @param key the site key
   * @return the blob name
   */
  public String blobName(String key) {
    return BucketSites.objectKey(prefix, key);
  }

  /**
   * Returns the {@code azblob://} URI of a site key.
   *
   * @param key the site key; empty for the site root
   * @return the URI
   */
  public URI uri(String key) {
    return BucketSites.uri(AzureBlobArtifactPublisher.SCHEME, account, "/" + container + "/" + blobName(key));
  }

  /**
   * Returns the site root as printed in messages and results.
   *
   * @return {@code azblob://account/container/prefix}
   */
  public URI siteUri() {
    String site = uri("").toString();
    return URI.create(site.endsWith("/") ? site.substring(0, site.length() - 1) : site);
  }

  /**
   * Tells whether the configuration holds credentials (else the publisher needs a client given to it).
   *
   * @return true if a connection string, account key or SAS token is set
   */
  public boolean hasCredentials() {
    return connectionString != null || accountKey != null || sasToken != null;
  }

  /**
   * Returns the destination without the SAS parameters of its query (the settings parameters stay).
   *
   * @param destination the destination
   * @return the destination without SAS token
   */
  public static URI withoutSasToken(URI destination) {
    return splitSas(destination).settingsDestination();
  }

  /** The destination's query split into a SAS token and the rest (settings). */
  private record SasSplit(URI settingsDestination, Secret sasToken) {
  }

  private static SasSplit splitSas(URI destination) {
    String query = destination.getRawQuery();
    if (query == null || !query.matches("(^|.*&)sig=.*")) {
      return new SasSplit(destination, null);
    }
    List<String> sas = new ArrayList<>();
    List<String> rest = new ArrayList<>();
    for (String pair : query.split("&")) {
      String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      (SAS_PARAMETERS.contains(name) ? sas : rest).add(pair);
    }
    try {
      URI withoutSas = new URI(destination.getScheme(), destination.getAuthority(), destination.getPath(),
          null, null);
      URI settings = rest.isEmpty() ? withoutSas : URI.create(withoutSas + "?" + String.join("&", rest));
      return new SasSplit(settings, Secret.of(String.join("&", sas)));
    } catch (URISyntaxException e) {
      throw new ConfigurationException("the destination " + QueryOptions.withoutSecrets(destination)
          + " cannot be split into URL and SAS token", e);
    }
  }

  private static String connectionStringAccount(Secret connectionString) {
    for (String part : connectionString.reveal().split(";")) {
      int equals = part.indexOf('=');
      if (equals > 0 && part.substring(0, equals).trim().equalsIgnoreCase("AccountName")) {
        return part.substring(equals + 1).trim();
      }
    }
    return null;
  }
}
