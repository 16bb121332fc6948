package io.secposture.samples.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.secposture.api.Artifact;
import io.secposture.api.ArtifactRole;
import io.secposture.api.CloudProvider;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Catalog;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Kind;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Rule;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Scope;
import io.secposture.samples.internal.ScoutSuiteSampleCatalog.Service;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Not public API: writes ScoutSuite-shaped sample output for {@link io.secposture.samples.SampleData}.
 *
 * <p>The report directory looks like what {@code scout <provider> --report-dir D --report-name N} leaves behind:
 * {@code N.html} (a small page that loads its results the way the real one does), {@code inc-scoutsuite/} assets,
 * and {@code scoutsuite-results/} with {@code scoutsuite_results_N.js} (first line {@code scoutsuite_results =},
 * then one line of JSON with sorted keys and Python's {@code ": "} / {@code ","} separators), the exceptions file
 * and, for some seeds, the errors file of a run that exited 200. The results are streamed through a
 * {@link JsonGenerator}, so any size needs the same memory; {@code last_run.summary}, which the real writer puts
 * before {@code services}, is computed ahead from the {@link ScoutSuiteSamplePlan}. Stateless and thread-safe.
 */
public final class ScoutSuiteSampleWriter {
  /** The ScoutSuite version the samples claim. */
  public static final String VERSION = "5.14.0";

  private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxx").withZone(ZoneOffset.UTC);
  private static final Instant FIRST_RUN = Instant.parse("2026-11-02T02:00:00Z");
  private static final String RULESET_ABOUT = "This ruleset consists of numerous rules that are considered standard"
      + " by NCC Group. The rules enabled range from violations of well-known security best practices to gaps"
      + " resulting from less-known security implications of provider-specific mechanisms.";
  private static final List<String> WORDS = List.of("logs", "data", "backup", "web", "ml", "audit", "assets", "tmp",
      "billing", "events");

  private ScoutSuiteSampleWriter() {
  }

  /**
   * See {@link io.secposture.samples.SampleData#scoutSuite}.
   *
   * @param directory an existing (or creatable), empty directory
   * @param provider {@code aws}, {@code azure} or {@code gcp}
   * @param accountId the account id written into the results
   * @param seed the random seed
   * @param generation 0 for a first run, 1, 2, ... for later runs of the same account
   * @param targetBytes approximate size of the results file; 0 for a small realistic one (about 100 KB)
   * @return the files written: the results file first (RESULTS), then the page (HTML), then its assets (ASSET)
   * @throws IllegalArgumentException if the provider has no ScoutSuite samples or an argument is out of range
   * @throws UncheckedIOException if the files cannot be written
   */
  public static List<Artifact> write(Path directory, CloudProvider provider, String accountId, long seed,
      int generation, long targetBytes) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(accountId, "accountId");
    if (accountId.isBlank()) {
      throw new IllegalArgumentException("accountId must not be blank");
    }
    if (generation < 0) {
      throw new IllegalArgumentException("generation must be 0 or more, got " + generation);
    }
    if (targetBytes < 0) {
      throw new IllegalArgumentException("targetBytes must be 0 or more, got " + targetBytes);
    }
    Catalog catalog = ScoutSuiteSampleCatalog.of(provider.id());
    String name = reportName(provider, accountId);
    boolean withExceptions = (ScoutSuiteSamplePlan.mix(seed ^ 0xE7CE9710L) & 3) == 1;
    boolean withErrors = Math.floorMod(ScoutSuiteSamplePlan.mix(seed ^ 0xE4404L), 3) == 0;
    double scale = targetBytes == 0 ? 1.0
        : scaleFor(catalog, accountId, seed, generation, withExceptions, targetBytes);
    ScoutSuiteSamplePlan plan = new ScoutSuiteSamplePlan(catalog, accountId, seed, generation, scale,
        withExceptions);

    Path resultsDir = directory.resolve("scoutsuite-results");
    List<Artifact> artifacts = new ArrayList<>();
    try {
      Files.createDirectories(resultsDir);
      Files.createDirectories(directory.resolve("inc-scoutsuite/css"));
      String resultsName = "scoutsuite-results/scoutsuite_results_" + name + ".js";
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve(resultsName)),
          1 << 16)) {
        new ResultsWriter(plan, out).write();
      }
      artifacts.add(artifact(directory, resultsName, ArtifactRole.RESULTS));

      String htmlName = name + ".html";
      Files.writeString(directory.resolve(htmlName), ScoutSuiteSampleAssets.html(name, catalog.displayName()),
          StandardCharsets.UTF_8);
      artifacts.add(artifact(directory, htmlName, ArtifactRole.HTML));

      Files.writeString(directory.resolve("inc-scoutsuite/scoutsuite.js"), ScoutSuiteSampleAssets.script(),
          StandardCharsets.UTF_8);
      artifacts.add(artifact(directory, "inc-scoutsuite/scoutsuite.js", ArtifactRole.ASSET));
      Files.writeString(directory.resolve("inc-scoutsuite/css/scoutsuite.css"), ScoutSuiteSampleAssets.css(),
          StandardCharsets.UTF_8);
      artifacts.add(artifact(directory, "inc-scoutsuite/css/scoutsuite.css", ArtifactRole.ASSET));

      String exceptionsName = "scoutsuite-results/scoutsuite_exceptions_" + name + ".js";
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve(exceptionsName)))) {
        writeExceptions(plan, out);
      }
      artifacts.add(artifact(directory, exceptionsName, ArtifactRole.ASSET));

      if (withErrors) {
        String errorsName = "scoutsuite-results/scoutsuite_errors_" + name + ".json";
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve(errorsName)))) {
          ScoutSuiteSampleErrors.write(plan, out);
        }
        artifacts.add(artifact(directory, errorsName, ArtifactRole.ASSET));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a ScoutSuite sample into " + directory + ": " + e.getMessage(), e);
    }
    return List.copyOf(artifacts);
  }

  /**
   * Returns the report name a sample (and secposture's scanner) uses: {@code <provider>-<account id>}, with any
   * character other than letters, digits, {@code .}, {@code _} and {@code -} replaced by {@code -}.
   *
   * @param provider the provider
   * @param accountId the account id
   * @return the report name
   */
  public static String reportName(CloudProvider provider, String accountId) {
    return provider.id() + "-" + accountId.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  private static Artifact artifact(Path directory, String name, ArtifactRole role) {
    return new Artifact(directory.resolve(name), name, SampleMediaTypes.forName(name), role);
  }

  /** Solves bytes(scale) = fixed + perScale * scale from two dry runs written to a counting sink. */
  private static double scaleFor(Catalog catalog, String accountId, long seed, int generation,
      boolean withExceptions, long targetBytes) {
    long atOne = measure(new ScoutSuiteSamplePlan(catalog, accountId, seed, generation, 1.0, withExceptions));
    long atFour = measure(new ScoutSuiteSamplePlan(catalog, accountId, seed, generation, 4.0, withExceptions));
    double perScale = Math.max(1.0, (atFour - atOne) / 3.0);
    double fixed = atOne - perScale;
    return Math.max(0.05, (targetBytes - fixed) / perScale);
  }

  private static long measure(ScoutSuiteSamplePlan plan) {
    CountingSink sink = new CountingSink();
    try {
      new ResultsWriter(plan, sink).write();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.count;
  }

  private static void writeExceptions(ScoutSuiteSamplePlan plan, OutputStream out) throws IOException {
    out.write("exceptions =\n".getBytes(StandardCharsets.US_ASCII));
    try (JsonGenerator g = pythonGenerator(out)) {
      g.writeStartObject();
      Rule rule = plan.exceptedRule;
      if (rule != null && plan.exceptedResources.length > 0) {
        String service = serviceOf(plan.catalog, rule).name();
        g.writeFieldName(service);
        g.writeStartObject();
        g.writeFieldName(rule.key());
        g.writeStartArray();
        StringBuilder path = new StringBuilder();
        ResultsWriter paths = new ResultsWriter(plan, OutputStream.nullOutputStream());
        for (long j : plan.exceptedResources) {
          path.setLength(0);
          paths.appendItem(path, service, rule, j);
          g.writeString(path.toString());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    out.write('\n');
  }

  static Service serviceOf(Catalog catalog, Rule rule) {
    for (Service service : catalog.services()) {
      for (Rule candidate : service.rules()) {
        if (candidate == rule) {
          return service;
        }
      }
    }
    throw new IllegalStateException("rule " + rule.key() + " is in no service");
  }

  /** A generator that writes one line like Python's {@code json.dumps(separators=(',', ': '))}. */
  static JsonGenerator pythonGenerator(OutputStream out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    Separators separators = new Separators(Separators.DEFAULT_ROOT_VALUE_SEPARATOR, ':', Separators.Spacing.AFTER,
        ',', Separators.Spacing.NONE, "", ',', Separators.Spacing.NONE, "");
    g.setPrettyPrinter(new DefaultPrettyPrinter(separators)
        .withObjectIndenter(DefaultPrettyPrinter.NopIndenter.instance)
        .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));
    return g;
  }

  /** A generator that writes like Python's {@code json.dumps(indent=4)}. */
  static JsonGenerator pythonIndentedGenerator(OutputStream out) throws IOException {
    JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    Separators separators = new Separators(Separators.DEFAULT_ROOT_VALUE_SEPARATOR, ':', Separators.Spacing.AFTER,
        ',', Separators.Spacing.NONE, "", ',', Separators.Spacing.NONE, "");
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    g.setPrettyPrinter(new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter));
    return g;
  }

  /** Counts bytes and throws them away. */
  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /** An action that writes one value. */
  @FunctionalInterface
  private interface ValueWriter {
    void write() throws IOException;
  }

  /** Writes the results file of one plan; one instance per file. */
  private static final class ResultsWriter {
    private final ScoutSuiteSamplePlan plan;
    private final OutputStream out;
    private final Catalog catalog;
    private final String[] vpcs;
    private final StringBuilder text = new StringBuilder(256);
    /** The sorted attributes of each kind's resources, by kind identity (two kinds may be equal records). */
    private final Map<Kind, List<Attribute>> attributeCache = new IdentityHashMap<>();
    private char[] chars = new char[256];
    private JsonGenerator g;

    ResultsWriter(ScoutSuiteSamplePlan plan, OutputStream out) {
      this.plan = plan;
      this.out = out;
      this.catalog = plan.catalog;
      this.vpcs = new String[catalog.regions().size()];
      for (int r = 0; r < vpcs.length; r++) {
        vpcs[r] = plan.vpcId(r);
      }
    }

    void write() throws IOException {
      out.write("scoutsuite_results =\n".getBytes(StandardCharsets.US_ASCII));
      try (JsonGenerator generator = pythonGenerator(out)) {
        g = generator;
        TreeMap<String, ValueWriter> top = new TreeMap<>();
        top.put("account_id", () -> g.writeString(plan.accountId));
        top.put("environment", () -> g.writeString("default"));
        top.put("last_run", this::writeLastRun);
        top.put("metadata", this::writeMetadata);
        top.put("provider_code", () -> g.writeString(catalog.code()));
        top.put("provider_name", () -> g.writeString(catalog.displayName()));
        top.put("result_format", () -> g.writeString("json"));
        top.put("service_list", () -> {
          g.writeStartArray();
          for (String service : catalog.serviceList()) {
            g.writeString(service);
          }
          g.writeEndArray();
        });
        top.put("services", this::writeServices);
        switch (catalog.code()) {
          case "aws":
            top.put("partition", () -> g.writeString("aws"));
            top.put("service_groups", this::writeEmptyObject);
            top.put("sg_map", this::writeEmptyObject);
            top.put("subnet_map", this::writeEmptyObject);
            break;
          case "azure":
            top.put("all_subscriptions", () -> g.writeBoolean(false));
            top.put("programmatic_execution", () -> g.writeBoolean(false));
            top.put("subscription_ids", () -> {
              g.writeStartArray();
              g.writeString(plan.accountId);
              g.writeEndArray();
            });
            break;
          default:
            top.put("all_projects", () -> g.writeBoolean(false));
            top.put("folder_id", () -> g.writeNull());
            top.put("organization_id", () -> g.writeNull());
            top.put("project_id", () -> g.writeString(plan.accountId));
            break;
        }
        writeObject(top);
      }
      out.write('\n');
    }

    private void writeObject(Map<String, ValueWriter> entries) throws IOException {
      g.writeStartObject();
      for (Map.Entry<String, ValueWriter> entry : entries.entrySet()) {
        g.writeFieldName(entry.getKey());
        entry.getValue().write();
      }
      g.writeEndObject();
    }

    private void writeEmptyObject() throws IOException {
      g.writeStartObject();
      g.writeEndObject();
    }

    private void writeEmptyArray() throws IOException {
      g.writeStartArray();
      g.writeEndArray();
    }

    private void writeLastRun() throws IOException {
      TreeMap<String, ValueWriter> lastRun = new TreeMap<>();
      lastRun.put("ruleset_about", () -> g.writeString(RULESET_ABOUT));
      lastRun.put("ruleset_name", () -> g.writeString("default"));
      lastRun.put("run_parameters", () -> {
        TreeMap<String, ValueWriter> parameters = new TreeMap<>();
        parameters.put("excluded_regions", this::writeEmptyArray);
        parameters.put("regions", this::writeEmptyArray);
        parameters.put("services", this::writeEmptyArray);
        parameters.put("skipped_services", this::writeEmptyArray);
        writeObject(parameters);
      });
      lastRun.put("summary", this::writeSummary);
      lastRun.put("time", () -> g.writeString(runTime()));
      lastRun.put("version", () -> g.writeString(VERSION));
      writeObject(lastRun);
    }

    private String runTime() {
      long offset = Math.floorMod(ScoutSuiteSamplePlan.mix(plan.seed), 3600L);
      return RUN_TIME.format(FIRST_RUN.plusSeconds(plan.generation * 7L * 24 * 3600 + offset));
    }

    private void writeSummary() throws IOException {
      g.writeStartObject();
      for (Service service : catalog.services()) {
        long checked = 0;
        long flagged = 0;
        String maxLevel = "warning";
        for (Rule rule : service.rules()) {
          checked += plan.checkedCount(rule);
          long ruleFlagged = plan.flaggedCount(rule);
          flagged += ruleFlagged;
          if (ruleFlagged > 0 && !"danger".equals(maxLevel)) {
            maxLevel = rule.level();
          }
        }
        g.writeFieldName(service.name());
        g.writeStartObject();
        g.writeNumberField("checked_items", checked);
        g.writeNumberField("flagged_items", flagged);
        g.writeStringField("max_level", maxLevel);
        g.writeNumberField("resources_count", resourcesCount(service));
        g.writeNumberField("rules_count", service.rules().size());
        g.writeEndObject();
      }
      g.writeEndObject();
    }

    private long resourcesCount(Service service) {
      long count = 0;
      for (Kind kind : service.kinds()) {
        if (kind.scope() != Scope.REGION_ITSELF) {
          count += plan.count(kind);
        }
      }
      return count;
    }

    private void writeMetadata() throws IOException {
      TreeMap<String, TreeMap<String, Service>> groups = new TreeMap<>();
      for (Service service : catalog.services()) {
        if (!service.kinds().isEmpty()) {
          groups.computeIfAbsent(service.group(), group -> new TreeMap<>()).put(service.name(), service);
        }
      }
      g.writeStartObject();
      for (Map.Entry<String, TreeMap<String, Service>> group : groups.entrySet()) {
        g.writeFieldName(group.getKey());
        g.writeStartObject();
        for (Service service : group.getValue().values()) {
          g.writeFieldName(service.name());
          g.writeStartObject();
          g.writeFieldName("resources");
          TreeMap<String, Kind> kinds = new TreeMap<>();
          service.kinds().forEach(kind -> kinds.put(kind.name(), kind));
          g.writeStartObject();
          for (Kind kind : kinds.values()) {
            String path = ScoutSuiteSampleCatalog.pathOf(service.name(), kind);
            String full = "services." + (path.endsWith(".id") ? path.substring(0, path.length() - 3) : path);
            g.writeFieldName(kind.name());
            g.writeStartObject();
            g.writeNumberField("cols", 2);
            g.writeNumberField("count", plan.count(kind));
            g.writeStringField("full_path", full);
            g.writeStringField("path", full);
            g.writeStringField("script", full.replace(".id.", "."));
            g.writeEndObject();
          }
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }

    private void writeServices() throws IOException {
      g.writeStartObject();
      for (Service service : catalog.services()) {
        g.writeFieldName(service.name());
        writeService(service);
      }
      g.writeEndObject();
    }

    private void writeService(Service service) throws IOException {
      TreeMap<String, ValueWriter> entries = new TreeMap<>();
      entries.put("filters", this::writeEmptyObject);
      entries.put("findings", () -> writeFindings(service));
      boolean regional = false;
      boolean subscriptions = false;
      boolean projects = false;
      for (Kind kind : service.kinds()) {
        switch (kind.scope()) {
          case GLOBAL:
            entries.put(kind.name(), () -> writeResources(service, kind, 0));
            entries.put(kind.name() + "_count", () -> g.writeNumber(plan.count(kind)));
            break;
          case REGION: case VPC:
            regional = true;
            entries.put(kind.name() + "_count", () -> g.writeNumber(plan.count(kind)));
            break;
          case REGION_ITSELF:
            regional = true;
            break;
          case SUBSCRIPTION:
            subscriptions = true;
            entries.put(kind.name() + "_count", () -> g.writeNumber(plan.count(kind)));
            break;
          default:
            projects = true;
            entries.put(kind.name() + "_count", () -> g.writeNumber(plan.count(kind)));
            break;
        }
      }
      if (regional) {
        entries.put("regions", () -> writeRegions(service));
        entries.put("regions_count", () -> g.writeNumber(catalog.regions().size()));
      }
      if (subscriptions) {
        entries.put("subscriptions", () -> {
          g.writeStartObject();
          g.writeFieldName(plan.accountId);
          writeScopeUnit(service, plan.accountId, "subscription-" + plan.accountId, Scope.SUBSCRIPTION, 0);
          g.writeEndObject();
        });
      }
      if (projects) {
        entries.put("projects", () -> {
          g.writeStartObject();
          g.writeFieldName(plan.accountId);
          writeScopeUnit(service, plan.accountId, plan.accountId, Scope.PROJECT, 0);
          g.writeEndObject();
        });
      }
      writeObject(entries);
    }

    private void writeRegions(Service service) throws IOException {
      g.writeStartObject();
      List<String> regions = catalog.regions();
      for (int r = 0; r < regions.size(); r++) {
        g.writeFieldName(regions.get(r));
        writeScopeUnit(service, regions.get(r), regions.get(r), Scope.REGION, r);
      }
      g.writeEndObject();
    }

    /** Writes a region, subscription, project, zone or VPC object with the kinds of the given scope in it. */
    private void writeScopeUnit(Service service, String id, String name, Scope scope, int unit) throws IOException {
      TreeMap<String, ValueWriter> entries = new TreeMap<>();
      entries.put("id", () -> g.writeString(id));
      entries.put("name", () -> g.writeString(name));
      boolean vpcKinds = false;
      boolean zoneKinds = false;
      for (Kind kind : service.kinds()) {
        if (kind.scope() == scope) {
          entries.put(kind.name(), () -> writeResources(service, kind, unit));
          entries.put(kind.name() + "_count", () -> g.writeNumber(plan.countInUnit(kind, unit)));
        } else if (scope == Scope.REGION && kind.scope() == Scope.REGION_ITSELF) {
          for (Rule rule : service.rules()) {
            if (rule.kind() == kind && rule.idSuffix() != null) {
              entries.put(rule.idSuffix(), () -> g.writeBoolean(plan.flagged(rule, unit) == rule.flaggedValue()));
            }
          }
        }
        vpcKinds |= kind.scope() == Scope.VPC;
        zoneKinds |= kind.scope() == Scope.ZONE;
      }
      if (scope == Scope.REGION) {
        entries.put("region", () -> g.writeString(id));
        if (vpcKinds) {
          entries.put("vpcs", () -> {
            g.writeStartObject();
            g.writeFieldName(vpcs[unit]);
            writeScopeUnit(service, vpcs[unit], vpcs[unit], Scope.VPC, unit);
            g.writeEndObject();
          });
          entries.put("vpcs_count", () -> g.writeNumber(1));
        }
      }
      if (scope == Scope.PROJECT && zoneKinds) {
        entries.put("zones", () -> {
          g.writeStartObject();
          List<String> zones = catalog.zones();
          for (int z = 0; z < zones.size(); z++) {
            g.writeFieldName(zones.get(z));
            writeScopeUnit(service, zones.get(z), zones.get(z), Scope.ZONE, z);
          }
          g.writeEndObject();
        });
      }
      writeObject(entries);
    }

    /** Writes the map of a kind's resources that live in one scope unit, sorted by id (ids sort by index). */
    private void writeResources(Service service, Kind kind, int unit) throws IOException {
      List<Attribute> attributes = attributesOf(service, kind);
      int units = plan.units(kind);
      int n = plan.count(kind);
      String region = kind.scope() == Scope.REGION || kind.scope() == Scope.VPC ? catalog.regions().get(unit) : "";
      g.writeStartObject();
      for (long j = unit; j < n; j += units) {
        String id = plan.id(kind, j);
        g.writeFieldName(id);
        g.writeStartObject();
        for (Attribute attribute : attributes) {
          g.writeFieldName(attribute.name);
          switch (attribute.type) {
            case ARN:
              text.setLength(0);
              text.append("arn:aws:").append(service.name()).append(':').append(region).append(':')
                  .append(plan.accountId).append(':').append(singular(kind.name())).append('/').append(id);
              writeText();
              break;
            case ID:
              if (catalog.code().equals("azure")) {
                text.setLength(0);
                text.append("/subscriptions/").append(plan.accountId).append("/resourceGroups/rg-")
                    .append(plan.pick(WORDS, kind, j, 1)).append("/providers/Microsoft.").append(service.name())
                    .append('/').append(kind.name()).append('/');
                appendName(kind, j);
                writeText();
              } else {
                g.writeString(id);
              }
              break;
            case NAME:
              text.setLength(0);
              appendName(kind, j);
              writeText();
              break;
            case EXTRA:
              writeScalar(plan.pick(kind.extras().get(attribute.name), kind, j, attribute.name.hashCode()));
              break;
            case RULE:
              g.writeBoolean(plan.flagged(attribute.rule, j) == attribute.rule.flaggedValue());
              break;
            case PROJECT:
              g.writeString(plan.accountId);
              break;
            default:
              throw new IllegalStateException("unknown attribute type " + attribute.type);
          }
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    }

    private void appendName(Kind kind, long j) {
      if (kind.idPrefix().isEmpty()) {
        text.append(plan.pick(WORDS, kind, j, 0)).append('-').append(singular(kind.name()).replace('_', '-'))
            .append('-').append(j);
      } else {
        plan.appendId(text, kind, j);
      }
    }

    private void writeScalar(Object value) throws IOException {
      if (value instanceof Boolean) {
        g.writeBoolean((Boolean) value);
      } else if (value instanceof Integer) {
        g.writeNumber((Integer) value);
      } else {
        g.writeString(String.valueOf(value));
      }
    }

    private void writeText() throws IOException {
      int length = text.length();
      if (chars.length < length) {
        chars = new char[Math.max(length, chars.length * 2)];
      }
      text.getChars(0, length, chars, 0);
      g.writeString(chars, 0, length);
    }

    private List<Attribute> attributesOf(Service service, Kind kind) {
      return attributeCache.computeIfAbsent(kind, k -> {
        TreeMap<String, Attribute> byName = new TreeMap<>();
        for (String extra : kind.extras().keySet()) {
          byName.put(extra, new Attribute(extra, AttributeType.EXTRA, null));
        }
        for (Rule rule : service.rules()) {
          if (rule.kind() == kind && rule.idSuffix() != null && rule.itemTail() == null) {
            byName.put(rule.idSuffix(), new Attribute(rule.idSuffix(), AttributeType.RULE, rule));
          }
        }
        byName.put("id", new Attribute("id", AttributeType.ID, null));
        byName.put("name", new Attribute("name", AttributeType.NAME, null));
        if (catalog.code().equals("aws")) {
          byName.put("arn", new Attribute("arn", AttributeType.ARN, null));
        } else if (catalog.code().equals("gcp")) {
          byName.put("project_id", new Attribute("project_id", AttributeType.PROJECT, null));
        }
        return List.copyOf(byName.values());
      });
    }

    private void writeFindings(Service service) throws IOException {
      g.writeStartObject();
      for (Rule rule : service.rules()) {
        g.writeFieldName(rule.key());
        g.writeStartObject();
        g.writeNumberField("checked_items", plan.checkedCount(rule));
        g.writeFieldName("compliance");
        if (rule.compliance().isEmpty()) {
          g.writeNull();
        } else {
          g.writeStartArray();
          for (String[] reference : rule.compliance()) {
            g.writeStartObject();
            g.writeStringField("name", reference[0]);
            g.writeStringField("reference", reference[2]);
            g.writeStringField("version", reference[1]);
            g.writeEndObject();
          }
          g.writeEndArray();
        }
        g.writeStringField("dashboard_name", rule.dashboard());
        g.writeStringField("description", rule.description());
        if (rule.displayPath() != null) {
          g.writeStringField("display_path", rule.displayPath());
        }
        g.writeNumberField("flagged_items", plan.flaggedCount(rule));
        if (rule.idSuffix() != null) {
          g.writeStringField("id_suffix", rule.idSuffix());
        }
        g.writeFieldName("items");
        g.writeStartArray();
        if (rule.kind() != null) {
          long n = plan.count(rule.kind());
          for (long j = 0; j < n; j++) {
            if (plan.flagged(rule, j)) {
              text.setLength(0);
              appendItem(text, service.name(), rule, j);
              writeText();
            }
          }
        }
        g.writeEndArray();
        g.writeStringField("level", rule.level());
        g.writeStringField("path", rule.path());
        g.writeStringField("rationale", rule.rationale());
        g.writeFieldName("references");
        if (rule.reference() == null) {
          g.writeNull();
        } else {
          g.writeStartArray();
          g.writeString(rule.reference());
          g.writeEndArray();
        }
        g.writeFieldName("remediation");
        if (rule.remediation() == null) {
          g.writeNull();
        } else {
          g.writeString(rule.remediation());
        }
        g.writeStringField("service", service.displayName());
        g.writeEndObject();
      }
      g.writeEndObject();
    }

    /** Appends the item path of resource {@code j} for a rule, e.g. {@code ec2.regions.r.volumes.vol-1.encrypted}. */
    void appendItem(StringBuilder out, String service, Rule rule, long j) {
      Kind kind = rule.kind();
      out.append(service).append('.');
      switch (kind.scope()) {
        case REGION:
          out.append("regions.").append(catalog.regions().get((int) (j % plan.units(kind)))).append('.');
          break;
        case VPC: {
          int region = (int) (j % plan.units(kind));
          out.append("regions.").append(catalog.regions().get(region)).append(".vpcs.").append(vpcs[region])
              .append('.');
          break;
        }
        case SUBSCRIPTION:
          out.append("subscriptions.").append(plan.accountId).append('.');
          break;
        case PROJECT:
          out.append("projects.").append(plan.accountId).append('.');
          break;
        case ZONE:
          out.append("projects.").append(plan.accountId).append(".zones.")
              .append(catalog.zones().get((int) (j % plan.units(kind)))).append('.');
          break;
        default:
          break;
      }
      if (kind.scope() == Scope.REGION_ITSELF) {
        out.append("regions.").append(catalog.regions().get((int) j));
      } else {
        out.append(kind.name()).append('.');
        plan.appendId(out, kind, j);
      }
      if (rule.itemTail() != null) {
        out.append('.').append(rule.itemTail());
      } else if (rule.idSuffix() != null) {
        out.append('.').append(rule.idSuffix());
      }
    }
  }

  private static String singular(String kind) {
    if (kind.endsWith("ies")) {
      return kind.substring(0, kind.length() - 3) + "y";
    }
    return kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
  }

  private enum AttributeType { ARN, ID, NAME, EXTRA, RULE, PROJECT }

  private static final class Attribute {
    final String name;
    final AttributeType type;
    final Rule rule;

    Attribute(String name, AttributeType type, Rule rule) {
      this.name = name;
      this.type = type;
      this.rule = rule;
    }
  }
}
