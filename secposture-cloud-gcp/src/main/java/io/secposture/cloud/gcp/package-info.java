/**
 * Google Cloud for organisations: credential chaining ({@link io.secposture.cloud.gcp.GcpCredentialBrokerProvider},
 * settings {@link io.secposture.cloud.gcp.GcpChainingConfig}) that hands each scan an
 * {@code impersonated_service_account} credentials file sourced from the job's own identity, and project discovery
 * from Resource Manager ({@link io.secposture.cloud.gcp.GcpResourceManagerDiscovery}, settings
 * {@link io.secposture.cloud.gcp.GcpOrganizationConfig}). Both are registered for {@link java.util.ServiceLoader}.
 * Parameters and return values are never {@code null} unless documented as nullable; everything under
 * {@code internal} is not public API.
 */
package io.secposture.cloud.gcp;
