/**
 * Not public API: the core's implementation packages (aggregation, pipeline, publishing, inventory readers, JSON and
 * HTML rendering); only this module's code may use them and they may change in any release.
 */
package io.secposture.core.internal;
