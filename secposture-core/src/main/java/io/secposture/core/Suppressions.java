package io.secposture.core;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Suppression;
import io.secposture.core.internal.suppress.SuppressionFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A suppressions file: accepted risks as code, applied by the {@link Pipeline} ({@link Pipeline.Builder#suppressions})
 * to every finding of every scanner, in {@code run} and in {@code aggregate}.
 *
 * <pre>{@code
 * suppressions:
 *   - id: legacy-logs-bucket              # optional; default S + 8 hex characters derived from what it matches
 *     rule: s3_bucket_*                    # glob over rule ids (* any characters, ? one)
 *     resource: "arn:aws:s3:::legacy-logs*" # glob over resource ids
 *     scanner: prowler                     # optional exact values: scanner, provider, region, service
 *     accounts: [prod, "111122223333"]     # account ids or inventory names; any one matches
 *     labels: {team: payments}             # account labels; all must match
 *     reason: Public by design, CloudFront in front
 *     owner: network-team                  # required, as is reason
 *     ticket: SEC-1234
 *     expires: 2027-03-31                  # last day it applies (UTC)
 * }</pre>
 *
 * <p>An entry must set {@code rule} or {@code resource} ({@code rule: "*"} mutes every rule in its scope). A failed
 * finding that no scanner muted and that matches every field an entry sets is muted by the first such entry in file
 * order: it moves from flagged to muted in every count, stops failing compliance requirements, and carries the entry's
 * id as {@code suppressed_by} in {@code findings.jsonl.gz}. An entry whose {@code expires} day (UTC) ended before the
 * run started mutes nothing and is reported expired; one that muted nothing is reported unused. Account names and
 * labels come from the inventory, so in {@code aggregate} (no inventory) only account ids match.
 *
 * <p>A derived id is {@code S} followed by the first 8 hex characters of the SHA-256 of the fields that choose
 * findings (rule, scanner, provider, accounts, labels, region, service, resource): it stays the same when the entry
 * moves in the file or its reason, owner, ticket or expiry change.
 *
 * <p>Immutable and thread-safe. Read a file with {@link #read(Path)} or {@link #parse(byte[], String)}; every
 * problem in it is reported at once with its line.
 *
 * @param source where the entries were read from, for messages (a path or URI); never null
 * @param entries the entries in file order, with {@code matched} 0 and not expired; ids are unique
 */
public record Suppressions(String source, List<Suppression> entries) {

  /** Validates the components: ids must be unique. */
  public Suppressions {
    Objects.requireNonNull(source, "source");
    entries = List.copyOf(entries);
    Set<String> ids = new HashSet<>();
    for (Suppression entry : entries) {
      if (!ids.add(entry.id())) {
        throw new IllegalArgumentException("suppression id '" + entry.id() + "' appears twice in " + source);
      }
    }
  }

  /**
   * Returns no suppressions: every finding keeps the status its scanner gave it.
   *
   * @return the empty set
   */
  public static Suppressions none() {
    return new Suppressions("none", List.of());
  }

  /**
   * Reads a YAML or JSON suppressions file.
   *
   * @param file the file
   * @return the suppressions
   * @throws ConfigurationException listing every problem of the file, each with its line
   */
  public static Suppressions read(Path file) {
    Objects.requireNonNull(file, "file");
    return SuppressionFile.read(file);
  }

  /**
   * Reads suppressions from the content of a file fetched elsewhere (an object in a bucket).
   *
   * @param content the YAML or JSON text, UTF-8
   * @param source where it came from, named in messages (a URI); a name ending in {@code .json} is read as JSON
   * @return the suppressions
   * @throws ConfigurationException listing every problem, each with its line
   */
  public static Suppressions parse(byte[] content, String source) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(source, "source");
    return SuppressionFile.parse(content, source);
  }

  /**
   * Tells whether there are no entries.
   *
   * @return true when nothing can be muted
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
