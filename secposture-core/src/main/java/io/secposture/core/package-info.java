/**
 * The secposture engine: the pipeline that scans accounts concurrently and folds their results into one report,
 * the inventories that say which accounts to scan, the process runner command-line scanners use, the report JSON
 * codec, and the site layout and object-store contract publishers build on.
 *
 * <p>Types in this package are public API. Everything under {@code io.secposture.core.internal} is not: it may
 * change in any release. Parameters and return values are never {@code null} unless documented as nullable.
 */
package io.secposture.core;
