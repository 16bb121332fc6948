/**
 * Not public API: small helpers the modules of this project share (for example {@link
 * io.secposture.core.internal.Suggestions} for "did you mean" hints); they may change in any release.
 */
package io.secposture.core.internal;
