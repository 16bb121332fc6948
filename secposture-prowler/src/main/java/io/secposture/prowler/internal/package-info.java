/**
 * Not public API: the Prowler command line, outcome classification, format sniffing, streaming readers and the
 * shared counting of {@code io.secposture.prowler}. May change in any release.
 */
package io.secposture.prowler.internal;
