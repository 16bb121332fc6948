package io.secposture.export.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.secposture.api.CloudProvider;
import io.secposture.api.Finding;
import io.secposture.api.ScanStatus;
import io.secposture.api.Settings;
import io.secposture.core.ScanScope;
import io.secposture.core.Shard;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The archiving law over random runs, through the real SDK and a local Security Hub: a resolved finding is archived
 * exactly when a scan of its scanner and account in this run SUCCEEDED with known limits that include its region,
 * service and check; every request carries one account's findings, signed with that account's key, into one region.
 */
class ArchiveScopePropertiesTest {
  private static final List<String> ACCOUNTS = List.of("100000000001", "100000000002", "100000000003");
  private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");
  private static final List<String> SERVICES = List.of("s3", "iam");
  private static final List<String> CHECKS = List.of("c1", "c2");

  record Resolved(String account, String scanner, String region, String service, String check, int resource) {
    Finding finding() {
      return Finding.builder().tool(scanner).provider(CloudProvider.AWS).accountId(account).region(region)
          .service(service).ruleId(check).resourceId("res-" + resource).build();
    }
  }

  @Provide
  Arbitrary<List<ScanScope>> scopes() {
    return Combinators.combine(Arbitraries.of(ACCOUNTS), Arbitraries.of("prowler", "scoutsuite"),
        Arbitraries.of(ScanStatus.class), Arbitraries.of(REGIONS).set().ofMaxSize(1).map(List::copyOf),
        Arbitraries.of(SERVICES).set().ofMaxSize(1).map(List::copyOf),
        Arbitraries.of(CHECKS).set().ofMaxSize(1).map(List::copyOf), Arbitraries.of(true, true, false))
        .as((account, scanner, status, regions, services, checks, known) -> new ScanScope(CloudProvider.AWS,
            account, scanner, status, regions, services, checks, known, Shard.whole())).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Resolved>> resolved() {
    return Combinators.combine(Arbitraries.of(ACCOUNTS), Arbitraries.of("prowler", "scoutsuite"),
        Arbitraries.of(REGIONS), Arbitraries.of(SERVICES), Arbitraries.of(CHECKS), Arbitraries.integers().between(0, 9))
        .as(Resolved::new).list().ofMaxSize(25);
  }

  @Property(tries = 25)
  void a_resolved_finding_is_archived_exactly_when_a_succeeded_scan_of_its_row_covered_it(
      @ForAll("scopes") List<ScanScope> scopes, @ForAll("resolved") List<Resolved> resolved) throws Exception {
    try (FakeSecurityHub hub = new FakeSecurityHub()) {
      TestRun run = new TestRun();
      for (String account : ACCOUNTS) {
        run.account(SecurityHubExporterTest.keys(account, "AKID" + account));
      }
      Map<String, ScanScope> byRow = new java.util.HashMap<>();
      for (ScanScope scope : scopes) {
        if (byRow.putIfAbsent(scope.key(), scope) == null) {
          run.scope(scope);
        }
      }
      Set<String> expected = new HashSet<>();
      Set<String> seen = new HashSet<>();
      for (Resolved item : resolved) {
        Finding finding = item.finding();
        if (!seen.add(finding.fingerprint())) {
          continue;
        }
        run.resolved(finding);
        ScanScope scope = byRow.get(scope(item));
        if (scope != null && scope.status() == ScanStatus.SUCCEEDED && scope.filtersKnown()
            && (scope.regions().isEmpty() || scope.regions().contains(item.region()))
            && (scope.services().isEmpty() || scope.services().contains(item.service()))
            && (scope.checks().isEmpty() || scope.checks().contains(item.check()))) {
          expected.add("secposture/" + item.scanner() + "/" + finding.fingerprint());
        }
      }
      SecurityHubExporter exporter = new SecurityHubExporter(new FakeTicker(), Clock.fixed(Instant.EPOCH,
          ZoneOffset.UTC), StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDAMBIENT", "s")),
          () -> "eu-west-1");

      exporter.export(run, Settings.of(Map.of("securityhub.endpoint", hub.endpoint().toString())));

      assertThat(hub.stored().keySet()).isEqualTo(expected);
      assertThat(hub.stored().values()).allMatch(asff -> asff.path("RecordState").asText().equals("ARCHIVED"));
      for (FakeSecurityHub.Import request : hub.imports()) {
        Set<String> accounts = new HashSet<>();
        for (JsonNode asff : request.findings()) {
          accounts.add(asff.path("AwsAccountId").asText());
          assertThat(asff.path("ProductArn").asText()).contains(":securityhub:" + request.region() + ":");
        }
        assertThat(accounts).singleElement().satisfies(account ->
            assertThat(request.accessKeyId()).isEqualTo("AKID" + account));
      }
    }
  }

  private static String scope(Resolved item) {
    return "aws/" + item.account() + "/" + item.scanner();
  }
}
