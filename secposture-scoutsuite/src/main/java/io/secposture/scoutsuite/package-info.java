/**
 * The ScoutSuite adapter: {@link io.secposture.scoutsuite.ScoutSuiteScanner} runs ScoutSuite for one account and
 * returns its report directory as artifacts; {@link io.secposture.scoutsuite.ScoutSuiteParser} streams ScoutSuite's
 * results file into normalised findings and per-service counts; {@link io.secposture.scoutsuite.ScoutSuiteOptions}
 * holds the {@code scoutsuite.*} options. Both plugins are registered for {@link java.util.ServiceLoader} under the
 * name {@code scoutsuite}.
 *
 * <p>Parameters and return values are never {@code null} unless documented as nullable. Everything in
 * {@code io.secposture.scoutsuite.internal} is not public API.
 */
package io.secposture.scoutsuite;
