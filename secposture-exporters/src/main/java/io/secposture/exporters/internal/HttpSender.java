package io.secposture.exporters.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.secposture.api.Secret;
import io.secposture.core.ExportException;
import io.secposture.core.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: POSTs a JSON body to a webhook URL that is a secret, with a connect and a request timeout, and
 * retries (through Failsafe) on 429, 5xx and I/O errors with exponential backoff, honouring {@code Retry-After} up
 * to the backoff's maximum. The URL is never logged or put in an exception: messages name the exporter, the route
 * and the host only, and an underlying exception contributes its class name, never its message (which may quote
 * the URL). Thread-safe.
 */
public final class HttpSender {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSender.class);
  private static final Duration MAX_DELAY = Duration.ofSeconds(30);

  private final String exporter;
  private final HttpClient client;
  private final Duration timeout;
  private final int retries;
  private final Duration backoff;

  /**
   * Creates a sender.
   *
   * @param exporter the exporter's name, for messages
   * @param timeout the time limit of one request
   * @param retries how many times a failed request is retried
   * @param backoff the first retry's delay, doubled each time (at most 30 s)
   */
  public HttpSender(String exporter, Duration timeout, int retries, Duration backoff) {
    this.exporter = Objects.requireNonNull(exporter, "exporter");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.retries = retries;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * POSTs a body.
   *
   * @param url the webhook URL
   * @param route what the URL is, for messages, e.g. {@code route 'payments' (slack.route.payments)}
   * @param body the JSON body
   * @param headers extra headers (a signature)
   * @return the response status (2xx)
   * @throws ExportException if every attempt failed, naming the route, the host and the last status
   */
  public int post(Secret url, String route, byte[] body, Map<String, String> headers) {
    URI uri = URI.create(url.reveal());
    String where = route + " at " + uri.getHost();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "secposture-" + exporter)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    Duration maxDelay = backoff.compareTo(MAX_DELAY) > 0 ? backoff : MAX_DELAY;
    RetryPolicy<HttpResponse<String>> policy = RetryPolicy.<HttpResponse<String>>builder()
        .handle(IOException.class)
        .handleResultIf(response -> retryable(response.statusCode()))
        .withMaxRetries(retries)
        .withBackoff(backoff.isZero() ? Duration.ofMillis(1) : backoff, maxDelay.multipliedBy(2))
        .withDelayFn(context -> retryAfter(context.getLastResult(), maxDelay))
        .onRetry(event -> LOG.warn("{}: POST to {} failed ({}); retrying (attempt {} of {})", exporter, where,
            event.getLastResult() != null ? "HTTP " + event.getLastResult().statusCode()
                : event.getLastException().getClass().getSimpleName(), event.getAttemptCount() + 1, retries + 1))
        .build();
    HttpResponse<String> response;
    try {
      response = Failsafe.with(policy).get(() -> client.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (FailsafeException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new ExportException(exporter, exporter + ": interrupted while posting to " + where);
      }
      throw new ExportException(exporter, exporter + ": POST to " + where + " failed after " + (retries + 1)
          + " attempt(s): " + cause.getClass().getName() + "; check that the host is reachable from the job");
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      throw new ExportException(exporter, exporter + ": POST to " + where + " answered HTTP " + status
          + (retryable(status) ? " after " + (retries + 1) + " attempt(s)" : "") + abbreviated(response.body(), url)
          + "; check the URL setting and that the hook is still enabled");
    }
    return status;
  }

  private static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  private static Duration retryAfter(HttpResponse<String> response, Duration max) {
    if (response == null) {
      return Duration.ofMillis(-1);
    }
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Duration.ofMillis(-1);
    }
    try {
      Duration asked = Duration.ofSeconds(Long.parseLong(header.get().trim()));
      return asked.compareTo(max) > 0 ? max : asked;
    } catch (NumberFormatException e) {
      return Duration.ofMillis(-1);
    }
  }

  /** The receiver's answer, bounded, with the URL and its path and query masked (error pages may echo them). */
  private static String abbreviated(String body, Secret url) {
    if (body == null || body.isBlank()) {
      return "";
    }
    URI uri = URI.create(url.reveal());
    List<Secret> parts = new ArrayList<>(List.of(url));
    for (String part : new String[] {uri.getRawPath(), uri.getPath(), uri.getRawQuery(), uri.getQuery()}) {
      if (part != null && part.length() > 1) {
        parts.add(Secret.of(part));
        for (String segment : part.split("[/&=]")) {
          if (segment.length() >= 8) {
            parts.add(Secret.of(segment));
          }
        }
      }
    }
    String bounded = body.length() > 4096 ? body.substring(0, 4096) : body;
    String text = Redactor.of(parts).redact(bounded.replaceAll("\\s+", " ").trim());
    return " (" + (text.length() <= 200 ? text : text.substring(0, 197) + "...") + ")";
  }
}
