package io.secposture.scoutsuite.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Not public API: the cloud ids of the resources one service's flagged rules point at, so that a finding shows its
 * resource as an ARN or cloud id instead of ScoutSuite's internal item path
 * ({@code arn:aws:ec2:us-west-1:123456789012:volume/vol-1} rather than
 * {@code ec2.regions.us-west-1.volumes.vol-1.encrypted}).
 *
 * <p>The rules' path patterns ({@code ec2.regions.id.volumes.id}) say where their resources live; {@link #walk}
 * follows them through the service's resource trees as they stream past and remembers, per resource path, the
 * resource object's {@code arn} (a trailing {@code /*} of an S3 bucket ARN dropped), else its {@code id} when that is
 * a cloud id (not ScoutSuite's {@code scoutid-...} or 40-hex hash, not a region). {@link #resolve} maps an item to
 * it; an item whose resource has neither, or was not indexed, keeps its path. Only resources of collections that some
 * rule flagged are indexed, by a 64-bit hash of their path, and at most {@value #MAX_RESOURCES} of them with
 * {@value #MAX_CHARS} characters of ids per service (a few hundred KB), so memory stays bounded whatever the file holds; past
 * that, further items keep their paths and {@link #overflowed()} says so. Not thread-safe: one instance per service
 * and parse.
 */
final class ResourceIds {
  static final int MAX_RESOURCES = 2_000;
  static final long MAX_CHARS = 160_000;
  private static final int MAX_ID = 2048;
  private static final Pattern HASHED = Pattern.compile("scoutid-.*|[0-9a-f]{40}");

  private final String service;
  private final List<String[]> patterns = new ArrayList<>();
  /** Cloud ids by a 64-bit hash of the resource path: a path is not kept, which halves the memory per resource. */
  private final Map<Long, String> ids = new HashMap<>();
  private long chars;
  private boolean overflowed;

  ResourceIds(String service, Set<String> rulePatterns) {
    this.service = service;
    for (String pattern : rulePatterns) {
      String[] parts = pattern.split("\\.");
      if (parts.length >= 2 && parts[0].equals(service) && !parts[1].isEmpty()) {
        patterns.add(parts);
      }
    }
  }

  /**
   * Tells whether a top-level key of the service holds resources some rule points at.
   *
   * @param key the key, e.g. {@code regions}
   * @return true if {@link #walk} should read it
   */
  boolean wants(String key) {
    for (String[] parts : patterns) {
      if (parts[1].equals(key) || parts[1].equals("id")) {
        return true;
      }
    }
    return false;
  }

  /** Tells whether some resources were left out because the bounds were reached. */
  boolean overflowed() {
    return overflowed;
  }

  /** How many resources are indexed. */
  int size() {
    return ids.size();
  }

  /**
   * Reads the value of a top-level key of the service (the parser is on its first token) and indexes the resources
   * in it that a pattern points at; the parser ends on the value's last token.
   *
   * @param p the parser
   * @param key the top-level key
   * @throws IOException if reading fails
   */
  void walk(JsonParser p, String key) throws IOException {
    List<String[]> matching = new ArrayList<>();
    for (String[] parts : patterns) {
      if (parts[1].equals(key) || parts[1].equals("id")) {
        matching.add(parts);
      }
    }
    walk(p, matching, 2, new StringBuilder(service).append('.').append(key));
  }

  private void walk(JsonParser p, List<String[]> matching, int depth, StringBuilder path) throws IOException {
    JsonToken start = p.currentToken();
    if (start != JsonToken.START_OBJECT && start != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    boolean resource = false;
    boolean regionKeyed = false;
    List<String[]> deeper = new ArrayList<>();
    for (String[] parts : matching) {
      if (parts.length == depth) {
        resource = true;
        regionKeyed |= depth >= 2 && parts[depth - 2].equals("regions");
      } else {
        deeper.add(parts);
      }
    }
    String arn = null;
    String id = null;
    int length = path.length();
    int index = 0;
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
      String name;
      if (token == JsonToken.FIELD_NAME) {
        name = p.currentName();
        token = p.nextToken();
      } else {
        name = Integer.toString(index++);
      }
      if (resource && token == JsonToken.VALUE_STRING && start == JsonToken.START_OBJECT) {
        if (name.equals("arn")) {
          arn = p.getText();
        } else if (name.equals("id")) {
          id = p.getText();
        }
      }
      if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
        continue;
      }
      List<String[]> next = new ArrayList<>(deeper.size());
      for (String[] parts : deeper) {
        if (parts[depth].equals("id") || parts[depth].equals(name)) {
          next.add(parts);
        }
      }
      if (next.isEmpty()) {
        p.skipChildren();
      } else {
        path.setLength(length);
        path.append('.').append(name);
        walk(p, next, depth + 1, path);
        path.setLength(length);
      }
    }
    if (resource) {
      remember(hash(path, 0, path.length()), cloudId(arn, id, regionKeyed));
    }
  }

  private void remember(long resourcePath, String cloudId) {
    if (cloudId == null || ids.containsKey(resourcePath)) {
      return;
    }
    if (ids.size() >= MAX_RESOURCES || chars + cloudId.length() > MAX_CHARS) {
      overflowed = true;
      return;
    }
    ids.put(resourcePath, cloudId);
    chars += cloudId.length();
  }

  /** FNV-1a over UTF-16 units: collisions between the few thousand paths of one service are negligible. */
  private static long hash(CharSequence text, int start, int end) {
    long hash = 0xcbf29ce484222325L;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      hash ^= c & 0xff;
      hash *= 0x100000001b3L;
      hash ^= c >>> 8;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** The ARN, else a cloud id; null when there is neither (a hashed id, a region, nothing). */
  static String cloudId(String arn, String id, boolean regionKeyed) {
    if (arn != null && !arn.isBlank() && arn.length() <= MAX_ID) {
      String trimmed = arn.strip();
      return trimmed.startsWith("arn:aws:s3:::") && trimmed.endsWith("/*")
          ? trimmed.substring(0, trimmed.length() - 2) : trimmed;
    }
    if (id != null && !id.isBlank() && id.length() <= MAX_ID && !regionKeyed && !HASHED.matcher(id).matches()) {
      return id.strip();
    }
    return null;
  }

  /**
   * Returns what a finding shows as its resource.
   *
   * @param item the item path
   * @param pattern the rule's display path or path; nullable
   * @return the resource's ARN or cloud id, or the item path itself
   */
  String resolve(String item, String pattern) {
    if (pattern == null || ids.isEmpty()) {
      return item;
    }
    int components = 1;
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '.') {
        components++;
      }
    }
    int end = -1;
    for (int i = 0; i < components; i++) {
      end = item.indexOf('.', end + 1);
      if (end < 0) {
        end = i == components - 1 ? item.length() : -2;
        break;
      }
    }
    if (end < 0) {
      return item;
    }
    String id = ids.get(hash(item, 0, end));
    return id == null ? item : id;
  }
}
