package io.secposture.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.secposture.api.CloudAccount;
import io.secposture.api.CloudProvider;
import io.secposture.api.Plugins;
import io.secposture.api.PostureReport;
import io.secposture.api.Settings;
import io.secposture.core.HistoryRow;
import io.secposture.core.MediaTypes;
import io.secposture.core.Pipeline;
import io.secposture.core.ReportJson;
import io.secposture.core.RunOutcome;
import io.secposture.core.RunPublisher;
import io.secposture.core.SiteLayout;
import io.secposture.samples.DemoScanners;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A published site for front-page tests: the demo's made-up accounts plus one whose name is an HTML injection
 * attempt, scanned by the demo's stand-in scanners for four weekly generations and published with the real file
 * publisher, so the page holds a diff, reopened findings, a history and failed and partial scans. Also serves the
 * site over loopback HTTP, as a static bucket would.
 */
final class FrontPageSite implements AutoCloseable {
  /** The injection attempt used as an account name (and label). */
  static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
  static final String HOSTILE_ID = "999999999999";
  static final int WEEKS = 4;
  private static final long SEED = 2026;
  private static final Instant FIRST_WEEK = Instant.parse("2026-11-01T02:00:00Z");

  private final Path root;
  private final HttpServer server;

  private FrontPageSite(Path root, HttpServer server) {
    this.root = root;
    this.server = server;
  }

  /**
   * Publishes the weeks into a folder and starts serving it.
   *
   * @param directory an empty folder
   * @return the site
   */
  static FrontPageSite publish(Path directory) {
    Path root = directory.resolve("site");
    Plugins plugins = DemoScanners.plugins(Plugins.discover(), SEED, Duration.ZERO);
    for (int week = 0; week < WEEKS; week++) {
      List<CloudAccount> accounts = new ArrayList<>(DemoScanners.accounts(9, SEED));
      accounts.add(CloudAccount.builder(CloudProvider.AWS, HOSTILE_ID).name(HOSTILE_NAME)
          .labels(Map.of("team", HOSTILE_NAME)).scanners(List.of("scoutsuite")).build());
      List<CloudAccount> generation = new ArrayList<>();
      for (CloudAccount account : accounts) {
        Map<String, String> labels = new HashMap<>(account.labels());
        labels.put(DemoScanners.GENERATION_LABEL, Integer.toString(week));
        generation.add(account.toBuilder().labels(labels).build());
      }
      Instant at = FIRST_WEEK.plus(Duration.ofDays(7L * week));
      Pipeline pipeline = Pipeline.builder(plugins).concurrency(4).workDirectory(directory.resolve("work"))
          .clock(Clock.fixed(at, ZoneOffset.UTC)).heartbeat(Duration.ZERO).build();
      RunOutcome outcome = pipeline.run("2026-W" + (45 + week), generation);
      new RunPublisher(plugins).publish(outcome, root.toUri(), Settings.empty());
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(4));
      FrontPageSite site = new FrontPageSite(root, server);
      server.createContext("/", site::serve);
      server.start();
      return site;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves GET and HEAD of files under the root, like a static bucket; nothing outside it. */
  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
      Path file = root.resolve(path.replaceFirst("^/+", "")).normalize();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", MediaTypes.forName(file.getFileName().toString()));
      long size = Files.size(file);
      exchange.sendResponseHeaders(200, method.equals("HEAD") ? -1 : size == 0 ? -1 : size);
      if (method.equals("GET")) {
        try (OutputStream out = exchange.getResponseBody()) {
          Files.copy(file, out);
        }
      }
    }
  }

  Path root() {
    return root;
  }

  URI httpIndex() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + "/" + SiteLayout.INDEX);
  }

  URI fileIndex() {
    return root.resolve(SiteLayout.INDEX).toUri();
  }

  PostureReport latest() {
    try (InputStream in = Files.newInputStream(root.resolve(SiteLayout.LATEST_REPORT))) {
      return ReportJson.read(in, SiteLayout.LATEST_REPORT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<HistoryRow> history() {
    try (InputStream in = Files.newInputStream(root.resolve(SiteLayout.HISTORY))) {
      return ReportJson.readHistory(in, SiteLayout.HISTORY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
