package io.secposture.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.secposture.api.Settings;
import io.secposture.testkit.InMemoryExportedRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slack Block Kit and Teams Adaptive Card bodies as a local server receives them. */
class ChatExportersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private LocalHook hook;

  @BeforeEach
  void start() throws Exception {
    hook = new LocalHook();
  }

  @AfterEach
  void stop() {
    hook.close();
  }

  @Test
  void slack_sampleRun_postsBlockKitWithCountsFindingsFailedScansSlaAndAButton() throws Exception {
    new SlackExporter().export(InMemoryExportedRun.sample(null),
        Settings.of(Map.of("slack.url", hook.url("/services/T000/B000/XXXXSECRET"))));

    JsonNode body = JSON.readTree(hook.requests().get(0).body());
    assertThat(body.get("text").asText())
        .isEqualTo("secposture run 20261122T020000Z-c0de: 1 new, 1 reopened finding(s) at high or above");
    List<String> types = new ArrayList<>();
    body.get("blocks").forEach(block -> types.add(block.get("type").asText()));
    assertThat(types).containsExactly("header", "section", "section", "section", "section", "section", "actions");
    JsonNode blocks = body.get("blocks");
    assertThat(blocks.get(1).get("text").get("text").asText())
        .isEqualTo("*New or reopened:* 1 critical, 1 high\n*Whole run:* 2 new, 1 reopened, 1 resolved\n"
            + "*Failed scans:* 1");
    assertThat(blocks.get(2).get("text").get("text").asText()).isEqualTo("*Critical* new: S3 bucket is public\n"
        + "`s3_bucket_public_access` aws/111122223333 arn:aws:s3:::payments-exports (owner payments)");
    assertThat(blocks.get(3).get("text").get("text").asText()).startsWith("*High* reopened: Root account has no MFA");
    assertThat(blocks.get(4).get("text").get("text").asText()).isEqualTo("*Scans that did not succeed*\n"
        + "• gcp/acme-data scoutsuite: FAILED (the scanner exited with code 1)");
    assertThat(blocks.get(5).get("text").get("text").asText()).isEqualTo("*SLA breaches*: high 1");
    assertThat(blocks.get(6).get("elements").get(0).get("url").asText()).isEqualTo("https://security.example.com/");
  }

  @Test
  void slack_moreFindingsThanBlocksAllow_listsFortyAndSaysHowManyMore() throws Exception {
    new SlackExporter().export(InMemoryExportedRun.sample(null), Settings.of(Map.of(
        "slack.url", hook.url("/services/x"), "slack.max-findings", "1", "slack.min-severity", "low")));
    JsonNode blocks = JSON.readTree(hook.requests().get(0).body()).get("blocks");
    List<String> texts = blocks.findValuesAsText("text");
    assertThat(blocks.toString()).contains("and 2 more new or reopened findings (see the front page)");
    assertThat(texts).isNotEmpty();
  }

  @Test
  void teams_sampleRun_postsAnAdaptiveCardWithFactsFindingsAndAnOpenUrlAction() throws Exception {
    new TeamsExporter().export(InMemoryExportedRun.sample(null), Settings.of(Map.of(
        "teams.url", hook.url("/workflows/abc/triggers/manual/paths/invoke"))));

    JsonNode body = JSON.readTree(hook.requests().get(0).body());
    assertThat(body.get("type").asText()).isEqualTo("message");
    JsonNode attachment = body.get("attachments").get(0);
    assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asText()).isEqualTo("1.4");
    JsonNode facts = card.get("body").get(1).get("facts");
    List<String> pairs = new ArrayList<>();
    facts.forEach(fact -> pairs.add(fact.get("title").asText() + "=" + fact.get("value").asText()));
    assertThat(pairs).containsExactly("New=1", "Reopened=1", "Critical=1", "High=1",
        "Whole run=2 new, 1 reopened, 1 resolved", "Failed scans=1", "SLA breaches=high 1");
    assertThat(card.get("body").get(2).get("text").asText()).isEqualTo("**Critical** new: S3 bucket is public"
        + " (s3_bucket_public_access, aws/111122223333, arn:aws:s3:::payments-exports, owner payments)");
    assertThat(card.get("actions").get(0).get("type").asText()).isEqualTo("Action.OpenUrl");
    assertThat(card.get("actions").get(0).get("url").asText()).isEqualTo("https://security.example.com/");
  }
}
