/**
 * Contract tests for the four SPIs. An implementation's test class extends the matching abstract class, supplies
 * the implementation and sample inputs, and inherits tests that check the promises the SPI documents: names,
 * discovery, streaming and error behaviour, secret hygiene, merge laws, publishing order.
 *
 * <p>The contracts use JUnit 5 and AssertJ, so this artifact belongs in test scope.
 */
package io.secposture.testkit;
