/**
 * Extension discovery for every kind of secposture extension: scanners, report parsers, aggregators and publishers
 * (declared in {@link io.secposture.api.Plugins}), account discoveries and credential broker providers (declared in
 * secposture-core). An {@link io.secposture.api.spi.ExtensionKind} says what a kind is called, which service
 * interface it has and how an implementation's name is read; an {@link io.secposture.api.spi.ExtensionRegistry}
 * loads each kind through {@link java.util.ServiceLoader} on first use and hands out an immutable
 * {@link io.secposture.api.spi.NamedExtensions} per kind; {@link io.secposture.api.spi.Suggestions} gives the "did
 * you mean" hints of configuration errors.
 *
 * <p>Which module provides a well-known name (so that an unknown name can say which artifact to add) is data, not
 * code: every jar may ship {@code META-INF/secposture/well-known-extensions.txt}, one {@code kind:name = module}
 * line each, and all those visible to a kind's class loader are merged.
 *
 * <p>Conventions as in {@link io.secposture.api}: nothing here returns or accepts {@code null} unless documented;
 * every type is immutable or thread-safe; failures are {@link io.secposture.api.ConfigurationException}s whose
 * message names the classes, jars and names involved.
 */
package io.secposture.api.spi;
