/**
 * Not public API: suppressions as code. {@code SuppressionFile} reads a suppressions file into
 * {@link io.secposture.core.Suppressions} (every problem with its line); {@code SuppressionMatcher} compiles a run's
 * entries once (globs, expiry at the run's start), scopes them per account and mutes the findings they match, counting
 * per entry and per service so the pipeline can move the counts from flagged to muted and build the report's
 * {@code suppressions} section.
 */
package io.secposture.core.internal.suppress;
