package io.secposture.cloud.gcp.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import io.secposture.api.CloudAccount;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.api.SecpostureException;
import io.secposture.cloud.gcp.GcpChainingConfig;
import io.secposture.core.CredentialBroker;
import io.secposture.core.CredentialLease;
import io.secposture.core.SecretFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: the Google credential broker. For each scan of a project configured with
 * {@link Credentials.GcpImpersonation} it writes an application default credentials file of type
 * {@code impersonated_service_account} whose source is the job's own credentials file, proves it by obtaining a
 * token through it with google-auth-library (the IAM Credentials {@code generateAccessToken} call the scanner's
 * library will make), and hands the scanner {@link Credentials.GcpCredentialsFile} pointing at it: a 0600 file in a
 * private directory, deleted when the scan ends. The scanner's own Google library then impersonates the account
 * itself and renews its tokens from the source for as long as the scan runs. The service account may hold
 * {@code {project}}, replaced by the project id. Thread-safe.
 */
public final class ImpersonationBroker implements CredentialBroker {
  private static final Logger LOG = LoggerFactory.getLogger(ImpersonationBroker.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final String FILE = "gcp-impersonated-credentials.json";

  private final GcpChainingConfig config;
  private final Supplier<SourceCredentials> sourceFinder;
  private SourceCredentials source;

  /**
   * Creates the broker; the source is looked up on the first lease.
   *
   * @param config the chaining configuration
   * @param sourceFinder finds the job's credentials file
   */
  public ImpersonationBroker(GcpChainingConfig config, Supplier<SourceCredentials> sourceFinder) {
    this.config = config;
    this.sourceFinder = sourceFinder;
  }

  @Override
  public Set<String> kinds() {
    return Set.of(Credentials.GcpImpersonation.KIND);
  }

  private synchronized SourceCredentials source() {
    if (source == null) {
      source = sourceFinder.get();
      LOG.info("impersonating Google service accounts from the job's {} credentials in {}", source.type(),
          source.file());
    }
    return source;
  }

  @Override
  public CredentialLease lease(CloudAccount account, Credentials credentials) {
    if (!(credentials instanceof Credentials.GcpImpersonation impersonation)) {
      throw new ConfigurationException("the Google credential broker chains gcp-impersonation credentials, not "
          + credentials.kind() + " (account " + account.key() + ")");
    }
    String serviceAccount = impersonation.serviceAccount().replace("{project}", account.id());
    SourceCredentials from = source();
    Secret adc = Secret.of(impersonationFile(serviceAccount, from));
    AccessToken token = prove(account, serviceAccount, adc);
    Path directory = privateDirectory();
    SecretFile file;
    try {
      file = SecretFile.create(directory, FILE, adc);
    } catch (UncheckedIOException e) {
      delete(directory);
      throw new SecpostureException("cannot write the impersonation credentials file of " + account.key() + " in "
          + directory + ": " + e.getMessage(), e);
    }
    LOG.info("{} impersonates {} (token valid until {}); its scanner renews tokens itself", account.key(),
        serviceAccount, token.getExpirationTime() == null ? "unknown" : token.getExpirationTime().toInstant());
    return new ImpersonationLease(file, directory, serviceAccount, adc, Secret.of(token.getTokenValue()));
  }

  /** Writes the {@code impersonated_service_account} document: the target, delegates and the source verbatim. */
  private String impersonationFile(String serviceAccount, SourceCredentials from) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out);
        JsonParser sourceJson = JSON.createParser(from.json().reveal())) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeStringField("type", "impersonated_service_account");
      json.writeStringField("service_account_impersonation_url", config.impersonationUrl(serviceAccount));
      json.writeArrayFieldStart("delegates");
      for (String delegate : config.delegates()) {
        json.writeString(delegate);
      }
      json.writeEndArray();
      json.writeFieldName("source_credentials");
      sourceJson.nextToken();
      json.copyCurrentStructure(sourceJson);
      json.writeEndObject();
    } catch (IOException e) {
      throw new ConfigurationException("the job's Google credentials file " + from.file() + " is not valid JSON: "
          + e.getMessage(), e);
    }
    return out.toString();
  }

  /** Obtains a token through the very file the scanner will read, so a lease that cannot work fails here. */
  private AccessToken prove(CloudAccount account, String serviceAccount, Secret adc) {
    try {
      GoogleCredentials credentials = ImpersonatedCredentials.fromStream(
          new ByteArrayInputStream(adc.reveal().getBytes(StandardCharsets.UTF_8))).createScoped(config.scopes());
      AccessToken token = credentials.refreshAccessToken();
      if (token == null || token.getTokenValue() == null) {
        throw new IOException("no token was returned");
      }
      return token;
    } catch (IOException | RuntimeException e) {
      throw new SecpostureException("cannot impersonate " + serviceAccount + " for account " + account.key() + ": "
          + describe(e) + "; grant the job's identity roles/iam.serviceAccountTokenCreator on the service account"
          + " and check that it exists", e);
    }
  }

  /** The library's message plus, when Google answered, the HTTP status and Google's own error message. */
  static String describe(Throwable error) {
    String text = firstLine(error);
    for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      if (cause instanceof HttpResponseException http) {
        String detail = http.getStatusCode() + (http.getStatusMessage() == null ? "" : " " + http.getStatusMessage());
        String message = googleMessage(http.getContent());
        return text + " (HTTP " + detail + (message == null ? "" : ": " + message) + ")";
      }
    }
    return text;
  }

  private static String googleMessage(String content) {
    if (content == null || content.isBlank()) {
      return null;
    }
    try (JsonParser parser = JSON.createParser(content)) {
      int depth = 0;
      boolean inError = false;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.START_OBJECT) {
          depth++;
        } else if (token == JsonToken.END_OBJECT) {
          depth--;
        } else if (token == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          if (depth == 1 && name.equals("error")) {
            inError = true;
          } else if (inError && depth == 2 && name.equals("message") && parser.nextToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
          } else if (depth == 1 && name.equals("error_description") && parser.nextToken() == JsonToken.VALUE_STRING) {
            return parser.getText();
          }
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  private static Path privateDirectory() {
    try {
      Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
      return Files.getFileStore(temporary).supportsFileAttributeView("posix")
          ? Files.createTempDirectory("secposture-gcp-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("secposture-gcp-");
    } catch (IOException e) {
      throw new SecpostureException("cannot create a private directory for Google credentials in "
          + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path directory) {
    try {
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", directory, e.toString());
    }
  }

  /** One scan's impersonation file. */
  private static final class ImpersonationLease implements CredentialLease {
    private final SecretFile file;
    private final Path directory;
    private final String serviceAccount;
    private final Credentials.GcpCredentialsFile credentials;
    private final List<Secret> secrets;
    private boolean closed;

    ImpersonationLease(SecretFile file, Path directory, String serviceAccount, Secret adc, Secret token) {
      this.file = file;
      this.directory = directory;
      this.serviceAccount = serviceAccount;
      this.credentials = new Credentials.GcpCredentialsFile(file.path(), null);
      this.secrets = new ArrayList<>(List.of(adc, token));
    }

    @Override
    public Credentials credentials() {
      return credentials;
    }

    @Override
    public List<Secret> secrets() {
      return List.copyOf(secrets);
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        file.close();
      } catch (UncheckedIOException e) {
        LOG.warn("cannot delete the impersonation credentials file {}: {}", file.path(), e.getMessage());
      }
      delete(directory);
    }

    @Override
    public String toString() {
      return "ImpersonationLease[" + serviceAccount + (closed ? ", ended" : "") + "]";
    }
  }

  /**
   * Returns the environment-based source finder.
   *
   * @param config the configuration
   * @param environment the process environment
   * @return a finder
   */
  public static Supplier<SourceCredentials> finder(GcpChainingConfig config, Map<String, String> environment) {
    return () -> SourceCredentials.find(config.sourceCredentials(), environment);
  }

  @Override
  public void close() {
    // leases own their files; nothing else is held
  }

  @Override
  public String toString() {
    return "ImpersonationBroker[" + config.iamEndpoint() + "]";
  }
}
