package io.secposture.exporters.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.secposture.api.AccountSummary;
import io.secposture.api.RunDiff;
import io.secposture.api.ScanStatus;
import io.secposture.api.Severity;
import io.secposture.core.ExportedFinding;
import io.secposture.core.ExportedRun;
import io.secposture.core.SiteLayout;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Not public API: reads a run once and builds one {@link RouteMessage} per route that has something to say: the new
 * and reopened findings at or above the minimum severity, routed by owner (an owner with a
 * {@code <name>.route.<owner>} gets its own message; the rest go to the default route), at most
 * {@code max-findings} listed per message (the most severe), the rest counted; the default route also gets the
 * failed scans and the report's SLA breaches. Memory is bounded by the listed findings, never by the run. Not
 * thread-safe.
 */
public final class AlertDigest {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDigest.class);
  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_FAILED_SCANS = 20;

  private final MessageSettings settings;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private long unrouted;

  private AlertDigest(MessageSettings settings) {
    this.settings = settings;
  }

  /** The findings gathered for one route. */
  private static final class Route {
    final TreeSet<Alert> listed = new TreeSet<>(Alert.ORDER);
    final EnumMap<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
    long added;
    long reopened;
  }

  /**
   * Reads a run.
   *
   * @param run the run
   * @param settings the exporter's settings
   * @return the messages to send, the default route's first; empty when there is nothing to say
   */
  public static Digest of(ExportedRun run, MessageSettings settings) {
    AlertDigest digest = new AlertDigest(settings);
    run.forEachFinding(digest::offer);
    List<RouteMessage> messages = new ArrayList<>();
    List<RouteMessage.FailedScan> failed = failedScans(run);
    SortedMap<String, Long> sla = slaBreaches(run);
    Map<String, Long> totals = new LinkedHashMap<>();
    Optional<RunDiff> diff = run.diff();
    if (diff.isPresent()) {
      totals.put("new", diff.get().total().added());
      totals.put("reopened", diff.get().total().reopened());
      totals.put("resolved", diff.get().total().resolved());
    }
    Route defaultRoute = digest.routes.getOrDefault(null, new Route());
    long defaultAlerts = defaultRoute.added + defaultRoute.reopened;
    boolean breaches = sla.values().stream().anyMatch(count -> count > 0);
    if (settings.url() != null && (defaultAlerts > 0 || !failed.isEmpty() || breaches || settings.always())) {
      messages.add(message(run, settings, null, defaultRoute, failed, sla, totals));
    }
    for (Map.Entry<String, Route> entry : digest.routes.entrySet()) {
      if (entry.getKey() != null) {
        messages.add(message(run, settings, entry.getKey(), entry.getValue(), List.of(), new TreeMap<>(), totals));
      }
    }
    List<String> warnings = new ArrayList<>();
    if (settings.url() == null && defaultAlerts > 0) {
      warnings.add(defaultAlerts + " new or reopened finding(s) of owners without a route were not sent: set "
          + settings.name() + ".url for them");
    }
    if (settings.url() == null && (!failed.isEmpty() || breaches)) {
      warnings.add("failed scans and SLA breaches go to the default route only, and " + settings.name() + ".url is"
          + " not set");
    }
    return new Digest(messages, warnings);
  }

  /**
   * The messages of a run and what could not be sent.
   *
   * @param messages one per route with something to say
   * @param warnings what was not sent and why
   */
  public record Digest(List<RouteMessage> messages, List<String> warnings) {
  }

  private void offer(ExportedFinding exported) {
    if (!exported.change().isAlert() || !exported.finding().flagged()
        || exported.finding().severity().compareTo(settings.minSeverity()) > 0) {
      return;
    }
    String key = settings.routeOf(exported.owner());
    Route route = routes.computeIfAbsent(key, ignored -> new Route());
    if (exported.change() == ExportedFinding.Change.REOPENED) {
      route.reopened++;
    } else {
      route.added++;
    }
    route.bySeverity.merge(exported.finding().severity(), 1L, Long::sum);
    if (settings.maxFindings() == 0) {
      return;
    }
    Alert alert = Alert.of(exported);
    if (route.listed.size() >= settings.maxFindings() && Alert.ORDER.compare(alert, route.listed.last()) > 0) {
      return;
    }
    route.listed.add(alert);
    if (route.listed.size() > settings.maxFindings()) {
      route.listed.pollLast();
    }
  }

  private static RouteMessage message(ExportedRun run, MessageSettings settings, String owner, Route route,
      List<RouteMessage.FailedScan> failed, SortedMap<String, Long> sla, Map<String, Long> totals) {
    long count = route.added + route.reopened;
    return new RouteMessage(run.runId(), run.site().orElse(null), owner, new ArrayList<>(route.listed), route.added,
        route.reopened, route.bySeverity, count - route.listed.size(), settings.minSeverity(), failed, sla, totals);
  }

  private static List<RouteMessage.FailedScan> failedScans(ExportedRun run) {
    List<RouteMessage.FailedScan> failed = new ArrayList<>();
    for (AccountSummary row : run.report().accounts()) {
      ScanStatus status = row.status();
      if (status == ScanStatus.FAILED || status == ScanStatus.TIMED_OUT || status == ScanStatus.PARTIAL) {
        if (failed.size() == MAX_FAILED_SCANS) {
          break;
        }
        failed.add(new RouteMessage.FailedScan(row.provider().id(), row.accountId(), Alert.bounded(row.name()),
            row.scanner(), status.name(), Alert.bounded(row.reason())));
      }
    }
    return failed;
  }

  /**
   * Reads {@code sla.breached} (per severity) from the run's published dated report, when the report has an SLA
   * section; empty otherwise.
   */
  static SortedMap<String, Long> slaBreaches(ExportedRun run) {
    SortedMap<String, Long> breached = new TreeMap<>();
    String key = SiteLayout.datedReport(run.report());
    Optional<InputStream> content = run.openPublished(key);
    if (content.isEmpty()) {
      content = run.openPublished(SiteLayout.LATEST_REPORT);
    }
    if (content.isEmpty()) {
      return breached;
    }
    try (InputStream in = content.get(); JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return breached;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals("run_id") && !run.runId().equals(parser.getValueAsString())) {
          return new TreeMap<>();
        }
        if (!field.equals("sla") || parser.currentToken() != JsonToken.START_OBJECT) {
          parser.skipChildren();
          continue;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String slaField = parser.currentName();
          parser.nextToken();
          if (slaField.equals("breached") && parser.currentToken() == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String severity = parser.currentName().toLowerCase(Locale.ROOT);
              parser.nextToken();
              if (parser.currentToken().isNumeric() && Severity.parse(severity) != null) {
                breached.put(severity, parser.getLongValue());
              } else {
                parser.skipChildren();
              }
            }
          } else {
            parser.skipChildren();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the SLA section of run {} ({}); the message leaves SLA breaches out", run.runId(),
          e.toString());
      return new TreeMap<>();
    }
    return breached;
  }
}
