package io.secposture.cloud.gcp.internal;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.cloudresourcemanager.v3.CloudResourceManager;
import com.google.api.services.cloudresourcemanager.v3.model.Folder;
import com.google.api.services.cloudresourcemanager.v3.model.ListFoldersResponse;
import com.google.api.services.cloudresourcemanager.v3.model.ListProjectsResponse;
import com.google.api.services.cloudresourcemanager.v3.model.Project;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import io.secposture.api.SecpostureException;
import io.secposture.cloud.gcp.GcpChainingConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Not public API: walks Resource Manager v3 below organizations and folders ({@code projects.list} and
 * {@code folders.list}, each paged, direct children only, so the walk recurses into ACTIVE folders) and returns the
 * ACTIVE projects with the folders above them.
 */
public final class ProjectWalker {
  private static final String ACTIVE = "ACTIVE";

  /**
   * A project found below a parent.
   *
   * @param projectId the project id
   * @param name the display name
   * @param folders the folder ids above it, up to the parent it was found under
   * @param labels its labels
   */
  public record Found(String projectId, String name, Set<String> folders, Map<String, String> labels) {
  }

  private final CloudResourceManager client;
  private final URI endpoint;

  private ProjectWalker(CloudResourceManager client, URI endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /**
   * Creates a walker that calls Resource Manager with the job's own credentials.
   *
   * @param source the job's credentials file
   * @param endpoint the Resource Manager root
   * @return the walker
   * @throws SecpostureException if the credentials cannot be loaded
   */
  public static ProjectWalker create(SourceCredentials source, URI endpoint) {
    GoogleCredentials credentials;
    try {
      credentials = GoogleCredentials.fromStream(new ByteArrayInputStream(source.json().reveal()
          .getBytes(StandardCharsets.UTF_8))).createScoped(List.of(GcpChainingConfig.CLOUD_PLATFORM));
    } catch (IOException | RuntimeException e) {
      throw new SecpostureException("cannot load the job's Google credentials from " + source.file() + ": "
          + e.getMessage(), e);
    }
    CloudResourceManager client = new CloudResourceManager.Builder(new NetHttpTransport(),
        GsonFactory.getDefaultInstance(), new HttpCredentialsAdapter(credentials))
        .setRootUrl(endpoint.toString().endsWith("/") ? endpoint.toString() : endpoint + "/")
        .setApplicationName("secposture").build();
    return new ProjectWalker(client, endpoint);
  }

  /**
   * Lists the ACTIVE projects below the parents, each once.
   *
   * @param parents {@code organizations/<id>} or {@code folders/<id>}
   * @return the projects, in the order found
   * @throws SecpostureException if a call fails
   */
  public List<Found> projects(List<String> parents) {
    List<Found> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String root : parents) {
      Deque<Level> levels = new ArrayDeque<>();
      levels.add(new Level(root, Set.of()));
      while (!levels.isEmpty()) {
        Level level = levels.poll();
        for (Project project : projects(level.parent())) {
          if (ACTIVE.equals(project.getState()) && seen.add(project.getProjectId())) {
            found.add(new Found(project.getProjectId(), project.getDisplayName(), level.folders(),
                project.getLabels() == null ? Map.of() : Map.copyOf(project.getLabels())));
          }
        }
        for (Folder folder : folders(level.parent())) {
          if (ACTIVE.equals(folder.getState())) {
            Set<String> folders = new LinkedHashSet<>(level.folders());
            folders.add(folder.getName().substring(folder.getName().indexOf('/') + 1));
            if (root.startsWith("folders/")) {
              folders.add(root.substring("folders/".length()));
            }
            levels.add(new Level(folder.getName(), Set.copyOf(folders)));
          }
        }
      }
    }
    return found;
  }

  private record Level(String parent, Set<String> folders) {
  }

  private List<Project> projects(String parent) {
    List<Project> projects = new ArrayList<>();
    String token = null;
    do {
      String pageToken = token;
      ListProjectsResponse page = call("projects.list (parent " + parent + ")", parent,
          () -> client.projects().list().setParent(parent).setPageToken(pageToken).execute());
      if (page.getProjects() != null) {
        projects.addAll(page.getProjects());
      }
      token = page.getNextPageToken();
    } while (token != null && !token.isEmpty());
    return projects;
  }

  private List<Folder> folders(String parent) {
    List<Folder> folders = new ArrayList<>();
    String token = null;
    do {
      String pageToken = token;
      ListFoldersResponse page = call("folders.list (parent " + parent + ")", parent,
          () -> client.folders().list().setParent(parent).setPageToken(pageToken).execute());
      if (page.getFolders() != null) {
        folders.addAll(page.getFolders());
      }
      token = page.getNextPageToken();
    } while (token != null && !token.isEmpty());
    return folders;
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private <T> T call(String operation, String parent, Call<T> call) {
    try {
      return call.run();
    } catch (GoogleJsonResponseException e) {
      String message = e.getDetails() == null ? e.getStatusMessage() : e.getDetails().getMessage();
      throw new SecpostureException("Resource Manager " + operation + " at " + endpoint + " failed: HTTP "
          + e.getStatusCode() + ": " + message + "; the job's identity needs resourcemanager.projects.list and"
          + " resourcemanager.folders.list on " + parent + " (e.g. roles/browser)", e);
    } catch (IOException e) {
      throw new SecpostureException("Resource Manager " + operation + " at " + endpoint + " failed: " + e
          + "; check the job's Google credentials and network access", e);
    }
  }
}
