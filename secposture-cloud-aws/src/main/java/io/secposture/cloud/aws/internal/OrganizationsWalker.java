package io.secposture.cloud.aws.internal;

import io.secposture.api.SecpostureException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.organizations.model.Child;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.Tag;

/**
 * Not public API: the Organizations calls of the discovery: the active accounts ({@code ListAccounts}), the accounts
 * below organizational units ({@code ListChildren}, walked down), an account's tags ({@code ListTagsForResource})
 * and the management account ({@code DescribeOrganization}). Every failure becomes a {@link SecpostureException}
 * naming the call and what to check.
 */
public final class OrganizationsWalker {
  private final OrganizationsClient client;

  /**
   * Walks with a client.
   *
   * @param client the client; not closed here
   */
  public OrganizationsWalker(OrganizationsClient client) {
    this.client = client;
  }

  /**
   * Lists the organisation's accounts that can be scanned: state (or, from older APIs, status) ACTIVE.
   *
   * @return the accounts by id, in the order listed
   */
  public Map<String, Account> activeAccounts() {
    Map<String, Account> accounts = new LinkedHashMap<>();
    call("ListAccounts", () -> {
      client.listAccountsPaginator(request -> { }).forEach(page -> {
        for (Account account : page.accounts()) {
          if (active(account)) {
            accounts.put(account.id(), account);
          }
        }
      });
      return null;
    });
    return accounts;
  }

  static boolean active(Account account) {
    if (account.state() != null && account.state() != AccountState.UNKNOWN_TO_SDK_VERSION) {
      return account.state() == AccountState.ACTIVE;
    }
    return account.status() == AccountStatus.ACTIVE;
  }

  /**
   * Finds, for each account below the given organizational units (or roots), which of them it is below.
   *
   * @param groups OU or root ids
   * @return the given groups each account sits under, by account id
   */
  public Map<String, Set<String>> groupsOf(Set<String> groups) {
    Map<String, Set<String>> byAccount = new HashMap<>();
    for (String group : groups) {
      Deque<String> parents = new ArrayDeque<>();
      parents.add(group);
      Set<String> visited = new HashSet<>();
      while (!parents.isEmpty()) {
        String parent = parents.poll();
        if (!visited.add(parent)) {
          continue;
        }
        for (Child child : children(parent, ChildType.ACCOUNT)) {
          byAccount.computeIfAbsent(child.id(), id -> new HashSet<>()).add(group);
        }
        for (Child child : children(parent, ChildType.ORGANIZATIONAL_UNIT)) {
          parents.add(child.id());
        }
      }
    }
    return byAccount;
  }

  private List<Child> children(String parent, ChildType type) {
    return call("ListChildren (" + parent + ", " + type + ")", () -> {
      List<Child> children = new ArrayList<>();
      client.listChildrenPaginator(request -> request.parentId(parent).childType(type))
          .forEach(page -> children.addAll(page.children()));
      return children;
    });
  }

  /**
   * Returns an account's tags.
   *
   * @param accountId the account id
   * @return the tags by key
   */
  public Map<String, String> tags(String accountId) {
    return call("ListTagsForResource (" + accountId + ")", () -> {
      Map<String, String> tags = new HashMap<>();
      client.listTagsForResourcePaginator(request -> request.resourceId(accountId)).forEach(page -> {
        for (Tag tag : page.tags()) {
          tags.put(tag.key(), tag.value());
        }
      });
      return tags;
    });
  }

  /**
   * Returns the organisation's management account id.
   *
   * @return the account id
   */
  public String managementAccount() {
    return call("DescribeOrganization", () -> client.describeOrganization().organization().masterAccountId());
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T call(String operation, Call<T> call) {
    try {
      return call.run();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
      String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
      String hint = code.contains("AccessDenied") || code.contains("AWSOrganizationsNotInUse")
          ? "; the job's identity must be the management account or a delegated administrator of the organisation,"
              + " with organizations:ListAccounts, ListChildren, ListTagsForResource and DescribeOrganization"
          : "; check the organisation and the endpoint (aws-org.region, aws-org.endpoint)";
      throw new SecpostureException("AWS Organizations " + operation + " failed: " + code + ": " + message + hint, e);
    } catch (SdkException e) {
      throw new SecpostureException("AWS Organizations " + operation + " failed: " + e.getMessage()
          + "; check the job's AWS identity and network access to Organizations", e);
    }
  }
}
