package io.secposture.cloud.azure.internal;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.secposture.api.Secret;
import io.secposture.api.SecpostureException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Not public API: Entra ID tokens through azure-identity, for an application that signs in with a client secret or
 * with a federated token (a client assertion), against a configurable authority host, over the JDK's HTTP client.
 */
public final class Entra {
  private final URI authorityHost;
  private final SSLContext sslContext;
  /** Built on first use: building it sets up TLS, which a job with no Azure account to chain never needs. */
  private HttpClient http;

  /**
   * Creates the token source.
   *
   * @param authorityHost the Entra ID host
   * @param sslContext the TLS trust to use; nullable for the JVM's
   */
  public Entra(URI authorityHost, SSLContext sslContext) {
    this.authorityHost = authorityHost;
    this.sslContext = sslContext;
  }

  /**
   * Returns the azure-core HTTP client this source uses, for Resource Manager calls made with the same trust.
   *
   * @return the client
   */
  public synchronized HttpClient http() {
    if (http == null) {
      java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10));
      if (sslContext != null) {
        builder.sslContext(sslContext);
      }
      http = new JdkHttpClientBuilder(builder).build();
    }
    return http;
  }

  /**
   * Returns a credential for an application with a client secret.
   *
   * @param tenantId the tenant
   * @param clientId the application
   * @param secret the client secret
   * @return the credential
   */
  public TokenCredential secret(String tenantId, String clientId, Secret secret) {
    return new ClientSecretCredentialBuilder().tenantId(tenantId).clientId(clientId).clientSecret(secret.reveal())
        .authorityHost(authorityHost.toString()).disableInstanceDiscovery().httpClient(http()).maxRetry(2).build();
  }

  /**
   * Returns a credential for an application that presents a federated token.
   *
   * @param tenantId the tenant
   * @param clientId the application
   * @param assertion supplies the current federated token each time a token is needed
   * @return the credential
   */
  public TokenCredential federated(String tenantId, String clientId, Supplier<String> assertion) {
    return new ClientAssertionCredentialBuilder().tenantId(tenantId).clientId(clientId).clientAssertion(assertion)
        .authorityHost(authorityHost.toString()).disableInstanceDiscovery().httpClient(http()).maxRetry(2).build();
  }

  /**
   * Obtains a token, turning a refusal into a message that says what Entra said and what to check.
   *
   * @param credential the credential
   * @param scope the scope, e.g. {@code https://management.azure.com/.default}
   * @param who the identity, for the message (tenant and client ids, never a secret)
   * @return the token
   * @throws SecpostureException if Entra refuses or cannot be reached
   */
  public static AccessToken token(TokenCredential credential, String scope, String who) {
    try {
      AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
      if (token == null || token.getToken() == null) {
        throw new IllegalStateException("Entra ID returned no token");
      }
      return token;
    } catch (RuntimeException e) {
      throw new SecpostureException("Entra ID refused " + who + ": " + describe(e) + "; check the tenant and"
          + " application ids, the secret or the federated credential (issuer, subject, audience"
          + " api://AzureADTokenExchange) and that the token file is current", e);
    }
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int aadsts = text.indexOf("AADSTS");
    if (aadsts >= 0) {
      text = text.substring(aadsts);
    }
    int newline = text.indexOf('\n');
    text = newline < 0 ? text : text.substring(0, newline);
    return text.length() > 400 ? text.substring(0, 400) + " ..." : text;
  }
}
