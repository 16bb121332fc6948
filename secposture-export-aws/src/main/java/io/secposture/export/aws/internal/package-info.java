/**
 * Not public API: the Security Hub export's parts: ASFF mapping and trimming, the archive scope, batching, pacing
 * ({@link io.secposture.export.aws.internal.TokenBucket}), retries and the credentials of each account's lease.
 */
package io.secposture.export.aws.internal;
