/**
 * Not public API: the shared, lazily loading registry of the core's own extension kinds (account discoveries,
 * credential broker providers), built on {@link io.secposture.api.spi.ExtensionRegistry}.
 */
package io.secposture.core.internal.extension;
