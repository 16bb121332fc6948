package io.secposture.export.aws.internal;

import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.core.ExportedFinding;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not public API: turns a finding of any scanner into ASFF, within Security Hub's limits: {@code Title} at most 256
 * characters, {@code Description} 1024, the recommendation 512, {@code RelatedRequirements} at most 32 entries of 64
 * characters (as Prowler writes them: {@code "<framework> <requirement> <requirement>..."}), product fields 2048,
 * so that no finding comes near the 240 KB Security Hub accepts. Immutable and thread-safe.
 */
public final class AsffMapper {
  /** Security Hub's limit on one finding. */
  public static final int MAX_FINDING_BYTES = 240 * 1024;
  static final int TITLE_LIMIT = 256;
  static final int DESCRIPTION_LIMIT = 1024;
  static final int RECOMMENDATION_LIMIT = 512;
  static final int ID_LIMIT = 512;
  static final int REQUIREMENT_LIMIT = 64;
  static final int REQUIREMENTS_LIMIT = 32;
  static final int PRODUCT_FIELD_LIMIT = 2048;
  private static final String ELLIPSIS = "...";
  private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
  private static final Pattern ARN_PARTITION = Pattern.compile("arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):.*");
  private static final Pattern RESOURCE_TYPE = Pattern.compile("Aws[A-Za-z0-9]{1,128}|Container|Other");
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"')\\]]{1,1000}");
  private static final String BEST_PRACTICES = "Software and Configuration Checks/AWS Security Best Practices";
  private static final String STANDARDS = "Software and Configuration Checks/Industry and Regulatory Standards";

  private final String runId;
  private final String version;
  private final String sourceUrl;

  /**
   * Creates a mapper for one run.
   *
   * @param runId the run id, kept in the product fields
   * @param version secposture's version, the finding's {@code ProviderVersion}
   * @param site the published site, the findings' {@code SourceUrl} when it is an http(s) address; nullable
   */
  public AsffMapper(String runId, String version, URI site) {
    this.runId = runId;
    this.version = version;
    String scheme = site == null ? null : site.getScheme();
    this.sourceUrl = scheme != null && (scheme.equals("https") || scheme.equals("http"))
        ? trim(site.toString(), ID_LIMIT) : null;
  }

  /**
   * Tells whether a text is an AWS account id Security Hub accepts.
   *
   * @param accountId the account id
   * @return true for 12 digits
   */
  public static boolean isAccountId(String accountId) {
    return ACCOUNT_ID.matcher(accountId).matches();
  }

  /**
   * Tells whether a text is an AWS region name (not {@code global} or an empty string, which scanners also write).
   *
   * @param region the region; nullable
   * @return true for a region name such as {@code eu-west-1}
   */
  public static boolean isRegion(String region) {
    return region != null && AWS_REGION.matcher(region).matches();
  }

  /**
   * Returns the partition of a region.
   *
   * @param region the region
   * @return {@code aws}, {@code aws-cn} or {@code aws-us-gov}
   */
  public static String partition(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
      return "aws-us-gov";
    }
    return "aws";
  }

  /**
   * Returns the stable ASFF id of a finding: the same for every run and every import of it.
   *
   * @param finding the finding
   * @return {@code secposture/<scanner>/<fingerprint>}
   */
  public static String id(Finding finding) {
    return trim("secposture/" + finding.tool(), ID_LIMIT - 34) + "/" + finding.fingerprint();
  }

  /**
   * Maps one finding.
   *
   * @param item the finding and its life
   * @param region the Security Hub region it is imported into
   * @param archived true to import it {@code ARCHIVED}, false for {@code ACTIVE}
   * @param now the import time: {@code UpdatedAt}, and {@code CreatedAt} when first seen is unknown
   * @return the ASFF finding
   */
  public AsffFinding map(ExportedFinding item, String region, boolean archived, Instant now) {
    Finding finding = item.finding();
    String account = finding.accountId();
    String partition = partition(region);
    List<String> requirements = relatedRequirements(finding.compliance());
    List<String> types = requirements.isEmpty() ? List.of(BEST_PRACTICES) : List.of(BEST_PRACTICES, STANDARDS);
    String updated = timestamp(now);
    String created = item.firstSeen() == null ? updated : timestamp(item.firstSeen());
    String resourceId = finding.resourceId() == null || finding.resourceId().isBlank()
        ? "AWS::::Account:" + account : trim(finding.resourceId(), ID_LIMIT);
    String resourcePartition = partition;
    Matcher arn = ARN_PARTITION.matcher(resourceId);
    if (arn.matches()) {
      resourcePartition = arn.group(1);
    }
    String resourceType = finding.resourceType() != null && RESOURCE_TYPE.matcher(finding.resourceType()).matches()
        ? finding.resourceType() : "Other";
    String description = finding.description() == null || finding.description().isBlank() ? finding.title()
        : finding.description();
    String remediation = finding.remediation() == null || finding.remediation().isBlank() ? null
        : finding.remediation();
    String remediationUrl = null;
    if (remediation != null) {
      Matcher url = URL.matcher(remediation);
      if (url.find()) {
        remediationUrl = url.group().replaceAll("[.,;:!?]+$", "");
        if (remediationUrl.length() > ID_LIMIT) {
          remediationUrl = null;
        }
        if (remediationUrl != null && remediation.strip().equals(remediationUrl)) {
          remediation = null;
        }
      }
    }
    return new AsffFinding(id(finding),
        "arn:" + partition + ":securityhub:" + region + ":" + account + ":product/" + account + "/default",
        region,
        trim("secposture/" + finding.tool() + "/" + finding.ruleId(), ID_LIMIT),
        account,
        types,
        item.firstSeen() == null ? null : created,
        created,
        updated,
        finding.severity().name(),
        trim(oneLine(finding.title()).isEmpty() ? finding.ruleId() : oneLine(finding.title()), TITLE_LIMIT),
        trim(description, DESCRIPTION_LIMIT),
        resourceType,
        resourceId,
        resourcePartition,
        isRegion(finding.region()) ? finding.region() : null,
        complianceStatus(finding),
        requirements,
        remediation == null ? null : trim(remediation, RECOMMENDATION_LIMIT),
        remediationUrl,
        sourceUrl,
        productFields(item),
        archived ? "ARCHIVED" : "ACTIVE");
  }

  private static String complianceStatus(Finding finding) {
    if (finding.status() == FindingStatus.PASS) {
      return "PASSED";
    }
    if (finding.status() == FindingStatus.MANUAL) {
      return "WARNING";
    }
    return "FAILED";
  }

  private TreeMap<String, String> productFields(ExportedFinding item) {
    Finding finding = item.finding();
    TreeMap<String, String> fields = new TreeMap<>();
    fields.put("ProviderName", "secposture");
    fields.put("ProviderVersion", version);
    fields.put("secposture/Scanner", finding.tool());
    fields.put("secposture/RuleId", finding.ruleId());
    fields.put("secposture/Service", finding.service());
    fields.put("secposture/Fingerprint", finding.fingerprint());
    fields.put("secposture/RunId", runId);
    fields.put("secposture/Change", item.change().name());
    if (finding.muted()) {
      fields.put("secposture/Muted", "true");
    }
    if (item.owner() != null && !item.owner().isBlank()) {
      fields.put("secposture/Owner", item.owner());
    }
    if (item.reopenedAt() != null) {
      fields.put("secposture/ReopenedAt", timestamp(item.reopenedAt()));
    }
    if (item.suppressedBy() != null && !item.suppressedBy().isBlank()) {
      fields.put("secposture/SuppressedBy", item.suppressedBy());
    }
    fields.replaceAll((key, value) -> trim(value, PRODUCT_FIELD_LIMIT));
    return fields;
  }

  /**
   * Groups compliance references per framework into {@code "<framework> <requirement> ..."} entries of at most 64
   * characters (a framework with many requirements takes several entries), at most 32 entries, in a stable order.
   *
   * @param references the finding's references
   * @return the entries
   */
  static List<String> relatedRequirements(List<ComplianceRef> references) {
    TreeMap<String, TreeSet<String>> byFramework = new TreeMap<>();
    for (ComplianceRef reference : references) {
      byFramework.computeIfAbsent(reference.framework().strip(), key -> new TreeSet<>())
          .add(reference.requirement().strip());
    }
    List<String> entries = new ArrayList<>();
    for (Map.Entry<String, TreeSet<String>> framework : byFramework.entrySet()) {
      StringBuilder entry = new StringBuilder(framework.getKey());
      boolean hasRequirement = false;
      for (String requirement : framework.getValue()) {
        if (hasRequirement && entry.length() + 1 + requirement.length() > REQUIREMENT_LIMIT) {
          entries.add(entry.toString());
          entry = new StringBuilder(framework.getKey());
        }
        entry.append(' ').append(requirement);
        hasRequirement = true;
      }
      entries.add(trim(entry.toString(), REQUIREMENT_LIMIT));
    }
    return entries.size() <= REQUIREMENTS_LIMIT ? entries : List.copyOf(entries.subList(0, REQUIREMENTS_LIMIT));
  }

  private static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  /**
   * Cuts a text to a number of characters, ending it with "..." when cut, never inside a surrogate pair.
   *
   * @param text the text
   * @param limit the most characters
   * @return the text, cut
   */
  static String trim(String text, int limit) {
    if (text.length() <= limit) {
      return text;
    }
    int end = limit - ELLIPSIS.length();
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + ELLIPSIS;
  }
}
