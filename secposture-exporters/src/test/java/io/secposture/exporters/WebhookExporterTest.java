package io.secposture.exporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.ExportException;
import io.secposture.core.ExportResult;
import io.secposture.exporters.internal.MessageDelivery;
import io.secposture.testkit.InMemoryExportedRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generic webhook against a real local HTTP server: the exact JSON, the HMAC signature as a receiver checks it,
 * routing by owner, the minimum severity, the cap on listed findings, retries on 5xx and 429, and secrets kept out
 * of failures.
 */
class WebhookExporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIGNING_KEY = "k3y-for-signing-webhooks-0123456789";
  private static final Instant NOW = Instant.parse("2026-11-22T02:05:00Z");

  private LocalHook hook;
  private final WebhookExporter exporter = new WebhookExporter(Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeEach
  void start() throws Exception {
    hook = new LocalHook();
  }

  @AfterEach
  void stop() {
    hook.close();
  }

  private ExportResult export(String... pairs) {
    Map<String, String> options = new HashMap<>();
    options.put("webhook.url", hook.url("/hooks/default-9a8b7c6d"));
    options.put("webhook.retry-backoff", "0s");
    for (int i = 0; i < pairs.length; i += 2) {
      options.put(pairs[i], pairs[i + 1]);
    }
    return exporter.export(InMemoryExportedRun.sample(null), Settings.of(options));
  }

  @Test
  void export_sampleRun_postsExactlyTheNewAndReopenedHighFindingsWithCountsFailedScansAndSla() throws Exception {
    ExportResult result = export();

    assertThat(result.exported()).isEqualTo(1);
    assertThat(hook.requests()).hasSize(1);
    LocalHook.Request request = hook.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks/default-9a8b7c6d");
    assertThat(request.headers().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(request.headers()).doesNotContainKey(MessageDelivery.SIGNATURE_HEADER);
    assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("""
        {"run_id": "20261122T020000Z-c0de", "site": "https://security.example.com/", "route": null,
         "min_severity": "high",
         "counts": {"alerts": 2, "new": 1, "reopened": 1, "critical": 1, "high": 1, "medium": 0, "low": 0,
                    "informational": 0, "failed_scans": 1, "sla_breached": 1,
                    "run": {"new": 2, "reopened": 1, "resolved": 1}},
         "findings": [
           {"severity": "critical", "change": "new", "provider": "aws", "account": "111122223333",
            "rule_id": "s3_bucket_public_access", "title": "S3 bucket is public",
            "resource": "arn:aws:s3:::payments-exports", "first_seen": "2026-11-22T02:00:00Z", "owner": "payments"},
           {"severity": "high", "change": "reopened", "provider": "aws", "account": "111122223333",
            "rule_id": "iam_root_mfa_enabled", "title": "Root account has no MFA",
            "resource": "arn:aws:iam::111122223333:root", "first_seen": "2026-10-13T02:00:00Z", "owner": "payments"}],
         "more": 0,
         "failed_scans": [{"provider": "gcp", "account": "acme-data", "scanner": "scoutsuite", "status": "FAILED",
                           "reason": "the scanner exited with code 1"}],
         "sla_breached": {"critical": 0, "high": 1, "low": 0, "medium": 0}}
        """));
  }

  @Test
  void export_withSecret_signsTimestampDotBodyWithHmacSha256AsAReceiverVerifiesIt() throws Exception {
    export("webhook.secret", SIGNING_KEY);

    LocalHook.Request request = hook.requests().get(0);
    String timestamp = request.headers().get(MessageDelivery.TIMESTAMP_HEADER);
    String signature = request.headers().get(MessageDelivery.SIGNATURE_HEADER);
    assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SIGNING_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal((timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8));
    assertThat(signature).startsWith("sha256=");
    assertThat(MessageDigest.isEqual(java.util.HexFormat.of().parseHex(signature.substring(7)), expected)).isTrue();
    assertThat(MessageDelivery.sign(Secret.of("another-key-0123456789"), timestamp, request.body()))
        .as("another key gives another signature").isNotEqualTo(signature.substring(7));
    assertThat(request.text()).doesNotContain(SIGNING_KEY);
  }

  @Test
  void export_routeForAnOwner_sendsItsFindingsThereAndTheRestWithFailedScansToTheDefault() throws Exception {
    ExportResult result = export("webhook.route.payments", hook.url("/hooks/payments-1f2e3d4c"),
        "webhook.min-severity", "low");

    assertThat(result.exported()).isEqualTo(2);
    Map<String, JsonNode> byPath = new HashMap<>();
    for (LocalHook.Request request : hook.requests()) {
      byPath.put(request.path(), JSON.readTree(request.body()));
    }
    assertThat(byPath).containsOnlyKeys("/hooks/default-9a8b7c6d", "/hooks/payments-1f2e3d4c");
    JsonNode payments = byPath.get("/hooks/payments-1f2e3d4c");
    assertThat(payments.get("route").asText()).isEqualTo("payments");
    assertThat(payments.get("findings").findValuesAsText("rule_id"))
        .containsExactly("s3_bucket_public_access", "iam_root_mfa_enabled");
    assertThat(payments.get("failed_scans")).isEmpty();
    JsonNode rest = byPath.get("/hooks/default-9a8b7c6d");
    assertThat(rest.get("route").isNull()).isTrue();
    assertThat(rest.get("findings").findValuesAsText("rule_id")).containsExactly("ec2_ebs_default_encryption");
    assertThat(rest.get("failed_scans")).hasSize(1);
    assertThat(rest.get("sla_breached").get("high").asLong()).isEqualTo(1);
  }

  @Test
  void export_minSeverity_listsOnlyFindingsAtOrAboveIt() throws Exception {
    export("webhook.min-severity", "critical");
    JsonNode critical = JSON.readTree(hook.requests().get(0).body());
    assertThat(critical.get("findings").findValuesAsText("rule_id")).containsExactly("s3_bucket_public_access");
    assertThat(critical.get("counts").get("alerts").asLong()).isEqualTo(1);

    export("webhook.min-severity", "low");
    JsonNode low = JSON.readTree(hook.requests().get(1).body());
    assertThat(low.get("findings").findValuesAsText("rule_id"))
        .containsExactly("s3_bucket_public_access", "iam_root_mfa_enabled", "ec2_ebs_default_encryption");
    assertThat(low.get("findings").findValuesAsText("change")).doesNotContain("unchanged", "not_flagged");
  }

  @Test
  void export_moreFindingsThanTheCap_listsTheMostSevereAndCountsTheRest() throws Exception {
    export("webhook.max-findings", "1", "webhook.min-severity", "low");
    JsonNode body = JSON.readTree(hook.requests().get(0).body());
    assertThat(body.get("findings").findValuesAsText("rule_id")).containsExactly("s3_bucket_public_access");
    assertThat(body.get("more").asLong()).isEqualTo(2);
    assertThat(body.get("counts").get("alerts").asLong()).isEqualTo(3);
  }

  @Test
  void export_serverFailsOnceThenAccepts_retriesAndSucceeds() {
    hook.answer(500);
    ExportResult result = export();
    assertThat(result.exported()).isEqualTo(1);
    assertThat(hook.requests()).hasSize(2);
    assertThat(hook.requests().get(1).body()).isEqualTo(hook.requests().get(0).body());
  }

  @Test
  void export_throttledWithRetryAfter_retries() {
    hook.answer(429, 0).answer(503);
    ExportResult result = export();
    assertThat(result.exported()).isEqualTo(1);
    assertThat(hook.requests()).hasSize(3);
  }

  @Test
  void export_serverKeepsFailing_throwsNamingTheSettingAndHostButNeverTheUrl() {
    for (int i = 0; i < 3; i++) {
      hook.answer(502);
    }
    assertThatThrownBy(() -> export("webhook.retries", "2"))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("webhook.url").hasMessageContaining("127.0.0.1").hasMessageContaining("HTTP 502")
        .hasMessageContaining("after 3 attempt(s)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("default-9a8b7c6d").doesNotContain("/hooks/"));
    assertThat(hook.requests()).hasSize(3);
  }

  @Test
  void export_clientError_isNotRetriedAndTheEchoedPathIsMasked() {
    hook.answer(404);
    assertThatThrownBy(() -> export())
        .isInstanceOf(ExportException.class).hasMessageContaining("HTTP 404").hasMessageContaining("error at ****")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("default-9a8b7c6d"));
    assertThat(hook.requests()).hasSize(1);
  }

  @Test
  void export_unreachableHost_failsWithoutTheUrl() throws Exception {
    String url = hook.url("/hooks/gone-5e6f7a8b");
    hook.close();
    assertThatThrownBy(() -> exporter.export(InMemoryExportedRun.sample(null), Settings.of(Map.of(
        "webhook.url", url, "webhook.retries", "0"))))
        .isInstanceOf(ExportException.class).hasMessageContaining("failed after 1 attempt(s)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("gone-5e6f7a8b"));
  }

  @Test
  void validate_badSettings_namesEveryKeyButNoUrl() {
    var preflight = exporter.validate(Settings.of(Map.of("webhook.url", "ftp://secret-host-42/x",
        "webhook.route.ops", "not a url secret-route-77", "webhook.min-severity", "severe", "webhook.secret", "short",
        "webhook.colour", "red")));
    assertThat(preflight.problems()).hasSize(5);
    assertThat(String.join("\n", preflight.problems())).contains("webhook.url", "webhook.route.ops",
        "webhook.min-severity", "webhook.secret", "webhook.colour")
        .doesNotContain("secret-host-42", "secret-route-77");
    assertThat(exporter.validate(Settings.empty()).problems()).singleElement().asString()
        .contains("webhook.url", "SECPOSTURE_EXPORT_OPTIONS");
    assertThat(exporter.validate(Settings.of(Map.of("webhook.url", "https://hooks.example.com/x"))).problems())
        .isEmpty();
  }

  @Test
  void export_nothingToSay_sendsNothingUnlessAlways() {
    ExportResult quiet = exporter.export(InMemoryExportedRun.empty(null), Settings.of(Map.of(
        "webhook.url", hook.url("/hooks/default-9a8b7c6d"))));
    assertThat(quiet.exported()).isZero();
    assertThat(hook.requests()).isEmpty();
    ExportResult always = exporter.export(InMemoryExportedRun.empty(null), Settings.of(Map.of(
        "webhook.url", hook.url("/hooks/default-9a8b7c6d"), "webhook.always", "true")));
    assertThat(always.exported()).isEqualTo(1);
  }
}
