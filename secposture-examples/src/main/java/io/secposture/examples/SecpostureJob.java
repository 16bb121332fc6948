package io.secposture.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.secposture.api.ConfigurationException;
import io.secposture.api.PublishException;
import io.secposture.api.SecpostureException;
import io.secposture.examples.internal.AggregateCommand;
import io.secposture.examples.internal.CheckCommand;
import io.secposture.examples.internal.DemoCommand;
import io.secposture.examples.internal.DiffCommand;
import io.secposture.examples.internal.ExitCode;
import io.secposture.examples.internal.MergeCommand;
import io.secposture.examples.internal.RunCommand;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The runnable job, {@code secposture.jar}: what a CI pipeline runs on a schedule. Commands: {@code demo},
 * {@code check}, {@code run}, {@code aggregate}, {@code merge}, {@code diff}. Run {@code java -jar secposture.jar --help} for the
 * options and the exit codes.
 *
 * <p>Embedding code should use {@link io.secposture.core.Pipeline} directly (see {@link EmbeddingExample}); this
 * class is the command-line front end. {@link #execute(String[], Map, PrintWriter, PrintWriter)} runs a command
 * without exiting the JVM, for tests and wrappers.
 */
@Command(name = "secposture", mixinStandardHelpOptions = true, versionProvider = SecpostureJob.Version.class,
    description = "Scan many cloud accounts with ScoutSuite and Prowler, aggregate one report, publish it.",
    footer = {"", ExitCode.TABLE, "", "Configuration comes from SECPOSTURE_* environment variables (see the README); "
        + "command-line options win."})
public final class SecpostureJob {

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, description = "Log debug detail.")
  void verbose(boolean verbose) {
    if (verbose) {
      level(Level.DEBUG);
    }
  }

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "Log warnings and errors only.")
  void quiet(boolean quiet) {
    if (quiet) {
      level(Level.WARN);
    }
  }

  private SecpostureJob() {
  }

  /**
   * Runs the job and exits with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    startProcessesByVfork();
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(args, System.getenv(), out, err));
  }

  /**
   * Runs one command and returns its exit code, without exiting.
   *
   * @param args command-line arguments
   * @param environment the environment variables the job reads
   * @param out where results go
   * @param err where errors go
   * @return the exit code
   */
  public static int execute(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new SecpostureJob(), new Factory(environment));
    // picocli builds a command's model by reflection when it is added: only the command asked for, when it is named,
    // which saves every run the models of the others (a tenth of a second of CPU)
    String named = commandName(args);
    for (Class<?> command : COMMANDS) {
      String name = command.getAnnotation(Command.class).name();
      if (named == null || named.equals(name)) {
        commandLine.addSubcommand(name, command);
      }
    }
    if (named == null) {
      commandLine.addSubcommand("help", CommandLine.HelpCommand.class);
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setUsageHelpAutoWidth(true);
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> handle(exception, line.getErr()));
    commandLine.setExitCodeExceptionMapper(exception -> ExitCode.CONFIGURATION);
    return commandLine.execute(args);
  }

  /** The JDK's system property that chooses how it starts processes on Linux. */
  private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

  /**
   * Has the JDK start scanner processes with {@code vfork}, as it did by default before Java 12, instead of
   * {@code posix_spawn} of its {@code jspawnhelper}, which then executes the command: one program start less per
   * scan, 3 to 7 ms of CPU on a 2-core machine. Only on Linux with Java 17 to 20 (later releases deprecate the
   * mechanism), and only when the operator did not choose one ({@code -Djdk.lang.Process.launchMechanism=...}). Set
   * before anything starts a process: the JDK reads the property once.
   */
  private static void startProcessesByVfork() {
    if (System.getProperty(LAUNCH_MECHANISM) == null && Runtime.version().feature() < 21
        && System.getProperty("os.name", "").startsWith("Linux")) {
      System.setProperty(LAUNCH_MECHANISM, "VFORK");
    }
  }

  /** The job's commands, in the order its usage lists them (then {@code help}). */
  private static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, CheckCommand.class, RunCommand.class,
      AggregateCommand.class, MergeCommand.class, DiffCommand.class);

  /**
   * The command the arguments name: the first one that is not an option (the job's own options take no value), if
   * it is one of {@link #COMMANDS}; null for anything else (help, usage, an unknown command, an argument file).
   */
  private static String commandName(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        for (Class<?> command : COMMANDS) {
          if (command.getAnnotation(Command.class).name().equals(arg)) {
            return arg;
          }
        }
        return null;
      }
    }
    return null;
  }

  private static int handle(Exception exception, PrintWriter err) {
    if (exception instanceof ConfigurationException configuration) {
      err.println(configuration.problems().size() == 1 ? "configuration problem:" : configuration.problems().size()
          + " configuration problems:");
      configuration.problems().forEach(problem -> err.println("  - " + problem));
      return ExitCode.CONFIGURATION;
    }
    if (exception instanceof PublishException publish) {
      err.println("publishing failed: " + publish.getMessage());
      LoggerFactory.getLogger(SecpostureJob.class).debug("publish failure", publish);
      return ExitCode.PUBLISH_FAILED;
    }
    if (exception instanceof SecpostureException failure) {
      err.println("error: " + failure.getMessage());
      LoggerFactory.getLogger(SecpostureJob.class).debug("failure", failure);
      return ExitCode.INTERNAL_ERROR;
    }
    err.println("internal error: " + exception);
    exception.printStackTrace(err);
    return ExitCode.INTERNAL_ERROR;
  }

  private static void level(Level level) {
    ((Logger) LoggerFactory.getLogger("io.secposture")).setLevel(level);
  }

  /** Gives every command the environment to read. */
  private static final class Factory implements CommandLine.IFactory {
    private final Map<String, String> environment;

    Factory(Map<String, String> environment) {
      this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        return type.getDeclaredConstructor(Map.class).newInstance(environment);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = SecpostureJob.class.getPackage().getImplementationVersion();
      return new String[] {"secposture " + (version == null ? "(development build)" : version),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
