/**
 * Azure for organisations: credential chaining ({@link io.secposture.cloud.azure.AzureCredentialBrokerProvider},
 * settings {@link io.secposture.cloud.azure.AzureChainingConfig}) for one application that scans every subscription
 * with a client secret or a federated token kept fresh in a private file per scan, and subscription discovery
 * ({@link io.secposture.cloud.azure.AzureSubscriptionsDiscovery}, settings
 * {@link io.secposture.cloud.azure.AzureSubscriptionsConfig}). Both are registered for
 * {@link java.util.ServiceLoader}. Parameters and return values are never {@code null} unless documented as nullable;
 * everything under {@code internal} is not public API.
 */
package io.secposture.cloud.azure;
