/**
 * AWS for organisations: credential chaining ({@link io.secposture.cloud.aws.AwsCredentialBrokerProvider}, settings
 * {@link io.secposture.cloud.aws.AwsChainingConfig}) that assumes each account's role from the job's own identity
 * and serves scanners renewed credentials on a loopback endpoint, and account discovery from AWS Organizations
 * ({@link io.secposture.cloud.aws.AwsOrganizationsDiscovery}, settings
 * {@link io.secposture.cloud.aws.AwsOrganizationsConfig}). Both are registered for {@link java.util.ServiceLoader}.
 * Parameters and return values are never {@code null} unless documented as nullable; everything under
 * {@code internal} is not public API.
 */
package io.secposture.cloud.aws;
