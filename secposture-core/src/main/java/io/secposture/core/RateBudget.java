package io.secposture.core;

import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A per-provider API rate budget that the scans running at once share, so a run over hundreds of accounts does not
 * starve production workloads of API quota (ScoutSuite issues #91, #1396; Prowler's parallel-execution warning).
 *
 * <p><b>How it is shared.</b> When a scan of a provider with a budget of B requests per second starts, and S scans
 * of that provider have not finished yet (this one, those running, those waiting), the scan gets
 * {@code max(1, floor(B / min(concurrency, S)))}. A scan keeps its share until it ends (scanner processes cannot
 * change their limit while they run), and shares only grow as the run drains, so the scans running at any moment
 * never exceed B together (unless B is smaller than the number of scans, when each still gets 1).
 *
 * <p><b>How scanners receive it</b>, through the scan's options (an account's or the job's own lower value wins):
 * <table>
 *   <caption>options a budget sets</caption>
 *   <tr><th>option</th><th>value</th><th>for</th></tr>
 *   <tr><td>{@value #SHARE_OPTION}</td><td>the share</td><td>in-house scanners</td></tr>
 *   <tr><td>{@code scoutsuite.max-rate}</td><td>the share</td><td>ScoutSuite's {@code --max-rate}</td></tr>
 *   <tr><td>{@code prowler.aws-retries-max-attempts}, {@code prowler.gcp-retries-max-attempts}</td>
 *       <td>the provider's retry attempts</td><td>Prowler's {@code --aws-retries-max-attempts},
 *       {@code --gcp-retries-max-attempts}: Prowler has no rate limit of its own, so it retries throttled calls
 *       with backoff instead</td></tr>
 * </table>
 *
 * <p><b>Settings</b> ({@link #from(Settings)}): {@code <provider>.}{@value #REQUESTS_PER_SECOND} (1 to 100000) and
 * {@code <provider>.}{@value #RETRIES} (1 to 100; default {@value #DEFAULT_RETRIES} for a provider with a request
 * budget), e.g. {@code aws.max-requests-per-second=100}.
 *
 * <p>Who uses it: {@link Pipeline.Builder#rateBudget(RateBudget)}; the job's {@code --rate-budget} option. Immutable
 * and thread-safe.
 */
public final class RateBudget {
  /** Setting: requests per second shared by a provider's scans. */
  public static final String REQUESTS_PER_SECOND = "max-requests-per-second";
  /** Setting: how many attempts a throttled API call gets. */
  public static final String RETRIES = "retries-max-attempts";
  /** Retry attempts of a provider that has a request budget and sets no retries. */
  public static final int DEFAULT_RETRIES = 10;
  /** The scan option carrying the scan's share, for in-house scanners. */
  public static final String SHARE_OPTION = "rate.max-requests-per-second";

  private static final RateBudget NONE = new RateBudget(new TreeMap<>());
  private static final String SCOUTSUITE_RATE = "scoutsuite.max-rate";

  private final SortedMap<CloudProvider, Limit> limits;

  private RateBudget(SortedMap<CloudProvider, Limit> limits) {
    this.limits = Collections.unmodifiableSortedMap(new TreeMap<>(limits));
  }

  /**
   * One provider's budget.
   *
   * @param requestsPerSecond requests per second its scans share; nullable for no request budget
   * @param retries attempts per throttled call; nullable for the scanners' own default
   */
  public record Limit(Integer requestsPerSecond, Integer retries) {
    /** Validates the ranges. */
    public Limit {
      if (requestsPerSecond != null && (requestsPerSecond < 1 || requestsPerSecond > 100_000)) {
        throw new IllegalArgumentException("requests per second must be 1 to 100000, got " + requestsPerSecond);
      }
      if (retries != null && (retries < 1 || retries > 100)) {
        throw new IllegalArgumentException("retry attempts must be 1 to 100, got " + retries);
      }
    }
  }

  /**
   * Returns a budget that limits nothing.
   *
   * @return the empty budget
   */
  public static RateBudget none() {
    return NONE;
  }

  /**
   * Reads a budget from settings such as {@code aws.max-requests-per-second=100} and
   * {@code gcp.retries-max-attempts=8}.
   *
   * @param settings the settings
   * @return the budget
   * @throws ConfigurationException listing every malformed or unknown key
   */
  public static RateBudget from(Settings settings) {
    Objects.requireNonNull(settings, "settings");
    List<String> problems = new ArrayList<>();
    Map<CloudProvider, Integer> rates = new LinkedHashMap<>();
    Map<CloudProvider, Integer> retries = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : settings.asMap().entrySet()) {
      String key = entry.getKey();
      int dot = key.indexOf('.');
      String setting = dot < 0 ? "" : key.substring(dot + 1);
      CloudProvider provider;
      try {
        provider = CloudProvider.of(dot < 0 ? key : key.substring(0, dot));
      } catch (IllegalArgumentException e) {
        problems.add("rate budget setting '" + key + "': " + e.getMessage());
        continue;
      }
      if (!setting.equals(REQUESTS_PER_SECOND) && !setting.equals(RETRIES)) {
        problems.add("rate budget setting '" + key + "' is unknown; use <provider>." + REQUESTS_PER_SECOND
            + " or <provider>." + RETRIES + ", e.g. aws." + REQUESTS_PER_SECOND + "=100");
        continue;
      }
      Integer value;
      try {
        value = settings.getInt(key);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
        continue;
      }
      boolean rate = setting.equals(REQUESTS_PER_SECOND);
      int max = rate ? 100_000 : 100;
      if (value < 1 || value > max) {
        problems.add("rate budget setting '" + key + "' has value '" + value + "'; expected 1 to " + max);
        continue;
      }
      (rate ? rates : retries).put(provider, value);
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Builder builder = builder();
    rates.forEach(builder::requestsPerSecond);
    retries.forEach(builder::retries);
    return builder.build();
  }

  /**
   * Starts building a budget.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a provider's budget.
   *
   * @param provider the cloud
   * @return its limit, or empty when it has none
   */
  public Optional<Limit> limit(CloudProvider provider) {
    return Optional.ofNullable(limits.get(provider));
  }

  /**
   * Returns every provider's budget.
   *
   * @return an unmodifiable sorted map
   */
  public SortedMap<CloudProvider, Limit> limits() {
    return limits;
  }

  /**
   * Tells whether the budget limits nothing.
   *
   * @return true if no provider has a budget
   */
  public boolean isEmpty() {
    return limits.isEmpty();
  }

  /**
   * Returns one scan's share of its provider's request budget.
   *
   * @param provider the scan's cloud
   * @param sharers how many scans share the budget (at least 1)
   * @return requests per second, at least 1; empty when the provider has no request budget
   */
  public Optional<Integer> share(CloudProvider provider, int sharers) {
    Limit limit = limits.get(provider);
    if (limit == null || limit.requestsPerSecond() == null) {
      return Optional.empty();
    }
    return Optional.of(Math.max(1, limit.requestsPerSecond() / Math.max(1, sharers)));
  }

  /**
   * Returns a scan's options with its share of the budget applied (see the class description); options that
   * already set a lower rate, or their own retries, keep them.
   *
   * @param provider the scan's cloud
   * @param sharers how many scans share the provider's budget when it starts
   * @param options the scan's options
   * @return the options to hand to the scanner
   */
  public Settings apply(CloudProvider provider, int sharers, Settings options) {
    Limit limit = limits.get(provider);
    if (limit == null) {
      return options;
    }
    Settings result = options;
    Optional<Integer> share = share(provider, sharers);
    if (share.isPresent()) {
      result = result.with(SHARE_OPTION, String.valueOf(share.get()))
          .with(SCOUTSUITE_RATE, String.valueOf(lower(options, SCOUTSUITE_RATE, share.get())));
    }
    Integer retries = limit.retries() != null ? limit.retries()
        : limit.requestsPerSecond() != null ? Integer.valueOf(DEFAULT_RETRIES) : null;
    String retryOption = "prowler." + provider.id() + "-retries-max-attempts";
    if (retries != null && (provider.equals(CloudProvider.AWS) || provider.equals(CloudProvider.GCP))
        && !options.contains(retryOption)) {
      result = result.with(retryOption, String.valueOf(retries));
    }
    return result;
  }

  private static int lower(Settings options, String key, int share) {
    String own = options.getString(key);
    if (own != null) {
      try {
        return Math.min(share, Integer.parseInt(own));
      } catch (NumberFormatException e) {
        // the scanner reports its own malformed option; the budget's share stands
      }
    }
    return share;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RateBudget that && limits.equals(that.limits);
  }

  @Override
  public int hashCode() {
    return limits.hashCode();
  }

  /** Returns e.g. {@code RateBudget{aws=Limit[requestsPerSecond=100, retries=null]}}. */
  @Override
  public String toString() {
    return "RateBudget" + limits;
  }

  /** Builds {@link RateBudget}s. Not thread-safe. */
  public static final class Builder {
    private final Map<CloudProvider, Integer> rates = new LinkedHashMap<>();
    private final Map<CloudProvider, Integer> retries = new LinkedHashMap<>();

    private Builder() {
    }

    /**
     * Sets the requests per second a provider's scans share.
     *
     * @param provider the cloud
     * @param requestsPerSecond 1 to 100000
     * @return this builder
     */
    public Builder requestsPerSecond(CloudProvider provider, int requestsPerSecond) {
      new Limit(requestsPerSecond, null);
      rates.put(Objects.requireNonNull(provider, "provider"), requestsPerSecond);
      return this;
    }

    /**
     * Sets how many attempts a provider's throttled calls get.
     *
     * @param provider the cloud
     * @param attempts 1 to 100
     * @return this builder
     */
    public Builder retries(CloudProvider provider, int attempts) {
      new Limit(null, attempts);
      retries.put(Objects.requireNonNull(provider, "provider"), attempts);
      return this;
    }

    /**
     * Builds the budget.
     *
     * @return the budget
     */
    public RateBudget build() {
      TreeMap<CloudProvider, Limit> limits = new TreeMap<>();
      rates.forEach((provider, rate) -> limits.put(provider, new Limit(rate, retries.get(provider))));
      retries.forEach((provider, attempts) -> limits.putIfAbsent(provider, new Limit(null, attempts)));
      return limits.isEmpty() ? NONE : new RateBudget(limits);
    }
  }
}
