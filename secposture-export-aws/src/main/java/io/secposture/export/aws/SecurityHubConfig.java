package io.secposture.export.aws;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.api.spi.Suggestions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The settings of the {@code securityhub} exporter, read from the export options ({@code --export-option},
 * {@code SECPOSTURE_EXPORT_OPTIONS}) in its namespace:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code securityhub.region}</td><td>each finding's region</td><td>a home region every finding is
 *       imported into (the aggregation region); without it, each finding goes to its own region and findings
 *       without one (global resources) to the SDK's region ({@code AWS_REGION}), else {@code us-east-1}</td></tr>
 *   <tr><td>{@code securityhub.endpoint}</td><td>AWS's</td><td>an endpoint override (a VPC endpoint; tests)</td></tr>
 *   <tr><td>{@code securityhub.include-passed}</td><td>{@code false}</td><td>also import passed results
 *       ({@code Compliance.Status PASSED}) and manual ones ({@code WARNING})</td></tr>
 * </table>
 *
 * @param region the home region; nullable for each finding's own
 * @param endpoint the endpoint override; nullable for AWS's
 * @param includePassed whether passed and manual results are imported too
 */
public record SecurityHubConfig(String region, URI endpoint, boolean includePassed) {
  /** The settings namespace, which is also the exporter's name. */
  public static final String NAMESPACE = "securityhub";
  private static final Set<String> KEYS = Set.of("region", "endpoint", "include-passed");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");

  /** Validates the region and endpoint. */
  public SecurityHubConfig {
    if (region != null && !REGION.matcher(region).matches()) {
      throw new IllegalArgumentException("not an AWS region: '" + region + "'");
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new IllegalArgumentException("not an endpoint URL: '" + endpoint + "'");
    }
  }

  /**
   * Reads the settings.
   *
   * @param options the export options; keys outside {@code securityhub.} are ignored
   * @return the configuration
   * @throws ConfigurationException listing every malformed or unknown {@code securityhub.} key
   */
  public static SecurityHubConfig from(Settings options) {
    List<String> problems = problems(options);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    Settings own = options.scoped(NAMESPACE);
    String endpoint = own.getString("endpoint");
    return new SecurityHubConfig(own.getString("region"), endpoint == null ? null : URI.create(endpoint),
        own.getBoolean("include-passed", false));
  }

  /**
   * Lists what is wrong with the {@code securityhub.} settings, each problem naming the key and what to do.
   *
   * @param options the export options
   * @return the problems; empty when the settings are usable
   */
  static List<String> problems(Settings options) {
    List<String> problems = new ArrayList<>();
    Settings own = options.scoped(NAMESPACE);
    for (Map.Entry<String, String> entry : own.asMap().entrySet()) {
      String key = entry.getKey();
      if (!KEYS.contains(key)) {
        problems.add("unknown setting '" + NAMESPACE + "." + key + "'"
            + Suggestions.closest(key, new TreeSet<>(KEYS)).map(near -> "; did you mean '" + NAMESPACE + "." + near
            + "'?").orElse("; the securityhub exporter reads " + NAMESPACE + ".region, " + NAMESPACE + ".endpoint and "
            + NAMESPACE + ".include-passed"));
      }
    }
    String region = own.getString("region");
    if (region != null && !REGION.matcher(region).matches()) {
      problems.add("setting '" + NAMESPACE + ".region' has value '" + region + "'; expected an AWS region such"
          + " as eu-west-1");
    }
    String endpoint = own.getString("endpoint");
    if (endpoint != null) {
      try {
        URI uri = new URI(endpoint);
        if (uri.getScheme() == null || uri.getHost() == null
            || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
          throw new URISyntaxException(endpoint, "not an http(s) URL with a host");
        }
      } catch (URISyntaxException e) {
        problems.add("setting '" + NAMESPACE + ".endpoint' has value '" + endpoint + "'; expected an"
            + " endpoint URL such as https://securityhub.eu-west-1.amazonaws.com");
      }
    }
    try {
      own.getBoolean("include-passed", false);
    } catch (ConfigurationException e) {
      problems.add("setting '" + NAMESPACE + ".include-passed' has value '" + own.getString("include-passed")
          + "'; expected true or false");
    }
    return problems;
  }
}
