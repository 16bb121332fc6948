package io.secposture.scoutsuite.internal;

/**
 * Not public API: what a ScoutSuite item path ({@code ec2.regions.eu-west-1.volumes.vol-1.encrypted}) and a rule's
 * path patterns ({@code ec2.regions.id.volumes.id}) say about the resource. Stateless.
 *
 * <p>The finding's fingerprint is computed from the whole item path (its resource id shows the resource's ARN or
 * cloud id where there is one, see {@code ResourceIds}): the path is unique per flagged item and stable across runs,
 * which the fingerprint needs (two items of one rule often point into the same resource, e.g. the ingress and egress
 * rules of one security group). The resource the HTML report highlights is the item's first {@code n} components,
 * where {@code n} is the length of the rule's {@code display_path}, or of its {@code path} when there is none
 * (reference §3.6); the collection it lives in gives the finding's resource type.
 */
public final class ItemPaths {
  private static final String REGIONS = ".regions.";

  private ItemPaths() {
  }

  /**
   * Returns the region an item lives in: the component after {@code regions}, if any.
   *
   * @param item the item path
   * @return the region, or {@code null} when the path has no {@code regions.<region>} part
   */
  public static String region(String item) {
    int start;
    if (item.startsWith("regions.")) {
      start = "regions.".length();
    } else {
      int at = item.indexOf(REGIONS);
      if (at < 0) {
        return null;
      }
      start = at + REGIONS.length();
    }
    int end = item.indexOf('.', start);
    String region = end < 0 ? item.substring(start) : item.substring(start, end);
    return region.isEmpty() ? null : region;
  }

  /**
   * Returns the resource type of a rule's findings: the service and the collection the resource lives in, taken
   * from the display path (or path) pattern, e.g. {@code ec2.security_groups} for
   * {@code ec2.regions.id.vpcs.id.security_groups.id}, {@code cloudtrail.regions} for {@code cloudtrail.regions.id}
   * and {@code iam.password_policy} for {@code iam.password_policy.MinimumPasswordLength}.
   *
   * @param service the service key
   * @param displayPath the rule's display path; nullable
   * @param path the rule's path; nullable
   * @return the type, or {@code null} when the rule has no path
   */
  public static String resourceType(String service, String displayPath, String path) {
    String pattern = displayPath != null && !displayPath.isBlank() ? displayPath : path;
    if (pattern == null || pattern.isBlank()) {
      return null;
    }
    String[] parts = pattern.split("\\.");
    String collection = null;
    boolean hasId = false;
    for (String part : parts) {
      hasId |= part.equals("id");
    }
    if (hasId) {
      for (int i = parts.length - 1; i >= 0 && collection == null; i--) {
        if (!parts[i].equals("id") && !parts[i].isEmpty()) {
          collection = parts[i];
        }
      }
    } else if (parts.length > 1) {
      collection = parts[1];
    }
    if (collection == null || collection.equals(service)) {
      return service;
    }
    return service + "." + collection;
  }
}
