/**
 * An example command-line scanner: {@link io.secposture.examples.acme.AcmeAuditScanner} wraps a fictional in-house
 * CLI ({@code acme-audit --account <id> --out <dir>}) on {@code io.secposture.core.spi.CommandLineScan}, and
 * {@link io.secposture.examples.acme.AcmeAuditParser} streams the JSON-lines file it writes. Copy this package to wrap
 * another tool, and list the classes in your jar's {@code META-INF/services/io.secposture.api.Scanner} and
 * {@code ...ReportParser}; here they are listed in the module's test resources only, so the job jar does not offer a
 * scanner for a tool that does not exist.
 */
package io.secposture.examples.acme;
