package io.secposture.export.aws;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Preflight;
import io.secposture.api.SecpostureException;
import io.secposture.api.Settings;
import io.secposture.core.ExportException;
import io.secposture.core.ExportResult;
import io.secposture.core.ExportedRun;
import io.secposture.core.FindingExporter;
import io.secposture.export.aws.internal.SecurityHubExport;
import io.secposture.export.aws.internal.Ticker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The {@code securityhub} exporter: every scanner's AWS findings (ScoutSuite's, Prowler's, an in-house scanner's) in
 * the AWS Security Finding Format through {@code BatchImportFindings}, into the Security Hub of the account each
 * finding belongs to, with that account's credentials ({@link ExportedRun#lease}: the role the credential broker
 * chains, the account's own keys or profile, the job's identity for an account without credentials), since Security
 * Hub accepts a finding only from the account it names.
 *
 * <p><b>What is sent.</b> One ASFF finding per flagged finding: {@code Id} {@code secposture/<scanner>/<fingerprint>}
 * (stable across runs), {@code ProductArn} the account's default product
 * ({@code arn:aws:securityhub:<region>:<account>:product/<account>/default}), {@code GeneratorId}
 * {@code secposture/<scanner>/<rule>}, {@code Types}, {@code CreatedAt} and {@code FirstObservedAt} from when it was
 * first seen, {@code UpdatedAt} the export's time, {@code Severity.Label}, {@code Title} (at most 256 characters) and
 * {@code Description} (1024), {@code Resources}, {@code Compliance} ({@code FAILED}, with the compliance references as
 * {@code RelatedRequirements}), {@code Remediation} and secposture's own {@code ProductFields} (scanner, rule,
 * fingerprint, run, change, owner). Findings of other clouds are skipped and counted in a warning.
 *
 * <p><b>Lifecycle from the run's diff.</b> New, unchanged and reopened findings are imported {@code ACTIVE} with a
 * fresh {@code UpdatedAt}; resolved ones are imported again {@code RecordState ARCHIVED}, but only inside what the
 * run actually looked at: the same scanner and account, a scan that SUCCEEDED, and the regions, services and checks it
 * was limited to. A partial or failed scan, another shard's accounts, or a run limited with {@code --services} or
 * regions never archives a finding it did not look at; those are counted in a warning and stay active until a run
 * that covers them resolves them.
 *
 * <p><b>Limits.</b> Batches of at most 100 findings and 6 MB, no finding over 240 KB (long texts are trimmed), paced
 * per account and region to 10 requests a second with bursts of 30; findings Security Hub lists as failed and
 * throttled requests are retried with backoff; what still fails is reported in the result's warnings, and an export
 * in which nothing could be imported although there was something to import fails with an {@link ExportException}.
 *
 * <p>Settings: {@link SecurityHubConfig}. Who calls it: the job's exporter runner ({@code --export securityhub}),
 * found through {@code META-INF/services}. Stateless and thread-safe.
 */
public final class SecurityHubExporter implements FindingExporter {
  /** The exporter's name. */
  public static final String NAME = SecurityHubConfig.NAMESPACE;

  private final Ticker ticker;
  private final Clock clock;
  private final AwsCredentialsProvider ambient;
  private final Supplier<String> defaultRegion;

  /** Creates the exporter; ServiceLoader uses this constructor. */
  public SecurityHubExporter() {
    this(Ticker.SYSTEM, Clock.systemUTC(), null, SecurityHubExporter::defaultRegion);
  }

  SecurityHubExporter(Ticker ticker, Clock clock, AwsCredentialsProvider ambient, Supplier<String> defaultRegion) {
    this.ticker = ticker;
    this.clock = clock;
    this.ambient = ambient;
    this.defaultRegion = defaultRegion;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Preflight validate(Settings options) {
    List<String> problems = SecurityHubConfig.problems(options);
    Preflight result = Preflight.nothingToCheck();
    for (String problem : problems) {
      result = result.withProblem(problem);
    }
    return result;
  }

  @Override
  public ExportResult export(ExportedRun run, Settings options) {
    Objects.requireNonNull(run, "run");
    SecurityHubConfig config;
    try {
      config = SecurityHubConfig.from(options);
    } catch (ConfigurationException e) {
      throw new ExportException(NAME, "securityhub export options: " + String.join("; ", e.problems()), e);
    }
    SecurityHubExport.Options exportOptions = new SecurityHubExport.Options(config.region(), defaultRegion,
        config.endpoint(),
        config.includePassed(), SecurityHubExport.MAX_BATCH_BYTES);
    AwsCredentialsProvider identity = ambient != null ? ambient : DefaultCredentialsProvider.builder().build();
    SecurityHubExport.Result result;
    try {
      result = new SecurityHubExport(exportOptions, run, ticker, identity, clock.instant(), version()).run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExportException(NAME, "the Security Hub export was interrupted; findings sent so far stay imported");
    } catch (SecpostureException e) {
      throw new ExportException(NAME, "the Security Hub export failed: " + e.getMessage(), e);
    } finally {
      if (ambient == null && identity instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // nothing to release that matters after the export
        }
      }
    }
    if (result.exported() == 0 && result.notImported() > 0) {
      throw new ExportException(NAME, "Security Hub took none of the " + result.notImported() + " finding(s): "
          + String.join("; ", result.warnings()));
    }
    List<String> warnings = new ArrayList<>(result.warnings());
    if (result.keptActive() > 0) {
      warnings.add(0, result.keptActive() + " resolved finding(s) were not archived because this run did not look at"
          + " them (see below); a run that covers them will");
    }
    return new ExportResult(NAME, result.exported(), warnings);
  }

  private static String defaultRegion() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (SdkClientException e) {
      return "us-east-1";
    }
  }

  private static String version() {
    String version = SecurityHubExporter.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
