package io.secposture.cloud.gcp;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import io.secposture.cloud.gcp.internal.ProjectWalker;
import io.secposture.cloud.gcp.internal.SourceCredentials;
import io.secposture.core.AccountDiscovery;
import io.secposture.core.AccountFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the Google Cloud projects to scan ({@code gcp-org}): every ACTIVE project below the configured organizations
 * and folders (Resource Manager v3 {@code projects.list} and {@code folders.list}, walked down through ACTIVE
 * folders), kept or dropped by the filter (project ids, names, {@code folder:} at any depth, labels), each with
 * {@code gcp-impersonation} credentials for the configured service account (or the job's own identity). With the
 * Google credential broker every project is then scanned from the job's one identity: no key per project.
 *
 * <p>Who calls it: the job's {@code run --discover gcp-org}, through {@code META-INF/services}; embedding code may
 * call {@link #discover(GcpOrganizationConfig, AccountFilter, Map)}. Stateless and thread-safe.
 */
public final class GcpResourceManagerDiscovery implements AccountDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(GcpResourceManagerDiscovery.class);
  private static final Set<String> RULES = Set.of("id", "name", "folder", "tag", "label");

  /** Creates the discovery; ServiceLoader uses this constructor. */
  public GcpResourceManagerDiscovery() {
  }

  @Override
  public String name() {
    return GcpOrganizationConfig.NAMESPACE;
  }

  @Override
  public CloudProvider provider() {
    return CloudProvider.GCP;
  }

  @Override
  public List<CloudAccount> discover(Settings settings, AccountFilter filter) {
    List<String> problems = new ArrayList<>(filter.unsupported(RULES));
    GcpOrganizationConfig config = null;
    try {
      config = GcpOrganizationConfig.from(settings);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems.stream().map(problem -> "gcp-org: " + problem).toList());
    }
    return discover(config, filter, System.getenv());
  }

  /**
   * Lists the projects to scan, calling Resource Manager with the job's credentials file found in an environment.
   *
   * @param config the discovery configuration
   * @param filter which projects to keep
   * @param environment where {@code GOOGLE_APPLICATION_CREDENTIALS} and friends are read when the configuration
   *     names no credentials file
   * @return the projects, sorted by id
   * @throws ConfigurationException if a filter rule does not apply or there are no credentials
   * @throws io.secposture.api.SecpostureException if a Resource Manager call fails
   */
  public static List<CloudAccount> discover(GcpOrganizationConfig config, AccountFilter filter,
      Map<String, String> environment) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(filter, "filter");
    List<String> problems = filter.unsupported(RULES);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems.stream().map(problem -> "gcp-org: " + problem).toList());
    }
    SourceCredentials source = SourceCredentials.find(config.sourceCredentials(), environment);
    List<ProjectWalker.Found> found = new ArrayList<>(ProjectWalker.create(source, config.endpoint())
        .projects(config.parents()));
    found.sort(Comparator.comparing(ProjectWalker.Found::projectId));
    List<CloudAccount> accounts = new ArrayList<>();
    for (ProjectWalker.Found project : found) {
      AccountFilter.Candidate candidate = new AccountFilter.Candidate(project.projectId(), project.name(),
          project.folders(), project.labels());
      if (filter.admits(candidate)) {
        accounts.add(CloudAccount.builder(CloudProvider.GCP, project.projectId()).name(project.name())
            .credentials(config.credentials(project.projectId())).scanners(config.scanners()).build());
      }
    }
    LOG.info("gcp-org: {} active projects below {}, {} to scan ({})", found.size(), config.parents(),
        accounts.size(), filter);
    return List.copyOf(accounts);
  }
}
