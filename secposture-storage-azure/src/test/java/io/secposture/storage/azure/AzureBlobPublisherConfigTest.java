package io.secposture.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Settings;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureBlobPublisherConfigTest {
  private static final Map<String, String> KEY = Map.of("AZURE_STORAGE_KEY", "c2VjcmV0LWtleS1ieXRlcw==");

  private static AzureBlobPublisherConfig config(String destination, Map<String, String> options,
      Map<String, String> env) {
    return AzureBlobPublisherConfig.from(URI.create(destination), Settings.of(options), env);
  }

  @Test
  void from_azblobDestination_derivesEndpointAndReadsKeyFromEnvironment() {
    AzureBlobPublisherConfig config = config("azblob://postureacct/$web/security/weekly", Map.of(), KEY);

    assertThat(config.account()).isEqualTo("postureacct");
    assertThat(config.container()).isEqualTo("$web");
    assertThat(config.prefix()).isEqualTo("security/weekly");
    assertThat(config.endpoint()).isEqualTo(URI.create("https://postureacct.blob.core.windows.net"));
    assertThat(config.accountKey().reveal()).isEqualTo("c2VjcmV0LWtleS1ieXRlcw==");
    assertThat(config.blockSize()).isEqualTo(8L << 20);
    assertThat(config.singleUploadThreshold()).isEqualTo(16L << 20);
    assertThat(config.blobName("index.html")).isEqualTo("security/weekly/index.html");
    assertThat(config.siteUri()).isEqualTo(URI.create("azblob://postureacct/$web/security/weekly"));
    assertThat(config.toString()).doesNotContain("c2VjcmV0LWtleS1ieXRlcw==");
  }

  @Test
  void from_httpsUrlWithSas_takesTheSasAsSecretAndKeepsOtherParametersAsSettings() {
    AzureBlobPublisherConfig config = config("https://postureacct.blob.core.windows.net/reports/site"
        + "?sv=2023-11-03&sp=rwc&se=2099-01-01T00%3A00%3A00Z&sig=c2lnbmF0dXJl%2Bc2VjcmV0&block-size=16MiB",
        Map.of(), Map.of());

    assertThat(config.account()).isEqualTo("postureacct");
    assertThat(config.container()).isEqualTo("reports");
    assertThat(config.prefix()).isEqualTo("site");
    assertThat(config.sasToken().reveal()).isEqualTo("sv=2023-11-03&sp=rwc&se=2099-01-01T00%3A00%3A00Z"
        + "&sig=c2lnbmF0dXJl%2Bc2VjcmV0");
    assertThat(config.blockSize()).isEqualTo(16L << 20);
    assertThat(config.endpoint()).isEqualTo(URI.create("https://postureacct.blob.core.windows.net"));
    assertThat(config.toString()).doesNotContain("c2lnbmF0dXJl");
  }

  @Test
  void from_httpsUrlWithSas_unknownSettingMessageDoesNotEchoTheToken() {
    assertThatThrownBy(() -> config("https://postureacct.blob.core.windows.net/reports/site"
        + "?sv=2023-11-03&sig=c2lnbmF0dXJl&blocksize=1", Map.of(), Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("azure.blocksize")
        .hasMessageNotContaining("c2lnbmF0dXJl");
  }

  @Test
  void from_connectionString_winsAndMustMatchTheAccount() {
    String connection = "DefaultEndpointsProtocol=https;AccountName=postureacct;AccountKey=a2V5;"
        + "EndpointSuffix=core.windows.net";
    AzureBlobPublisherConfig config = config("azblob://postureacct/reports", Map.of(),
        Map.of("AZURE_STORAGE_CONNECTION_STRING", connection));
    assertThat(config.connectionString().reveal()).isEqualTo(connection);
    assertThat(config.endpoint()).isNull();

    assertThatThrownBy(() -> config("azblob://otheracct/reports", Map.of(),
        Map.of("AZURE_STORAGE_CONNECTION_STRING", connection)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("otheracct")
        .hasMessageNotContaining("a2V5");
  }

  @Test
  void from_secretsInQuery_areRefused() {
    assertThatThrownBy(() -> config("azblob://postureacct/reports?account-key=a2V5c2VjcmV0", Map.of(), Map.of()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("azure.account-key")
        .hasMessageNotContaining("a2V5c2VjcmV0");
  }

  @Test
  void from_foreignOrMalformedDestinations_areRefused() {
    for (String destination : List.of("https://example.com/reports/site", "s3://bucket/site",
        "azblob://postureacct", "azblob://Bad_Account/reports", "azblob://postureacct/UPPER/site",
        "azblob://postureacct/reports/a/../b")) {
      assertThatThrownBy(() -> config(destination, Map.of(), KEY)).as(destination)
          .isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void from_malformedSettings_areRefused() {
    for (Map<String, String> options : List.of(Map.of("azure.access-tier", "Lukewarm"),
        Map.of("azure.service-version", "latest"), Map.of("azure.max-attempts", "0"),
        Map.of("azure.block-size", "0"), Map.of("azure.endpoint", "not-a-url"))) {
      assertThatThrownBy(() -> config("azblob://postureacct/reports", options, KEY)).as(options.toString())
          .isInstanceOf(ConfigurationException.class);
    }
  }

  @Test
  void publish_withoutCredentials_saysWhereToPutThem() {
    AzureBlobArtifactPublisher publisher = AzureBlobArtifactPublisher.builder().environment(Map.of()).build();
    assertThatThrownBy(() -> publisher.read(URI.create("azblob://postureacct/reports"), "index.html"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("AZURE_STORAGE_CONNECTION_STRING")
        .hasMessageContaining("azure-identity");
  }
}
