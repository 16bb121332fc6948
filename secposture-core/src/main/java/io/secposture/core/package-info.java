/**
 * The secposture engine: the pipeline that scans accounts concurrently and folds their results into one report,
 * the inventories that say which accounts to scan, the process runner command-line scanners use, the report JSON
 * codec, and the site layout and object-store contract publishers build on.
 *
 * <p>A run's {@link io.secposture.core.RunOutcome} is a value; {@link io.secposture.core.RunPublisher} is the one
 * service that compares it with the previous run at a destination and publishes it (a shard's outcome partially).
 *
 * <p>Types in this package are public API. Everything under {@code io.secposture.core.internal} is not: it may
 * change in any release. Parameters and return values are never {@code null} unless documented as nullable.
 */
package io.secposture.core;
