/**
 * Contract tests for the four SPIs. An implementation's test class extends the matching abstract class, supplies
 * the implementation and sample inputs, and inherits tests that check the promises the SPI documents: names,
 * discovery, streaming and error behaviour, secret hygiene, merge laws, publishing order.
 * {@link io.secposture.testkit.ObjectStoreContract} checks the {@link io.secposture.core.ObjectStore} under a
 * storage publisher (read-back, versions, conditional writes).
 *
 * <p>The contracts use JUnit 5 and AssertJ, so this artifact belongs in test scope. In Maven, run them with
 * Surefire 3 (older versions find no JUnit 5 test and report success with none run), and put an SLF4J provider in
 * test scope (Logback, slf4j-simple or slf4j-jdk14): {@link io.secposture.testkit.ScannerContract} watches the
 * scanner's logs for its secret. {@link io.secposture.testkit.LargeInputs} writes the large input
 * {@link io.secposture.testkit.ReportParserContract} parses in a small heap.
 */
package io.secposture.testkit;
