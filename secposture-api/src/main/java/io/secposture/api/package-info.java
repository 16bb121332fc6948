/**
 * The public API of secposture: the four service-provider interfaces ({@link io.secposture.api.Scanner},
 * {@link io.secposture.api.ReportParser}, {@link io.secposture.api.Aggregator},
 * {@link io.secposture.api.ArtifactPublisher}), the immutable value records they exchange, the
 * {@link io.secposture.api.SecpostureException} family and the {@link io.secposture.api.Plugins} registry that
 * discovers implementations through {@link java.util.ServiceLoader}, built on the generic extension registry of
 * {@link io.secposture.api.spi}.
 *
 * <p>Conventions for every type in this package: parameters and return values are never {@code null} unless the
 * documentation of that parameter, record component or method says "nullable"; records validate their
 * components in their compact constructors and hold unmodifiable collections, so instances are deeply immutable
 * and safe to share between threads; nothing here ever prints a secret (see {@link io.secposture.api.Secret}).
 *
 * <p>This module depends on the JDK only.
 */
package io.secposture.api;
