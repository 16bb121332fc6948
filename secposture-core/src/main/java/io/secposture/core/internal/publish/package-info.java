/**
 * Not public API: the machinery behind {@link io.secposture.core.SitePublisher} (parallel uploads, the history
 * compare-and-swap loop, failure messages, progress) and the local {@code file} publisher.
 * It may change in any release; storage modules build on {@link io.secposture.core.spi} instead.
 */
package io.secposture.core.internal.publish;
