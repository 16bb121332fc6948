package io.secposture.core.enginetest;

import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.api.ScanRequest;
import io.secposture.api.ScanResult;
import io.secposture.api.ScanStatus;
import io.secposture.api.Scanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process scanner for pipeline tests: its behaviour is a function of the request, and it counts how many
 * scans run at once.
 */
public final class TestScanner implements Scanner {
  /** What a scan does. */
  @FunctionalInterface
  public interface Behaviour {
    /**
     * Scans.
     *
     * @param request the request
     * @return the result
     * @throws Exception anything; the pipeline must cope
     */
    ScanResult scan(ScanRequest request) throws Exception;
  }

  private final String name;
  private final Set<CloudProvider> providers;
  private final Behaviour behaviour;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private final ConcurrentLinkedQueue<ScanRequest> requests = new ConcurrentLinkedQueue<>();

  /**
   * Creates a scanner.
   *
   * @param name its name
   * @param providers what it scans
   * @param behaviour what a scan does
   */
  public TestScanner(String name, Set<CloudProvider> providers, Behaviour behaviour) {
    this.name = name;
    this.providers = providers;
    this.behaviour = behaviour;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<CloudProvider> providers() {
    return providers;
  }

  @Override
  public ScanResult scan(ScanRequest request) {
    requests.add(request);
    calls.incrementAndGet();
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    try {
      return behaviour.scan(request);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      running.decrementAndGet();
    }
  }

  /** @return the most scans that ran at once */
  public int maxRunning() {
    return maxRunning.get();
  }

  /** @return how many scans were started */
  public int calls() {
    return calls.get();
  }

  /** @return every request received */
  public List<ScanRequest> requests() {
    return List.copyOf(requests);
  }

  /**
   * A behaviour that writes a lines file with the given rows and succeeds.
   *
   * @param scanner the scanner name
   * @param rows the rows
   * @return the behaviour
   */
  public static Behaviour writesLines(String scanner, List<String> rows) {
    return request -> succeeded(scanner, request, rows);
  }

  /**
   * Writes a lines results file for the request's account and returns a SUCCEEDED result.
   *
   * @param scanner the scanner name
   * @param request the request
   * @param rows the rows
   * @return the result
   */
  public static ScanResult succeeded(String scanner, ScanRequest request, List<String> rows) {
    try {
      Path file = LinesParser.write(request.outputDirectory().resolve("results.lines"),
          request.account().provider().id(), request.account().id(), rows);
      return ScanResult.builder(scanner, request.account(), ScanStatus.SUCCEEDED).exitCode(0)
          .artifact(new Artifact(file, "results.lines", "text/plain", ArtifactRole.RESULTS)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "TestScanner[" + name + "]";
  }
}
