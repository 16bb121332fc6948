package io.secposture.scoutsuite.internal;

import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Not public API: computes {@link Finding#fingerprint(String, CloudProvider, String, String, String)} for many
 * resources of one rule without re-hashing the parts they share. The digest of tool, provider, account and rule is
 * computed once; each resource clones it and adds only its own bytes. The result is identical to the API's method
 * (a property test checks it). Not thread-safe: one instance per rule and parse.
 */
public final class FingerprintPrefix {
  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest prefix;

  /**
   * Prepares the shared part of the fingerprints of one rule.
   *
   * @param tool the scanner
   * @param provider the cloud
   * @param accountId the account
   * @param ruleId the rule
   */
  public FingerprintPrefix(String tool, CloudProvider provider, String accountId, String ruleId) {
    try {
      prefix = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (String part : new String[] {tool, provider.id(), accountId, ruleId}) {
      prefix.update(part.getBytes(StandardCharsets.UTF_8));
      prefix.update((byte) 0);
    }
  }

  /**
   * Returns the fingerprint of the rule's finding on one resource.
   *
   * @param resourceId the resource; nullable
   * @return 32 lower-case hex characters
   */
  public String of(String resourceId) {
    MessageDigest digest;
    try {
      digest = (MessageDigest) prefix.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
    }
    if (resourceId != null) {
      digest.update(resourceId.getBytes(StandardCharsets.UTF_8));
    }
    digest.update((byte) 0);
    return HEX.formatHex(digest.digest(), 0, 16);
  }
}
