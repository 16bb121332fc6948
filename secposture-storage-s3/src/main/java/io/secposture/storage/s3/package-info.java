/**
 * Publishing to Amazon S3 and S3-compatible stores: {@link io.secposture.storage.s3.S3ArtifactPublisher} (scheme
 * {@code s3}, registered for {@link java.util.ServiceLoader}; core's
 * {@link io.secposture.core.spi.ObjectStorePublisher} over this module's S3 binding) and its settings,
 * {@link io.secposture.storage.s3.S3PublisherConfig}. Parameters and return values are never {@code null} unless
 * documented as nullable; everything under {@code internal} is not public API.
 */
package io.secposture.storage.s3;
