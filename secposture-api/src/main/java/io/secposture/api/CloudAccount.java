package io.secposture.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One account to scan: an AWS account, an Azure subscription, a GCP project, a Kubernetes cluster.
 *
 * <p>Build one with {@link #builder(CloudProvider, String)}. Inventories ({@code Inventory} in secposture-core)
 * create these from environment variables or a file; organisation discovery creates them from a cloud's account
 * list. Printing an account never prints a secret: {@link Credentials} mask theirs.
 *
 * @param provider the cloud the account lives in
 * @param id the account id as the cloud knows it (AWS account number, subscription id, project id, cluster
 *     context); non-blank, without control characters
 * @param name a display name; equals {@code id} when none was configured
 * @param labels free-form labels (team, environment, ...) copied into the report
 * @param credentials how scanners authenticate to this account
 * @param scanners the scanner names to run for this account; empty means the job's default scanners
 * @param enabled false to skip the account: it is reported as {@link ScanStatus#SKIPPED}
 * @param options per-account scanner options such as {@code scoutsuite.regions}; see each scanner's documentation
 */
public record CloudAccount(CloudProvider provider, String id, String name, Map<String, String> labels,
    Credentials credentials, List<String> scanners, boolean enabled, Settings options) {

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  /** Validates the components and copies collections. */
  public CloudAccount {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(id, "id");
    if (id.isBlank() || CONTROL.matcher(id).find()) {
      throw new IllegalArgumentException("account id must be non-blank text without control characters, got '"
          + id.replaceAll("\\p{Cntrl}", "?") + "'");
    }
    name = name == null || name.isBlank() ? id : name;
    labels = Map.copyOf(labels);
    Objects.requireNonNull(credentials, "credentials");
    scanners = List.copyOf(scanners);
    Objects.requireNonNull(options, "options");
  }

  /**
   * Returns a short key that identifies this account within a run: {@code provider/id}.
   *
   * @return the key
   */
  public String key() {
    return provider.id() + "/" + id;
  }

  /**
   * Starts building an account with ambient credentials, no labels, default scanners, enabled.
   *
   * @param provider the cloud
   * @param id the account id
   * @return a builder
   */
  public static Builder builder(CloudProvider provider, String id) {
    return new Builder(provider, id);
  }

  /**
   * Returns a builder initialised with this account's values.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(provider, id).name(name).labels(labels).credentials(credentials).scanners(scanners)
        .enabled(enabled).options(options);
  }

  /** Builds {@link CloudAccount}s. Not thread-safe. */
  public static final class Builder {
    private final CloudProvider provider;
    private final String id;
    private String name;
    private Map<String, String> labels = Map.of();
    private Credentials credentials = Credentials.ambient();
    private List<String> scanners = List.of();
    private boolean enabled = true;
    private Settings options = Settings.empty();

    private Builder(CloudProvider provider, String id) {
      this.provider = provider;
      this.id = id;
    }

    /**
     * Sets the display name.
     *
     * @param name the name; nullable for the id
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the labels.
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    /**
     * Sets the credentials.
     *
     * @param credentials the credentials
     * @return this builder
     */
    public Builder credentials(Credentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * Sets the scanners to run; empty for the job's default.
     *
     * @param scanners scanner names
     * @return this builder
     */
    public Builder scanners(List<String> scanners) {
      this.scanners = scanners;
      return this;
    }

    /**
     * Enables or disables the account.
     *
     * @param enabled false to skip it
     * @return this builder
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Sets the per-account scanner options.
     *
     * @param options the options
     * @return this builder
     */
    public Builder options(Settings options) {
      this.options = options;
      return this;
    }

    /**
     * Builds the account.
     *
     * @return the account
     * @throws IllegalArgumentException if a component is invalid
     */
    public CloudAccount build() {
      return new CloudAccount(provider, id, name, labels, credentials, scanners, enabled, options);
    }
  }
}
