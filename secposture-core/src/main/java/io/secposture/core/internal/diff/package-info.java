/**
 * Not public API: the machinery behind {@link io.secposture.core.RunDiffer} (row-by-row comparison, compact
 * fingerprint tables, the light findings reader and the memory of resolved findings); it may change in any release.
 */
package io.secposture.core.internal.diff;
