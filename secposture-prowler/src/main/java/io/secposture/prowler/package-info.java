/**
 * Prowler for secposture: {@link io.secposture.prowler.ProwlerScanner} runs the Prowler CLI (4.x, 5.x) for AWS
 * accounts, Azure subscriptions, GCP projects and Kubernetes clusters, and one {@link io.secposture.api.ReportParser}
 * per Prowler output format reads what Prowler 2.x to 5.x write:
 *
 * <table>
 * <caption>Parsers</caption>
 * <tr><th>name</th><th>format</th></tr>
 * <tr><td>{@code prowler-ocsf}</td><td>JSON-OCSF of 4.x and 5.x (what the scanner parses)</td></tr>
 * <tr><td>{@code prowler-ocsf-v3}</td><td>JSON-OCSF 1.0.0-rc.3 of 3.6-3.16</td></tr>
 * <tr><td>{@code prowler-csv}</td><td>CSV of 3.x, 4.x and 5.x ({@code ;})</td></tr>
 * <tr><td>{@code prowler-asff}</td><td>JSON-ASFF of every version (array or lines)</td></tr>
 * <tr><td>{@code prowler-json-v3}</td><td>native JSON of 3.x</td></tr>
 * <tr><td>{@code prowler-v2-json}</td><td>JSON lines of 2.x</td></tr>
 * <tr><td>{@code prowler-v2-csv}</td><td>CSV of 2.x ({@code ,})</td></tr>
 * <tr><td>{@code prowler-compliance-csv}</td><td>compliance CSVs ({@code compliance/<name>_<framework>.csv})</td></tr>
 * </table>
 *
 * <p>Every parser recognises its format by content, streams findings one at a time with memory that does not grow
 * with the file (distinct resources are counted as 64-bit hashes), and counts the same way: checked = PASS + FAIL
 * results (muted included), flagged = FAIL results that are not muted (v2/v3 {@code WARNING} and ASFF
 * {@code WARNING} are muted failures), resources = distinct resource ids per service, MANUAL and INFO results apart
 * (never checked or flagged). A finding's fingerprint is the hash of {@code prowler}, provider, account, check id and
 * resource uid, so the same check on the same resource has the same fingerprint in every format and run.
 *
 * <p>Files are untrusted input: a text value longer than 65,536 characters is cut to that length while it is read and
 * ends in {@code ... [truncated: <original length> chars]}, list fields keep their first 1,000 elements, and the
 * parsed report's warnings say how often and where; so a file with 90 MB descriptions parses in a small heap.
 *
 * <p>Everything in this package is thread-safe; parameters and return values are never null unless documented.
 * Classes in {@code io.secposture.prowler.internal} are not public API.
 */
package io.secposture.prowler;
