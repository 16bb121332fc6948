package io.secposture.scoutsuite;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.FindingSink;
import io.secposture.api.ParsedReport;
import io.secposture.api.ReportParseException;
import io.secposture.api.ReportParser;
import io.secposture.api.ReportSource;
import io.secposture.scoutsuite.internal.ResultsInput;
import io.secposture.scoutsuite.internal.ResultsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Reads ScoutSuite's results file ({@code scoutsuite-results/scoutsuite_results_<name>.js}) in one streaming pass
 * and hands one {@link io.secposture.api.Finding} per flagged item to the sink. Registered as the {@code scoutsuite}
 * {@link ReportParser}.
 *
 * <p><b>Who calls it.</b> The pipeline and the {@code aggregate} command, through
 * {@link io.secposture.api.Plugins#parserFor(ReportSource)}; embedding code may call it directly. Several files can be
 * parsed at once on different threads: instances hold no mutable state and are thread-safe.
 *
 * <p><b>What it reads.</b> The file as ScoutSuite 5.x writes it (first line {@code scoutsuite_results =}, then one
 * line of JSON, or indented JSON with {@code --debug}), and the same JSON without the first line, with or without a
 * byte-order mark, with LF or CRLF line ends, whatever the order of its keys. It never builds a tree of the
 * document: memory stays flat for multi-gigabyte files, and a text it keeps is at most 64 KiB (longer ones end with
 * {@code ... [truncated, N chars]}), so a hostile file with huge fields does not exhaust the heap either.
 *
 * <p><b>What it produces.</b> Tool {@code scoutsuite}, the ScoutSuite version ({@code last_run.version}) and scan time
 * ({@code last_run.time}); one {@link io.secposture.api.AccountStats} for the file's {@code provider_code} and
 * {@code account_id} whose per-service counts are {@code last_run.summary}'s {@code checked_items},
 * {@code flagged_items} and {@code resources_count} (every service listed there, including those outside the
 * scan's scope, which count zero); and one finding per item of {@code services.<service>.findings.<rule>.items}:
 * status FAIL, rule id = the rule key, title = its description, description = its rationale, its remediation and
 * compliance references, severity HIGH for {@code danger} and MEDIUM for {@code warning}, resource id = the item
 * path (unique per item and stable across runs), resource type = the service and collection of the rule's display
 * path (e.g. {@code ec2.security_groups}), region = the path's {@code regions.<region>} part if it has one, and a
 * fingerprint of tool, provider, account, rule and resource id. Compliance references name CIS benchmarks as
 * {@code CIS-<major>.<minor>} ({@code version 1.2.0} is {@code CIS-1.2}, Prowler's key), other frameworks by name and
 * version. A rule that checked items and flagged none passes its requirements: it streams no finding, so the parsed
 * report lists those as {@link io.secposture.api.ParsedReport#requirementResults() requirement results} (PASS), as
 * it does (FAIL) for a rule that counts flagged items but lists none. Beside the results it reads
 * {@code scoutsuite_errors_<name>.json} (summarised into one warning, by error kind and service) and
 * {@code scoutsuite_exceptions_<name>.js} (a warning with the number of excepted items) when they exist. What it
 * tolerates in damaged or unusual files, and the warning each leaves, is listed on {@link ResultsReader}; anything
 * else is a {@link ReportParseException} naming the file, the position and what was expected.
 */
public final class ScoutSuiteParser implements ReportParser {
  /** The parser's name. */
  public static final String NAME = "scoutsuite";

  /** Top-level keys every ScoutSuite results object has. */
  private static final Set<String> RESULT_KEYS = Set.of("account_id", "environment", "last_run", "metadata",
      "provider_code", "provider_name", "result_format", "service_list", "services");
  /** Keys no other scanner output is likely to have. */
  private static final Set<String> DISTINCTIVE_KEYS = Set.of("last_run", "provider_code", "service_list");

  private final long itemBufferChars;

  /** Creates the parser; ServiceLoader uses this constructor. */
  public ScoutSuiteParser() {
    this(ResultsReader.DEFAULT_ITEM_BUFFER_CHARS);
  }

  /**
   * Creates a parser that buffers at most the given number of characters of one rule's items before re-reading
   * them from the file instead (tests use a small value to exercise that path).
   *
   * @param itemBufferChars the buffer limit, positive
   */
  ScoutSuiteParser(long itemBufferChars) {
    if (itemBufferChars < 1) {
      throw new IllegalArgumentException("itemBufferChars must be positive");
    }
    this.itemBufferChars = itemBufferChars;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Tells whether a file is a ScoutSuite results file: its first line assigns {@code scoutsuite_results}, or it is
   * a JSON object whose first keys are ScoutSuite's ({@code account_id}, {@code last_run}, {@code provider_code},
   * ...). Looks at the first bytes only; the file name does not matter.
   *
   * @param source the file
   * @return true if this parser reads it
   */
  @Override
  public boolean accepts(ReportSource source) {
    Objects.requireNonNull(source, "source");
    byte[] head;
    try {
      head = source.head();
    } catch (UncheckedIOException e) {
      return false;
    }
    ResultsInput.Prefix prefix = ResultsInput.prefix(head);
    switch (prefix.shape()) {
      case ASSIGNMENT:
        return true;
      case PLAIN_JSON:
        return hasResultKeys(head, prefix.maskLength());
      default:
        return false;
    }
  }

  private static boolean hasResultKeys(byte[] head, int skip) {
    Set<String> keys = new HashSet<>();
    try (JsonParser parser = ResultsInput.newJsonFactory().createParser(head, skip, head.length - skip)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        if (RESULT_KEYS.contains(key)) {
          keys.add(key);
        }
        parser.nextToken();
        parser.skipChildren();
      }
    } catch (IOException e) {
      // the head ends inside the document: decide on the keys seen so far
    }
    return keys.size() >= 2 && keys.stream().anyMatch(DISTINCTIVE_KEYS::contains);
  }

  /**
   * Parses a results file.
   *
   * @param source the file
   * @param sink receives one finding per flagged item, in file order
   * @return the account's per-service counts, the ScoutSuite version, the scan time, the number of findings and the
   *     warnings
   * @throws ReportParseException if the file is not a ScoutSuite results file, naming the file, the position and
   *     what was expected there
   */
  @Override
  public ParsedReport parse(ReportSource source, FindingSink sink) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sink, "sink");
    return new ResultsReader(NAME, source, sink, itemBufferChars).read();
  }

  @Override
  public String toString() {
    return "ScoutSuiteParser";
  }
}
