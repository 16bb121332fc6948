package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The core's own extension kinds, looked up through the shared registry; no cloud module is on this classpath. */
class CoreExtensionsTest {

  @Test
  void accountDiscoveryNamed_cloudModuleMissing_namesTheModuleToAdd() {
    assertThatThrownBy(() -> AccountDiscovery.named("aws-org"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no account discovery 'aws-org'; available: []; 'aws-org' is provided by "
            + "io.secposture:secposture-cloud-aws: add it to the classpath");
  }

  @Test
  void credentialBrokerProviderNamed_cloudModuleMissing_namesTheModuleToAdd() {
    assertThatThrownBy(() -> CredentialBrokerProvider.named("azure"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no credential broker 'azure'; available: []; 'azure' is provided by "
            + "io.secposture:secposture-cloud-azure: add it to the classpath");
  }

  @Test
  void available_withoutCloudModules_isEmptyAndTheSameEachTime() {
    assertThat(AccountDiscovery.available()).isEmpty();
    assertThat(CredentialBrokerProvider.discover()).isSameAs(CredentialBrokerProvider.discover());
    assertThat(CredentialBrokerProvider.discover()).isEmpty();
  }
}
