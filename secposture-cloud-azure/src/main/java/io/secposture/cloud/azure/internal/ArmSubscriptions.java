package io.secposture.cloud.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.SecpostureException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Not public API: lists subscriptions with Resource Manager's REST API ({@code GET /subscriptions?api-version=
 * 2022-12-01}, following {@code nextLink}) over the JDK's HTTP client with a bearer token from azure-identity. The
 * management SDK would add several megabytes (azure-resourcemanager-resources, azure-core-management) for this one
 * paged call, and the version of it that the Azure BOM names is missing from the build's Maven mirror.
 */
public final class ArmSubscriptions {
  /** The API version of the subscriptions list. */
  public static final String API_VERSION = "2022-12-01";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 10_000;

  /**
   * One subscription.
   *
   * @param id the subscription id
   * @param name the display name
   * @param state Enabled, Disabled, Warned, PastDue or Deleted
   * @param tags its tags
   */
  public record Subscription(String id, String name, String state, Map<String, String> tags) {
  }

  private final HttpClient http;

  /**
   * Creates the client.
   *
   * @param sslContext the TLS trust; nullable for the JVM's
   */
  public ArmSubscriptions(SSLContext sslContext) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER);
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.http = builder.build();
  }

  /**
   * Lists every subscription the identity can see.
   *
   * @param resourceManager the Resource Manager endpoint
   * @param credential the identity
   * @param scope the token scope
   * @param who the identity, for messages
   * @return the subscriptions, in the order listed
   * @throws SecpostureException if a call fails or a next link leaves the endpoint
   */
  public List<Subscription> list(URI resourceManager, TokenCredential credential, String scope, String who) {
    String token = Entra.token(credential, scope, who).getToken();
    List<Subscription> subscriptions = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    URI next = URI.create(resourceManager + "/subscriptions?api-version=" + API_VERSION);
    for (int page = 0; next != null && page < MAX_PAGES; page++) {
      if (!sameEndpoint(resourceManager, next)) {
        throw new SecpostureException("Resource Manager sent a next link to " + next.getHost() + ", not "
            + resourceManager.getHost() + "; refusing to send the token there");
      }
      JsonNode body = get(next, token);
      for (JsonNode item : body.path("value")) {
        String id = item.path("subscriptionId").asText(null);
        if (id == null || !seen.add(id)) {
          continue;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        item.path("tags").properties().forEach(tag -> tags.put(tag.getKey(), tag.getValue().asText()));
        subscriptions.add(new Subscription(id, item.path("displayName").asText(id), item.path("state").asText(""),
            tags));
      }
      String link = body.path("nextLink").asText(null);
      next = link == null || link.isEmpty() ? null : URI.create(link);
    }
    return subscriptions;
  }

  private static boolean sameEndpoint(URI resourceManager, URI link) {
    return Objects.equals(resourceManager.getScheme(), link.getScheme())
        && Objects.equals(resourceManager.getHost(), link.getHost()) && resourceManager.getPort() == link.getPort();
  }

  private JsonNode get(URI uri, String token) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        JsonNode error = parse(response.body());
        String code = error == null ? "" : error.path("error").path("code").asText("");
        String message = error == null ? "" : error.path("error").path("message").asText("");
        throw new SecpostureException("Resource Manager GET /subscriptions at " + uri.getHost() + " failed: HTTP "
            + response.statusCode() + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + message)
            + "; the application needs Reader (Microsoft.Resources/subscriptions/read) on the subscriptions, e.g. on"
            + " the tenant root management group");
      }
      JsonNode body = parse(response.body());
      if (body == null) {
        throw new SecpostureException("Resource Manager GET /subscriptions at " + uri.getHost()
            + " answered with something that is not JSON");
      }
      return body;
    } catch (IOException e) {
      throw new SecpostureException("Resource Manager GET /subscriptions at " + uri.getHost() + " failed: " + e
          + "; check network access to Resource Manager", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SecpostureException("listing Azure subscriptions was interrupted", e);
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
