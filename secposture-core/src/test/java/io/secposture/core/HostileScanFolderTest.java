package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scanner's output folder holding every kind of link a hostile or careless scanner can leave: {@link ScanFolder}
 * lists and opens only the regular files inside it, never a link's target.
 */
class HostileScanFolderTest {
  private static final String SECRET = "root:SECRET-SHADOW-LINE:19000:0:99999:7:::";

  @TempDir
  Path temp;

  private Path outside;
  private Path folder;

  @BeforeEach
  void scannerOutputWithLinks() throws IOException {
    outside = Files.createDirectories(temp.resolve("outside"));
    Path secret = Files.writeString(outside.resolve("shadow"), SECRET);
    folder = Files.createDirectories(temp.resolve("scan"));
    Files.writeString(folder.resolve("results.json"), "[]");
    Files.createDirectories(folder.resolve("inc-scoutsuite"));
    Files.writeString(folder.resolve("inc-scoutsuite/real.css"), "body{}");
    Files.createSymbolicLink(folder.resolve("inc-scoutsuite/scoutsuite.js"), secret);
    Files.createDirectories(folder.resolve("compliance"));
    Files.createSymbolicLink(folder.resolve("compliance/x.csv"), Path.of("../../outside/shadow"));
    Files.createSymbolicLink(folder.resolve("linked-dir"), outside);
    Files.createSymbolicLink(folder.resolve("inside-link.json"), Path.of("results.json"));
    Files.createSymbolicLink(folder.resolve("dangling.log"), temp.resolve("nothing-here"));
  }

  @Test
  void list_linksOfEveryShape_onlyRegularFilesListedAndEachLinkNamedWithWhereItPoints() {
    ScanFolder.Listing listing = ScanFolder.of(folder).list();

    assertThat(listing.files()).containsExactly(folder.resolve("inc-scoutsuite/real.css"),
        folder.resolve("results.json"));
    assertThat(listing.skipped()).extracting(ScanFolder.Skipped::name).containsExactly("compliance/x.csv",
        "dangling.log", "inc-scoutsuite/scoutsuite.js", "inside-link.json", "linked-dir");
    assertThat(listing.warnings()).hasSize(5)
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'inc-scoutsuite/scoutsuite.js': a symbolic link to a"
            + " path outside the folder"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'compliance/x.csv': a symbolic link to a path outside"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'linked-dir': a symbolic link to a path outside"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'inside-link.json': a symbolic link within the folder"))
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'dangling.log': a symbolic link to nothing"))
        .allSatisfy(w -> assertThat(w).doesNotContain(SECRET).doesNotContain(outside.toString()));
  }

  @Test
  void list_folderGivenThroughALink_walksItsRealPathAndNamesFilesUnderThePathGiven() throws IOException {
    Path alias = Files.createSymbolicLink(temp.resolve("alias"), folder);

    ScanFolder scan = ScanFolder.of(alias);

    assertThat(scan.realPath()).isEqualTo(folder.toRealPath());
    assertThat(scan.list().files()).containsExactly(alias.resolve("inc-scoutsuite/real.css"),
        alias.resolve("results.json"));
  }

  @Test
  void refusal_linkUnderLinkOutsideSpecialOrMissing_eachRefusedWithItsReason() throws Exception {
    ScanFolder scan = ScanFolder.of(folder);

    assertThat(scan.refusal(folder.resolve("results.json"))).isEmpty();
    assertThat(scan.refusal(folder.resolve("inc-scoutsuite/scoutsuite.js"))).hasValueSatisfying(
        reason -> assertThat(reason).startsWith("is a symbolic link"));
    assertThat(scan.refusal(folder.resolve("linked-dir/shadow"))).hasValueSatisfying(
        reason -> assertThat(reason).startsWith("is under 'linked-dir', a symbolic link"));
    assertThat(scan.refusal(folder.resolve("../outside/shadow"))).hasValueSatisfying(
        reason -> assertThat(reason).startsWith("is outside the folder"));
    assertThat(scan.refusal(folder.resolve("inc-scoutsuite/../linked-dir/shadow"))).hasValueSatisfying(
        reason -> assertThat(reason).startsWith("is under 'linked-dir'"));
    assertThat(scan.refusal(folder.resolve("ghost.json"))).contains("does not exist");
    assertThat(scan.refusal(folder.resolve("inc-scoutsuite"))).contains("is a folder, not a file");
    Path fifo = folder.resolve("pipe.json");
    if (mkfifo(fifo)) {
      assertThat(scan.refusal(fifo)).hasValueSatisfying(reason -> assertThat(reason).contains("named pipe"));
      assertThat(scan.list().skipped()).extracting(ScanFolder.Skipped::name).contains("pipe.json");
    }
  }

