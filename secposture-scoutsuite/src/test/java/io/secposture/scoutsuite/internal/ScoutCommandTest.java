package io.secposture.scoutsuite.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Credentials;
import io.secposture.api.Secret;
import io.secposture.scoutsuite.ScoutSuiteOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment ScoutSuite gets for credentials that replace the job's own AWS identity. */
class ScoutCommandTest {
  @TempDir
  Path work;

  @Test
  void build_chainedCredentialsEndpoint_removesEveryInheritedIdentityVariableBeforeSettingIt() {
    Credentials chained = new Credentials.Environment(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI",
        Secret.of("http://127.0.0.1:40000/0123456789abcdef"), "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        Secret.of("token-value-0123456789")), "assumed role");
    CloudAccount account = CloudAccount.builder(CloudProvider.AWS, "123456789012").build();

    ScoutCommand command = ScoutCommand.build(Path.of("/usr/bin/scout"), account, chained,
        ScoutSuiteOptions.defaults(), work, "aws-123456789012", work.resolve("private"));

    assertThat(command.removedVariables()).contains("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_ROLE_ARN",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    assertThat(command.secretEnvironment()).containsOnlyKeys("AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    assertThat(command.arguments()).noneMatch(argument -> argument.contains("token-value"));
  }
}
