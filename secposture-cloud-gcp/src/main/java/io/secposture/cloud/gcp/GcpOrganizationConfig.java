package io.secposture.cloud.gcp;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How {@link GcpResourceManagerDiscovery} lists projects and which identity each is scanned with. Read from the
 * {@code gcp-org.*} discovery settings:
 *
 * <table>
 *   <caption>GCP Resource Manager discovery settings</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code gcp-org.organization}</td><td>one of these two is required</td><td>organization ids whose
 *       projects (at any depth, through folders) are scanned</td></tr>
 *   <tr><td>{@code gcp-org.folder}</td><td></td><td>folder ids whose projects (at any depth) are scanned</td></tr>
 *   <tr><td>{@code gcp-org.service-account}</td><td>none: the job's own identity scans</td><td>the service account
 *       each project is scanned as, impersonated from the job's identity: one for the organisation
 *       ({@code audit@security-prj.iam.gserviceaccount.com}) or a pattern with {@code {project}}</td></tr>
 *   <tr><td>{@code gcp-org.source-credentials}</td><td>as {@code gcp.source-credentials}</td><td>the credentials
 *       file to call Resource Manager with</td></tr>
 *   <tr><td>{@code gcp-org.endpoint}</td><td>{@code https://cloudresourcemanager.googleapis.com}</td><td>the
 *       Resource Manager root</td></tr>
 *   <tr><td>{@code gcp-org.scanners}</td><td>the job's default scanners</td><td>scanners for discovered
 *       projects</td></tr>
 * </table>
 * Filters ({@code --include}/{@code --exclude}): project id, {@code name:}, {@code folder:} (projects at any depth
 * below it) and {@code tag:} / {@code label:} (project labels). Only ACTIVE projects and folders are listed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param parents the resources to list under, {@code organizations/<id>} or {@code folders/<id>}
 * @param serviceAccount the service account (pattern) to impersonate; nullable for the job's own identity
 * @param sourceCredentials the credentials file to call Resource Manager with; nullable for the environment's
 * @param endpoint the Resource Manager root
 * @param scanners scanners for discovered projects; empty for the job's defaults
 */
public record GcpOrganizationConfig(List<String> parents, String serviceAccount, Path sourceCredentials,
    URI endpoint, List<String> scanners) {

  /** The namespace of these settings, and the discovery's name. */
  public static final String NAMESPACE = "gcp-org";
  /** Google's Resource Manager. */
  public static final URI DEFAULT_ENDPOINT = URI.create("https://cloudresourcemanager.googleapis.com");
  /** What stands for the project id in {@link #serviceAccount()}. */
  public static final String PROJECT = "{project}";

  private static final Set<String> KEYS = Set.of("organization", "folder", "service-account", "source-credentials",
      "endpoint", "scanners");
  private static final Pattern NUMBER = Pattern.compile("\\d{1,25}");
  private static final Pattern PARENT = Pattern.compile("(organizations|folders)/\\d{1,25}");

  /** Validates the components and copies the lists. */
  public GcpOrganizationConfig {
    parents = List.copyOf(parents);
    if (parents.isEmpty() || !parents.stream().allMatch(parent -> PARENT.matcher(parent).matches())) {
      throw new IllegalArgumentException("parents must be organizations/<id> or folders/<id>, got " + parents);
    }
    if (serviceAccount != null && !serviceAccount.contains("@")) {
      throw new IllegalArgumentException("serviceAccount '" + serviceAccount + "' is not a service-account email");
    }
    Objects.requireNonNull(endpoint, "endpoint");
    scanners = List.copyOf(scanners);
  }

  /**
   * Reads the {@code gcp-org.*} keys of the discovery settings.
   *
   * @param settings the discovery settings
   * @return the configuration
   * @throws ConfigurationException listing every unknown, missing or malformed key
   */
  public static GcpOrganizationConfig from(Settings settings) {
    List<String> problems = new ArrayList<>();
    for (String key : settings.scoped(NAMESPACE).asMap().keySet()) {
      if (!KEYS.contains(key)) {
        problems.add("unknown GCP Resource Manager setting '" + NAMESPACE + "." + key + "'; known: "
            + new TreeSet<>(KEYS).stream().map(k -> NAMESPACE + "." + k).toList());
      }
    }
    List<String> parents = new ArrayList<>();
    for (String organization : settings.getList(NAMESPACE + ".organization")) {
      parent(parents, "organizations", organization, "gcp-org.organization", problems);
    }
    for (String folder : settings.getList(NAMESPACE + ".folder")) {
      parent(parents, "folders", folder, "gcp-org.folder", problems);
    }
    if (parents.isEmpty() && problems.isEmpty()) {
      problems.add("set gcp-org.organization (an organization id such as 123456789012) or gcp-org.folder to the"
          + " resources whose projects to scan");
    }
    String serviceAccount = settings.getString(NAMESPACE + ".service-account");
    if (serviceAccount != null && !serviceAccount.contains("@")) {
      problems.add("setting 'gcp-org.service-account' has value '" + serviceAccount + "'; expected a service-account"
          + " email, e.g. secposture@{project}.iam.gserviceaccount.com");
    }
    Path source = null;
    try {
      source = settings.getPath(NAMESPACE + ".source-credentials");
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    URI endpoint = GcpChainingConfig.endpoint(settings, NAMESPACE + ".endpoint", DEFAULT_ENDPOINT, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new GcpOrganizationConfig(parents, serviceAccount, source, endpoint,
        settings.getList(NAMESPACE + ".scanners"));
  }

  private static void parent(List<String> parents, String kind, String value, String key, List<String> problems) {
    String id = value.startsWith(kind + "/") ? value.substring(kind.length() + 1) : value;
    if (NUMBER.matcher(id).matches()) {
      parents.add(kind + "/" + id);
    } else {
      problems.add("setting '" + key + "' holds '" + value + "'; expected a numeric id such as 123456789012");
    }
  }

  /**
   * Returns the credentials a discovered project is scanned with.
   *
   * @param projectId the project id
   * @return impersonation of the configured service account, or the job's own identity
   */
  public Credentials credentials(String projectId) {
    return serviceAccount == null ? Credentials.ambient()
        : new Credentials.GcpImpersonation(serviceAccount.replace(PROJECT, projectId));
  }
}
