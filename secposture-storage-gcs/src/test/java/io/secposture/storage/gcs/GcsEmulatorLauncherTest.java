package io.secposture.storage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The compatibility shims of {@code test-servers/gcs-emulator.js}, exercised with the Java client: what the raw
 * firebase-tools emulator gets wrong must work here, or the publisher tests prove nothing.
 */
@ExtendWith(GcsEmulatorExtension.class)
class GcsEmulatorLauncherTest {
  private Storage storage;

  @BeforeEach
  void connect(GcsEmulator emulator) {
    storage = emulator.client();
  }

  @AfterEach
  void disconnect() {
    GcsEmulator.close(storage);
  }

  @Test
  void writer_chunkedResumableUpload_storesEveryChunk() throws Exception {
    byte[] content = new byte[(5 << 20) + 123];
    new Random(1).nextBytes(content);
    BlobInfo info = BlobInfo.newBuilder(GcsEmulator.BUCKET, "launcher/chunked.bin").setContentType("application/x-test")
        .build();
    try (WriteChannel writer = storage.writer(info)) {
      writer.setChunkSize(1 << 20);
      writer.write(ByteBuffer.wrap(content));
    }
    assertThat(storage.readAllBytes(info.getBlobId())).isEqualTo(content);
    assertThat(storage.get(info.getBlobId()).getContentType()).isEqualTo("application/x-test");
  }

  @Test
  void create_preconditions_answer412() {
    BlobInfo info = BlobInfo.newBuilder(GcsEmulator.BUCKET, "launcher/conditional.txt").build();
    Blob first = storage.create(info, new byte[] {1}, BlobTargetOption.doesNotExist());
    assertThatThrownBy(() -> storage.create(info, new byte[] {2}, BlobTargetOption.doesNotExist()))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    Blob second = storage.create(info, new byte[] {3}, BlobTargetOption.generationMatch(first.getGeneration()));
    assertThat(second.getGeneration()).isGreaterThan(first.getGeneration());
    assertThatThrownBy(() -> storage.create(info, new byte[] {4},
        BlobTargetOption.generationMatch(first.getGeneration())))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(412));
    assertThat(storage.readAllBytes(info.getBlobId())).containsExactly(3);
  }

  @Test
  void readOfAnOldGeneration_findsNothing() {
    BlobInfo info = BlobInfo.newBuilder(GcsEmulator.BUCKET, "launcher/generations.txt").build();
    Blob first = storage.create(info, new byte[] {1});
    storage.create(info, new byte[] {2});
    assertThatThrownBy(() -> storage.readAllBytes(BlobId.of(GcsEmulator.BUCKET, info.getName(),
        first.getGeneration())))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void update_metadata_isApplied() {
    BlobInfo info = BlobInfo.newBuilder(GcsEmulator.BUCKET, "launcher/metadata.txt").build();
    storage.create(info, new byte[] {1});
    storage.update(info.toBuilder().setMetadata(Map.of("team", "payments")).setCacheControl("no-cache").build());
    Blob blob = storage.get(info.getBlobId());
    assertThat(blob.getMetadata()).containsEntry("team", "payments");
    assertThat(blob.getCacheControl()).isEqualTo("no-cache");
  }

  @Test
  void buckets_mustBeCreatedFirst_asOnRealGcs() {
    assertThat(storage.get("launcher-new-bucket")).isNull();
    assertThatThrownBy(() -> storage.create(BlobInfo.newBuilder("launcher-new-bucket", "x").build(), new byte[] {1}))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    storage.create(BucketInfo.of("launcher-new-bucket"));
    assertThat(storage.get("launcher-new-bucket").getName()).isEqualTo("launcher-new-bucket");
    storage.create(BlobInfo.newBuilder("launcher-new-bucket", "x").build(), new byte[] {1});
  }
}
