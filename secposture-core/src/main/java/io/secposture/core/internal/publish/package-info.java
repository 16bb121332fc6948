/**
 * Not public API: the machinery behind {@link io.secposture.core.SitePublisher} (parallel uploads, the history
 * compare-and-swap loop, failure messages, progress) and the local {@code file} publisher. The storage modules of this
 * project use it too; it may change in any release.
 */
package io.secposture.core.internal.publish;
