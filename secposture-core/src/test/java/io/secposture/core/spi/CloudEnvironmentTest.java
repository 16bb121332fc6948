package io.secposture.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.ConfigurationException;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials as the variables each cloud's SDK reads. */
class CloudEnvironmentTest {
  private static final Path PRIVATE = Path.of("/private/scan");
  private static final CloudAccount AWS = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();
  private static final CloudAccount GCP = CloudAccount.builder(CloudProvider.GCP, "project").build();

  @Test
  void of_awsKeys_setsThemAsSecretsAndRemovesTheRestOfTheJobsIdentity() {
    CloudEnvironment environment = CloudEnvironment.of(AWS, new Credentials.AwsKeys(Secret.of("AKIAIOSFODNN7EXAMPLE"),
        Secret.of("secret-key-value"), null), PRIVATE);

    assertThat(environment.secrets()).containsOnlyKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(environment.removed()).contains("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI").doesNotContain("AWS_ACCESS_KEY_ID");
    assertThat(environment.toString()).doesNotContain("secret-key-value");
  }

  @Test
  void of_gcpCredentialsJson_goesToAPrivateFileTheVariableNames() {
    CloudEnvironment environment = CloudEnvironment.of(GCP, new Credentials.GcpCredentialsFile(null,
        Secret.of("{\"type\":\"service_account\"}")), PRIVATE);

    assertThat(environment.files()).containsOnlyKeys(CloudEnvironment.GCP_CREDENTIALS_FILE);
    assertThat(environment.variables()).containsExactly(Map.entry("GOOGLE_APPLICATION_CREDENTIALS",
        PRIVATE.resolve(CloudEnvironment.GCP_CREDENTIALS_FILE).toString()));
  }

  @Test
  void of_azureServicePrincipal_keepsOnlyTheClientSecretSecret() {
    CloudAccount azure = CloudAccount.builder(CloudProvider.AZURE, "sub").build();
    CloudEnvironment environment = CloudEnvironment.of(azure, new Credentials.AzureServicePrincipal("tenant",
        "client", Secret.of("client-secret-value")), PRIVATE);

    assertThat(environment.variables()).containsOnlyKeys("AZURE_CLIENT_ID", "AZURE_TENANT_ID");
    assertThat(environment.secrets()).containsOnlyKeys("AZURE_CLIENT_SECRET");
  }

  @Test
  void of_ambient_needsNothing_andARoleIsRefusedPointingAtChaining() {
    assertThat(CloudEnvironment.of(AWS, new Credentials.Ambient(), PRIVATE)).isEqualTo(CloudEnvironment.none());
    assertThatThrownBy(() -> CloudEnvironment.of(AWS, new Credentials.AwsRole("arn:aws:iam::1:role/r", null, null,
        null), PRIVATE)).isInstanceOf(ConfigurationException.class).hasMessageContaining("credential chaining");
  }
}
