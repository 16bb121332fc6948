package io.secposture.export.aws.internal;

import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * Not public API: one account's Security Hub in one region, with its own pacing.
 *
 * @param accountId the account, whose credentials the client signs with
 * @param region the region
 * @param client the client
 * @param bucket the pacing of this account and region
 */
public record Destination(String accountId, String region, SecurityHubClient client, TokenBucket bucket) {
  /**
   * Returns how warnings name this destination.
   *
   * @return {@code account <id> in <region>}
   */
  public String describe() {
    return "account " + accountId + " in " + region;
  }
}
