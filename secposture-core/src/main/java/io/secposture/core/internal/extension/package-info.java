/** Not public API: service loading for the core's own extension points. */
package io.secposture.core.internal.extension;
