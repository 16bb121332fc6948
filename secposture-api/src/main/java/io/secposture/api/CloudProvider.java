package io.secposture.api;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cloud or platform that accounts live in, identified by a short lower-case id such as {@code aws}.
 *
 * <p>This is an open set, not an enum: an in-house scanner can scan {@code oci} or {@code github} by using
 * {@code CloudProvider.of("github")}. The id is also a top-level key of the report JSON, so the handful of names
 * the report uses for its own sections ({@code total}, {@code accounts}, ...) are refused.
 *
 * @param id the provider id: lower-case letters, digits and dashes, starting with a letter
 */
public record CloudProvider(String id) implements Comparable<CloudProvider> {

  // declared before the constants below, which the constructor validates against
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  /** Top-level keys of the report JSON that a provider id must not shadow. */
  static final Set<String> RESERVED = Set.of("report_date", "total", "schema_version", "generated_at", "run_id",
      "accounts", "severities", "statuses", "top_rules", "coverage", "failed_inputs", "diff", "compliance",
      "suppressions", "shard", "run");

  /** Amazon Web Services. */
  public static final CloudProvider AWS = new CloudProvider("aws");
  /** Microsoft Azure. */
  public static final CloudProvider AZURE = new CloudProvider("azure");
  /** Google Cloud. */
  public static final CloudProvider GCP = new CloudProvider("gcp");
  /** Kubernetes clusters. */
  public static final CloudProvider KUBERNETES = new CloudProvider("kubernetes");

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if the id is not lower-case letters, digits and dashes or is a reserved name
   */
  public CloudProvider {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("provider id '" + id
          + "' is not valid: use 1-40 lower-case letters, digits or '-', starting with a letter (e.g. aws)");
    }
    if (RESERVED.contains(id)) {
      throw new IllegalArgumentException("provider id '" + id + "' is reserved for a section of the report");
    }
  }

  /**
   * Returns the provider with the given id, case-insensitively ({@code "AWS"} is {@link #AWS}).
   *
   * @param id the provider id
   * @return the provider
   * @throws IllegalArgumentException if the id is not valid
   */
  public static CloudProvider of(String id) {
    Objects.requireNonNull(id, "id");
    return new CloudProvider(id.trim().toLowerCase(Locale.ROOT));
  }

  @Override
  public int compareTo(CloudProvider other) {
    return id.compareTo(other.id);
  }

  @Override
  public String toString() {
    return id;
  }
}
