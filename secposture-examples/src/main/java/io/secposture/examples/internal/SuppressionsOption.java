package io.secposture.examples.internal;

import io.secposture.api.ConfigurationException;
import io.secposture.api.Plugins;
import io.secposture.api.SecpostureException;
import io.secposture.api.Settings;
import io.secposture.core.Suppressions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Not public API: the {@code --suppressions} option that {@code run}, {@code demo} and {@code aggregate} share (a
 * picocli mixin), with its variable {@code SECPOSTURE_SUPPRESSIONS}: a YAML or JSON file of accepted risks (format
 * on {@link Suppressions}), given as a path or as a URI read through the publisher of its scheme with the command's
 * publisher settings ({@code s3://security-config/posture/suppressions.yaml}, {@code gs://...}, {@code azblob://...},
 * {@code file:///...}), so the file can live in the bucket the job publishes to.
 */
public final class SuppressionsOption {
  /** Variable: the suppressions file. */
  public static final String VARIABLE = JobEnvironment.SUPPRESSIONS;
  private static final long MAX_SIZE = 4L * 1024 * 1024;

  @Option(names = "--suppressions", paramLabel = "FILE-or-URI",
      description = {"Accepted risks to mute: a YAML or JSON file, or a URI such as s3://bucket/suppressions.yaml "
          + "read with the --publish-option settings (env SECPOSTURE_SUPPRESSIONS). Muted findings leave the flagged "
          + "counts and are listed with owner, ticket and expiry; every problem of the file is reported with its line."})
  String location;

  /**
   * Reads the suppressions the option or the variable names.
   *
   * @param job the job's environment, for the variable
   * @param plugins where the publisher of a URI's scheme comes from; nullable when discovery failed (a URI then
   *     cannot be read and nothing is added: discovery's own problem is reported)
   * @param publisherSettings the settings the publisher reads the object with (region, endpoint, credentials)
   * @param problems where every problem of the file (with its line) or of reading it is added
   * @return the suppressions; {@link Suppressions#none()} when none is configured or the file has problems
   */
  Suppressions load(JobEnvironment job, Plugins plugins, Settings publisherSettings, List<String> problems) {
    String value = job.first(location, VARIABLE, null);
    if (value == null) {
      return Suppressions.none();
    }
    String where = location != null && !location.isBlank() ? "--suppressions" : VARIABLE;
    try {
      if (!value.contains("://")) {
        return Suppressions.read(Path.of(value));
      }
      if (plugins == null) {
        return Suppressions.none();
      }
      return fromStore(value, where, plugins, publisherSettings);
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
    } catch (SecpostureException e) {
      problems.add(where + ": cannot read the suppressions file: " + e.getMessage());
    } catch (java.nio.file.InvalidPathException e) {
      problems.add(where + " '" + value + "' is not a valid path: " + e.getReason());
    }
    return Suppressions.none();
  }

  /**
   * Reads the suppressions the option or the variable names, for commands that have checked everything else.
   *
   * @param job the job's environment
   * @param plugins where the publisher of a URI's scheme comes from
   * @param publisherSettings the settings the publisher reads the object with
   * @return the suppressions; {@link Suppressions#none()} when none is configured
   * @throws ConfigurationException listing every problem of the file, each with its line
   */
  Suppressions require(JobEnvironment job, Plugins plugins, Settings publisherSettings) {
    List<String> problems = new java.util.ArrayList<>();
    Suppressions suppressions = load(job, plugins, publisherSettings, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return suppressions;
  }

  /** Reads {@code scheme://root/.../name} as the object {@code name} under the site root {@code scheme://root/...}. */
  private static Suppressions fromStore(String value, String where, Plugins plugins, Settings settings) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ConfigurationException(where + " is not a valid URI: " + e.getReason());
    }
    String raw = uri.getRawSchemeSpecificPart();
    int query = raw.indexOf('?');
    String path = query < 0 ? raw : raw.substring(0, query);
    // the query may carry store settings, credentials among them: messages show the URI without it
    String shown = uri.getScheme() + ":" + path;
    int slash = path.lastIndexOf('/');
    String name = slash < 0 ? "" : path.substring(slash + 1);
    if (name.isEmpty() || path.substring(0, slash).replace("/", "").isEmpty()) {
      throw new ConfigurationException(where + " '" + shown + "' names no file; give the object's full URI, e.g."
          + " s3://bucket/config/suppressions.yaml");
    }
    URI root = URI.create(uri.getScheme() + ":" + path.substring(0, slash) + (query < 0 ? "" : raw.substring(query)));
    String key = URI.create(name).getPath();
    Optional<InputStream> content = plugins.publisherFor(root).read(root, key, settings);
    if (content.isEmpty()) {
      throw new ConfigurationException(where + ": the suppressions file " + shown + " does not exist; check the URI");
    }
    try (InputStream in = content.get()) {
      byte[] bytes = in.readNBytes((int) MAX_SIZE + 1);
      if (bytes.length > MAX_SIZE) {
        throw new ConfigurationException(shown + " is larger than 4 MB; is it really a suppressions file?");
      }
      return Suppressions.parse(bytes, shown);
    } catch (IOException e) {
      throw new ConfigurationException(where + ": cannot read the suppressions file " + shown + ": "
          + e.getMessage());
    }
  }
}
