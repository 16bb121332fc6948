/**
 * Publishing to Google Cloud Storage: {@link io.secposture.storage.gcs.GcsArtifactPublisher} (scheme {@code gs},
 * registered for {@link java.util.ServiceLoader}; core's {@link io.secposture.core.spi.ObjectStorePublisher} over this
 * module's GCS binding) and its settings,
 * {@link io.secposture.storage.gcs.GcsPublisherConfig}.
 * Parameters and return values are never {@code null} unless documented as nullable; everything under
 * {@code internal} is not public API.
 */
package io.secposture.storage.gcs;