  @Test
  void open_regularFile_readsIt() throws IOException {
    try (InputStream in = ScanFolder.of(folder).open(folder.resolve("inc-scoutsuite/real.css"))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("body{}");
    }
  }

  @Test
  void open_linksAndFilesUnderLinks_refusedWithoutReadingTheTarget() {
    ScanFolder scan = ScanFolder.of(folder);

    for (String name : List.of("inc-scoutsuite/scoutsuite.js", "compliance/x.csv", "linked-dir/shadow",
        "inside-link.json")) {
      assertThatThrownBy(() -> read(scan, folder.resolve(name))).as(name)
          .isInstanceOf(FileSystemException.class).hasMessageContaining("symbolic link")
          .hasMessageNotContaining(SECRET);
    }
    assertThatThrownBy(() -> read(scan, folder.resolve("../outside/shadow")))
        .isInstanceOf(FileSystemException.class).hasMessageContaining("outside the folder");
    assertThatThrownBy(() -> read(scan, folder.resolve("ghost.json"))).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void open_fileSwappedForALinkAfterItWasListed_refusedAtOpenTime() throws IOException {
    ScanFolder scan = ScanFolder.of(folder);
    Path listed = scan.list().files().get(1);
    assertThat(listed).isEqualTo(folder.resolve("results.json"));

    Files.delete(listed);
    Files.createSymbolicLink(listed, outside.resolve("shadow"));

    assertThatThrownBy(() -> read(scan, listed)).isInstanceOf(FileSystemException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void open_folderSwappedForALinkAfterItWasListed_refusedAtOpenTime() throws IOException {
    ScanFolder scan = ScanFolder.of(folder);
    Path listed = folder.resolve("inc-scoutsuite/real.css");
    assertThat(scan.list().files()).contains(listed);
    Files.writeString(outside.resolve("real.css"), SECRET);

    Files.move(folder.resolve("inc-scoutsuite"), temp.resolve("moved-away"));
    Files.createSymbolicLink(folder.resolve("inc-scoutsuite"), outside);

    assertThatThrownBy(() -> read(scan, listed)).isInstanceOf(FileSystemException.class)
        .hasMessageContaining("under 'inc-scoutsuite', a symbolic link").hasMessageNotContaining(SECRET);
  }

  @Test
  void everyMethod_folderItselfReplacedByALinkAfterItWasOpened_refusedAsAWhole() throws IOException {
    ScanFolder scan = ScanFolder.of(folder);
    Files.writeString(outside.resolve("results.json"), SECRET);

    Files.move(folder, temp.resolve("original"));
    Files.createSymbolicLink(folder, outside);

    assertThatThrownBy(scan::list).hasMessageContaining("the folder was replaced");
    assertThat(scan.refusal(folder.resolve("results.json"))).hasValueSatisfying(
        reason -> assertThat(reason).contains("the folder was replaced"));
    assertThatThrownBy(() -> read(scan, folder.resolve("results.json"))).isInstanceOf(FileSystemException.class)
        .hasMessageContaining("the folder was replaced").hasMessageNotContaining(SECRET);
  }

  @Test
  void list_thousandsOfLinks_warningsNameTheFirstTwentyAndCountTheRest() throws IOException {
    Path many = Files.createDirectories(temp.resolve("many"));
    for (int i = 0; i < 250; i++) {
      Files.createSymbolicLink(many.resolve(String.format("link-%03d", i)), outside.resolve("shadow"));
    }

    ScanFolder.Listing listing = ScanFolder.of(many).list();

    assertThat(listing.skipped()).hasSize(250);
    assertThat(listing.warnings()).hasSize(ScanFolder.MAX_NAMED + 1)
        .last().asString().startsWith("230 more links or special files were skipped");
  }

  @Test
  void list_linkNameWithControlCharacters_namedPrintably() throws IOException {
    Files.createSymbolicLink(folder.resolve("evil\nname\u001b[31m.log"), outside.resolve("shadow"));

    assertThat(ScanFolder.of(folder).list().warnings())
        .anySatisfy(w -> assertThat(w).startsWith("skipped 'evil?name?[31m.log'"))
        .allSatisfy(w -> assertThat(w).doesNotContain("\n").doesNotContain("\u001b"));
  }

  private static String read(ScanFolder scan, Path file) throws IOException {
    try (InputStream in = scan.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static boolean mkfifo(Path path) throws Exception {
    try {
      Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
