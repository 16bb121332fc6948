package io.secposture.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.ConfigurationException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WellKnownExtensionsTest {
  @TempDir
  Path dir;

  private ClassLoader loaderWithTables(String... tables) throws Exception {
    URL[] roots = new URL[tables.length];
    for (int i = 0; i < tables.length; i++) {
      Path file = dir.resolve("jar" + i).resolve(ExtensionKind.WELL_KNOWN_RESOURCE);
      Files.createDirectories(file.getParent());
      Files.writeString(file, tables[i]);
      roots[i] = dir.resolve("jar" + i).toUri().toURL();
    }
    return new URLClassLoader(roots, null);
  }

  @Test
  void read_tablesOfSeveralJars_areMergedPerKind() throws Exception {
    ClassLoader loader = loaderWithTables(
        "# comment\nscanner:prowler = io.secposture:secposture-prowler\n\n",
        "account discovery:aws-org = io.secposture:secposture-cloud-aws\n"
            + "scanner:prowler = io.secposture:secposture-prowler\n");

    Map<String, SortedMap<String, String>> table = WellKnownExtensions.read(loader);

    assertThat(table.get("scanner")).containsExactlyEntriesOf(
        Map.of("prowler", "io.secposture:secposture-prowler"));
    assertThat(table.get("account discovery")).containsEntry("aws-org", "io.secposture:secposture-cloud-aws");
  }

  @Test
  void read_twoTablesDisagreeing_isRefusedNamingBoth() throws Exception {
    ClassLoader loader = loaderWithTables("scanner:prowler = a:b\n", "scanner:prowler = c:d\n");

    assertThatThrownBy(() -> WellKnownExtensions.read(loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("disagree on the scanner 'prowler'")
        .hasMessageContaining("says a:b")
        .hasMessageContaining("says c:d");
  }

  @Test
  void read_malformedLine_isRefusedWithItsLineNumber() throws Exception {
    ClassLoader loader = loaderWithTables("scanner:prowler = a:b\nprowler io.secposture:secposture-prowler\n");

    assertThatThrownBy(() -> WellKnownExtensions.read(loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("line 2 reads 'prowler io.secposture:secposture-prowler'");
  }
}
