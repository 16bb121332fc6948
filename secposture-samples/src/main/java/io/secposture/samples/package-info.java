/**
 * Sample data without a cloud: realistic ScoutSuite and Prowler outputs for made-up accounts ({@link
 * io.secposture.samples.SampleData}, {@link io.secposture.samples.ProwlerSampleWriter}) and the demo's stand-in
 * scanners that write them ({@link io.secposture.samples.DemoScanners}). For the demo, tests and benchmarks; a
 * production job does not need this module.
 *
 * <p>Types in this package are public API. Everything under {@code io.secposture.samples.internal} is not: it may
 * change in any release. Parameters and return values are never {@code null} unless documented as nullable.
 */
package io.secposture.samples;
