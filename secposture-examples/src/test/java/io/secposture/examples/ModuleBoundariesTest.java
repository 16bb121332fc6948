package io.secposture.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Architecture rule: an {@code internal} package is private to its module, so no module's main code refers to
 * another module's {@code .internal.} package (by import or by fully qualified name). Reads every module's
 * {@code src/main/java} as text; this module depends on all the others, so its build sees them all.
 */
class ModuleBoundariesTest {

  private static final Pattern INTERNAL_REFERENCE =
      Pattern.compile("\\bio\\.secposture(?:\\.[a-z0-9_]+)*\\.internal(?:\\.[A-Za-z0-9_]+)*");
  private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
  private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$");

  @Test
  void mainCode_refersToNoOtherModulesInternalPackage() throws IOException {
    Path root = reactorRoot();
    Map<String, Set<String>> modulesByPackage = new HashMap<>();
    Map<Path, String> moduleByFile = new HashMap<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        Path sources = module.resolve("src/main/java");
        for (Path file : javaFiles(sources)) {
          moduleByFile.put(file, module.getFileName().toString());
          String pkg = sources.relativize(file.getParent()).toString().replace(file.getFileSystem().getSeparator(),
              ".");
          modulesByPackage.computeIfAbsent(pkg, p -> new TreeSet<>()).add(module.getFileName().toString());
        }
      }
    }
    assertThat(moduleByFile.values()).as("modules found under " + root)
        .contains("secposture-api", "secposture-core", "secposture-examples", "secposture-storage-s3");

    Set<String> found = new TreeSet<>();
    for (Map.Entry<Path, String> entry : moduleByFile.entrySet()) {
      String module = entry.getValue();
      String referring = className(entry.getKey(), root.resolve(module).resolve("src/main/java"));
      for (String reference : internalReferences(Files.readString(entry.getKey()))) {
        String pkg = owningPackage(reference, modulesByPackage);
        if (pkg != null && !modulesByPackage.get(pkg).contains(module)) {
          found.add(referring + " -> " + pkg);
        }
      }
    }

    List<String> forbidden = new ArrayList<>(found);
    assertThat(forbidden)
        .as("main code referring to another module's internal package; make what is needed public API of its "
            + "module (or move it) instead")
        .isEmpty();
  }

  @Test
  void internalReferences_findsImportsAndQualifiedNamesButNotComments() {
    String code = """
        import io.secposture.core.internal.publish.KeyLocks;
        import static io.secposture.core.internal.json.JsonLines.text;
        /** Unlike {@link io.secposture.core.internal.demo.DemoScanners}, this is real. */
        class X {
          // io.secposture.core.internal.sample.Ignored
          String s = io.secposture.core.internal.publish.QueryOptions.withoutSecrets(uri);
          io.secposture.api.Plugins plugins;
        }
        """;

    assertThat(internalReferences(code)).containsExactly("io.secposture.core.internal.publish.KeyLocks",
        "io.secposture.core.internal.json.JsonLines.text",
        "io.secposture.core.internal.publish.QueryOptions.withoutSecrets");
  }

  /** Returns every {@code io.secposture...internal...} name the code uses outside comments. */
  private static List<String> internalReferences(String source) {
    String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(source).replaceAll(" ")).replaceAll("");
    List<String> references = new ArrayList<>();
    Matcher reference = INTERNAL_REFERENCE.matcher(code);
    while (reference.find()) {
      references.add(reference.group());
    }
    return references;
  }

  /** Returns the longest known package that the reference starts with, or null if none is known. */
  private static String owningPackage(String reference, Map<String, Set<String>> modulesByPackage) {
    for (String candidate = reference; candidate.contains("."); candidate = candidate.substring(0,
        candidate.lastIndexOf('.'))) {
      if (modulesByPackage.containsKey(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String className(Path file, Path sources) {
    String relative = sources.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
    return relative.substring(0, relative.length() - ".java".length());
  }

  private static List<Path> javaFiles(Path sources) {
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals(
          "package-info.java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path reactorRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("secposture-api")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no reactor root above " + Path.of("").toAbsolutePath());
  }
}
