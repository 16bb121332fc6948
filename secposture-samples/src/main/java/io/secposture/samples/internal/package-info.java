/**
 * Not public API: the sample writers behind {@link io.secposture.samples.SampleData} (the ScoutSuite report
 * directory and the Prowler formats, each from a seeded catalog of checks and resources) and the demo stand-in
 * scanner. May change in any release.
 */
package io.secposture.samples.internal;
