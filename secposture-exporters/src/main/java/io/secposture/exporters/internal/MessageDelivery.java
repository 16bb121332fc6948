package io.secposture.exporters.internal;

import io.secposture.api.Preflight;
import io.secposture.api.Secret;
import io.secposture.api.Settings;
import io.secposture.core.ExportException;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedRun;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: what the {@code webhook}, {@code slack} and {@code teams} exporters share: read the settings,
 * digest the run into one message per route, render each in the exporter's format, sign it when a secret is set,
 * and POST it. Every route is tried even when one fails; the failures are then thrown together. Stateless.
 */
public final class MessageDelivery {
  /** The header holding the signature: {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
  public static final String SIGNATURE_HEADER = "X-Secposture-Signature";
  /** The header holding the signing time, in seconds since the epoch, which the signature covers. */
  public static final String TIMESTAMP_HEADER = "X-Secposture-Timestamp";

  private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);

  private final String name;
  private final MessageFormat format;
  private final boolean signed;
  private final Clock clock;

  /**
   * Creates the delivery of an exporter.
   *
   * @param name the exporter's name
   * @param format how a message is rendered
   * @param signed whether {@code <name>.secret} signs messages
   * @param clock the signing clock
   */
  public MessageDelivery(String name, MessageFormat format, boolean signed, Clock clock) {
    this.name = name;
    this.format = format;
    this.signed = signed;
    this.clock = clock;
  }

  /**
   * Checks the settings.
   *
   * @param options the export options
   * @return the problems found, never holding a URL or secret
   */
  public Preflight validate(Settings options) {
    List<String> problems = new ArrayList<>();
    MessageSettings settings = MessageSettings.read(name, options, signed, problems);
    Preflight preflight = new Preflight(null, null, List.of(), problems);
    if (settings != null) {
      preflight = preflight.withDetail(name + ": default route " + (settings.url() == null ? "unset" : "set")
          + ", owner routes " + settings.routes().keySet() + ", findings at " + settings.minSeverity()
          + " or above" + (settings.secret() == null ? "" : ", signed"));
    }
    return preflight;
  }

  /**
   * Sends a run's messages.
   *
   * @param run the run
   * @param options the export options
   * @return how many messages were sent, and warnings
   * @throws ExportException if the settings are wrong or some route failed (after every route was tried)
   */
  public ExportResult deliver(ExportedRun run, Settings options) {
    List<String> problems = new ArrayList<>();
    MessageSettings settings = MessageSettings.read(name, options, signed, problems);
    if (settings == null) {
      throw new ExportException(name, name + ": " + String.join("; ", problems));
    }
    AlertDigest.Digest digest = AlertDigest.of(run, settings);
    HttpSender sender = new HttpSender(name, settings.timeout(), settings.retries(), settings.backoff());
    List<String> failures = new ArrayList<>();
    long sent = 0;
    for (RouteMessage message : digest.messages()) {
      Secret url = message.route() == null ? settings.url() : settings.routes().get(message.route());
      String route = message.route() == null ? "the default route (" + name + ".url)"
          : "route '" + message.route() + "' (" + name + ".route." + message.route() + ")";
      byte[] body = format.render(message);
      try {
        sender.post(url, route, body, headers(settings.secret(), body));
        sent++;
        LOG.info("{}: sent run {} to {}: {} new, {} reopened, {} listed, {} failed scan(s)", name, run.runId(),
            route, message.newCount(), message.reopenedCount(), message.alerts().size(),
            message.failedScans().size());
      } catch (ExportException e) {
        failures.add(e.getMessage());
      }
    }
    if (digest.messages().isEmpty()) {
      LOG.info("{}: nothing to send for run {} (no new or reopened finding at {} or above, no failed scan, no SLA"
          + " breach)", name, run.runId(), settings.minSeverity());
    }
    if (!failures.isEmpty()) {
      throw new ExportException(name, failures.size() + " of " + digest.messages().size() + " message(s) not sent"
          + (sent > 0 ? " (" + sent + " sent)" : "") + ": " + String.join("; ", failures));
    }
    return new ExportResult(name, sent, digest.warnings());
  }

  private Map<String, String> headers(Secret secret, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (secret == null) {
      return headers;
    }
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    headers.put(TIMESTAMP_HEADER, timestamp);
    headers.put(SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body));
    return headers;
  }

  /**
   * Computes the signature of a body: hex HMAC-SHA256 with the secret as key over {@code <timestamp>.<body>}.
   *
   * @param secret the signing key
   * @param timestamp the timestamp header's value
   * @param body the body's bytes
   * @return lower-case hex
   */
  public static String sign(Secret secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
