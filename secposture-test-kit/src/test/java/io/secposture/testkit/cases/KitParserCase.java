package io.secposture.testkit.cases;

import io.secposture.api.ReportParser;
import io.secposture.testkit.LargeInputs;
import io.secposture.testkit.ReportParserContract;
import io.secposture.testkit.fixtures.KitLinesParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parser contract as an in-house author extends it, for the fixture parsers. Not run by Surefire on its own:
 * {@code ContractsCatchBadPluginsTest} runs them and checks which tests fail.
 */
public abstract class KitParserCase extends ReportParserContract {
  /**
   * Returns the file name ending the parser reads.
   *
   * @return e.g. {@code .kitlines}
   */
  protected abstract String extension();

  @Override
  protected List<Path> validSamples() {
    try {
      Path directory = Files.createDirectories(contractDirectory.resolve("samples"));
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        rows.add("svc" + (i % 3) + ",rule-" + i + "," + (i % 2 == 0 ? "high" : "low") + "," + (i % 5 == 0 ? "PASS"
            : "FAIL") + ",resource-" + i);
      }
      return List.of(KitLinesParser.write(directory.resolve("sample" + extension()), "123456789012", rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Path largeInput(Path directory, long minimumBytes) {
    return LargeInputs.repeatLines(validSamples().get(0), 1, directory.resolve("large" + extension()), minimumBytes);
  }

  /** The parser written as the README says: it streams. */
  public static final class Streaming extends KitParserCase {
    @Override
    protected ReportParser parser() {
      return new KitLinesParser();
    }

    @Override
    protected String extension() {
      return ".kitlines";
    }
  }

  /** Reads the whole file and keeps every finding in a list. */
  public static final class Hoarding extends KitParserCase {
    @Override
    protected ReportParser parser() {
      return new KitLinesParser.Hoarding();
    }

    @Override
    protected String extension() {
      return ".hoard";
    }
  }

  /** A streaming parser whose author did not supply a large input. */
  public static final class WithoutLargeInput extends KitParserCase {
    @Override
    protected ReportParser parser() {
      return new KitLinesParser();
    }

    @Override
    protected String extension() {
      return ".kitlines";
    }

    @Override
    protected Path largeInput(Path directory, long minimumBytes) {
      return null;
    }
  }
}
