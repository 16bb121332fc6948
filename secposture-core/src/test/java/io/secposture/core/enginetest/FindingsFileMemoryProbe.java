package io.secposture.core.enginetest;

import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceRef;
import io.secposture.api.Finding;
import io.secposture.api.FindingStatus;
import io.secposture.api.Severity;
import io.secposture.core.FindingsFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM with a small heap: writes and reads back many findings with {@link FindingsFile}, printing how many
 * it read and the file size. Holding the findings in memory would not fit.
 */
public final class FindingsFileMemoryProbe {
  private FindingsFileMemoryProbe() {
  }

  /**
   * Writes then reads.
   *
   * @param args the file and the number of findings
   * @throws Exception on any failure (the exit code tells the test)
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    String padding = "x".repeat(300);
    try (FindingsFile.Writer writer = FindingsFile.create(file)) {
      for (int i = 0; i < count; i++) {
        writer.accept(Finding.builder().tool("prowler").provider(CloudProvider.AWS).accountId("123456789012")
            .region("eu-west-1").service("s3").ruleId("rule-" + (i % 700)).title("title " + i)
            .severity(Severity.values()[i % 5]).status(FindingStatus.FAIL).resourceId("arn:aws:s3:::bucket-" + i)
            .description(padding + i).compliance(new ComplianceRef("CIS-1.4", "2." + (i % 9))).build());
      }
    }
    long[] read = {0};
    FindingsFile.read(file, finding -> read[0]++);
    System.out.println("read " + read[0] + " findings, " + Files.size(file) + " bytes, max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
  }
}
