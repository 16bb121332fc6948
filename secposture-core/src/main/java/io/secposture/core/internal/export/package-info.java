/** Not public API: the run view {@code io.secposture.core.ExportRunner} hands to each finding exporter. */
package io.secposture.core.internal.export;
