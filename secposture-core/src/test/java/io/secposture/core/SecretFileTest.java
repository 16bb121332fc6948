package io.secposture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secposture.api.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {
  private static final Secret CONTENT = Secret.of("{\"type\": \"service_account\", \"private_key\": \"k3y\"}");

  @TempDir
  Path dir;

  @Test
  void create_writesTheSecretReadableByTheOwnerOnly() throws IOException {
    try (SecretFile file = SecretFile.create(dir.resolve("private"), "gcp.json", CONTENT)) {
      assertThat(file.path()).isEqualTo(dir.resolve("private/gcp.json"));
      assertThat(Files.readString(file.path())).isEqualTo(CONTENT.reveal());
      if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
        assertThat(Files.getPosixFilePermissions(file.path()))
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      }
    }
  }

  @Test
  void close_deletesTheFileAndIsIdempotent() {
    SecretFile file = SecretFile.create(dir, "token", CONTENT);

    file.close();
    file.close();

    assertThat(file.path()).doesNotExist();
  }

  @Test
  void create_fileAlreadyExists_refusedWithoutTouchingIt() throws IOException {
    Path existing = Files.writeString(dir.resolve("token"), "someone else's");

    assertThatThrownBy(() -> SecretFile.create(dir, "token", CONTENT)).isInstanceOf(UncheckedIOException.class)
        .hasMessage("secret file " + existing + " already exists; use a fresh directory per scan")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("k3y"));
    assertThat(Files.readString(existing)).isEqualTo("someone else's");
  }

  @Test
  void toString_showsThePathNeverTheContent() {
    try (SecretFile file = SecretFile.create(dir, "token", CONTENT)) {
      assertThat(file.toString()).isEqualTo("SecretFile[" + dir.resolve("token") + "]").doesNotContain("k3y");
    }
  }

  @Test
  void create_directoryCannotBeCreated_uncheckedIoExceptionAndNothingLeft() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(() -> SecretFile.create(notADirectory, "token", CONTENT))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining(notADirectory.toString())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("k3y"));
    assertThat(Set.of(Files.list(dir).toArray())).containsExactly(notADirectory);
  }
}
