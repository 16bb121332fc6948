/**
 * Publishing to Azure Blob Storage, including {@code $web} static websites:
 * {@link io.secposture.storage.azure.AzureBlobArtifactPublisher} (schemes {@code azblob} and {@code https}, registered
 * for {@link java.util.ServiceLoader}; core's {@link io.secposture.core.spi.ObjectStorePublisher} over this module's
 * Azure binding) and its settings, {@link io.secposture.storage.azure.AzureBlobPublisherConfig}.
 * Parameters and return values are never {@code null} unless documented as nullable; everything under
 * {@code internal} is not public API.
 */
package io.secposture.storage.azure;
