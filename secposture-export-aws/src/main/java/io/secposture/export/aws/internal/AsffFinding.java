package io.secposture.export.aws.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.Compliance;
import software.amazon.awssdk.services.securityhub.model.FindingProviderFields;
import software.amazon.awssdk.services.securityhub.model.FindingProviderSeverity;
import software.amazon.awssdk.services.securityhub.model.Recommendation;
import software.amazon.awssdk.services.securityhub.model.Remediation;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.Severity;

/**
 * Not public API: one finding in the AWS Security Finding Format, as the exporter sends it: every field it fills,
 * already within ASFF's limits ({@link AsffMapper} trims). {@link #toSdk()} builds the SDK's model;
 * {@link #jsonBytes()} measures the JSON the SDK sends for it, which the batches are sized by.
 *
 * @param id the stable id, from the fingerprint
 * @param productArn the account's default product in the import region
 * @param region the Security Hub region the finding is imported into
 * @param generatorId scanner and rule
 * @param awsAccountId the account the finding belongs to, whose credentials import it
 * @param types ASFF types ({@code namespace/category/classifier})
 * @param firstObservedAt when the finding was first seen; nullable
 * @param createdAt when the finding was created (first seen, else now)
 * @param updatedAt now
 * @param severityLabel {@code CRITICAL} ... {@code INFORMATIONAL}
 * @param title at most 256 characters
 * @param description at most 1024 characters
 * @param resourceType an ASFF resource type or {@code Other}
 * @param resourceId the resource
 * @param partition {@code aws}, {@code aws-cn} or {@code aws-us-gov}
 * @param resourceRegion the resource's region; nullable for global resources
 * @param complianceStatus {@code PASSED}, {@code FAILED} or {@code WARNING}
 * @param relatedRequirements the compliance requirements, at most 32
 * @param remediationText at most 512 characters; nullable
 * @param remediationUrl nullable
 * @param sourceUrl the published site; nullable
 * @param productFields secposture's own fields
 * @param recordState {@code ACTIVE} or {@code ARCHIVED}
 */
public record AsffFinding(String id, String productArn, String region, String generatorId, String awsAccountId,
    List<String> types, String firstObservedAt, String createdAt, String updatedAt, String severityLabel,
    String title, String description, String resourceType, String resourceId, String partition,
    String resourceRegion, String complianceStatus, List<String> relatedRequirements, String remediationText,
    String remediationUrl, String sourceUrl, SortedMap<String, String> productFields, String recordState) {

  /** The ASFF schema version. */
  public static final String SCHEMA_VERSION = "2018-10-08";

  private static final JsonFactory JSON = new JsonFactory();

  /** Copies collections. */
  public AsffFinding {
    Objects.requireNonNull(id, "id");
    types = List.copyOf(types);
    relatedRequirements = List.copyOf(relatedRequirements);
    productFields = new TreeMap<>(productFields);
  }

  /**
   * Builds the SDK's model of this finding.
   *
   * @return the finding to send
   */
  public AwsSecurityFinding toSdk() {
    Resource.Builder resource = Resource.builder().type(resourceType).id(resourceId).partition(partition);
    if (resourceRegion != null) {
      resource.region(resourceRegion);
    }
    AwsSecurityFinding.Builder finding = AwsSecurityFinding.builder()
        .schemaVersion(SCHEMA_VERSION)
        .id(id)
        .productArn(productArn)
        .generatorId(generatorId)
        .awsAccountId(awsAccountId)
        .types(types)
        .createdAt(createdAt)
        .updatedAt(updatedAt)
        .severity(Severity.builder().label(severityLabel).original(severityLabel).build())
        .findingProviderFields(FindingProviderFields.builder().types(types)
            .severity(FindingProviderSeverity.builder().label(severityLabel).original(severityLabel).build()).build())
        .title(title)
        .description(description)
        .resources(resource.build())
        .compliance(relatedRequirements.isEmpty() ? Compliance.builder().status(complianceStatus).build()
            : Compliance.builder().status(complianceStatus).relatedRequirements(relatedRequirements).build())
        .productFields(productFields)
        .recordState(recordState);
    if (firstObservedAt != null) {
      finding.firstObservedAt(firstObservedAt);
    }
    if (remediationText != null || remediationUrl != null) {
      Recommendation.Builder recommendation = Recommendation.builder();
      if (remediationText != null) {
        recommendation.text(remediationText);
      }
      if (remediationUrl != null) {
        recommendation.url(remediationUrl);
      }
      finding.remediation(Remediation.builder().recommendation(recommendation.build()).build());
    }
    if (sourceUrl != null) {
      finding.sourceUrl(sourceUrl);
    }
    return finding.build();
  }

  /**
   * Returns the size of this finding's JSON as the SDK sends it (UTF-8, compact), within a few bytes.
   *
   * @return the size in bytes
   */
  public int jsonBytes() {
    CountingStream counter = new CountingStream();
    try (JsonGenerator json = JSON.createGenerator(counter)) {
      writeJson(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (int) Math.min(Integer.MAX_VALUE, counter.count);
  }

  /**
   * Writes this finding as ASFF JSON, the shape Security Hub's REST API takes.
   *
   * @param json the generator
   * @throws IOException if writing fails
   */
  public void writeJson(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("SchemaVersion", SCHEMA_VERSION);
    json.writeStringField("Id", id);
    json.writeStringField("ProductArn", productArn);
    json.writeStringField("GeneratorId", generatorId);
    json.writeStringField("AwsAccountId", awsAccountId);
    writeList(json, "Types", types);
    if (firstObservedAt != null) {
      json.writeStringField("FirstObservedAt", firstObservedAt);
    }
    json.writeStringField("CreatedAt", createdAt);
    json.writeStringField("UpdatedAt", updatedAt);
    json.writeObjectFieldStart("Severity");
    json.writeStringField("Label", severityLabel);
    json.writeStringField("Original", severityLabel);
    json.writeEndObject();
    json.writeObjectFieldStart("FindingProviderFields");
    json.writeObjectFieldStart("Severity");
    json.writeStringField("Label", severityLabel);
    json.writeStringField("Original", severityLabel);
    json.writeEndObject();
    writeList(json, "Types", types);
    json.writeEndObject();
    json.writeStringField("Title", title);
    json.writeStringField("Description", description);
    if (remediationText != null || remediationUrl != null) {
      json.writeObjectFieldStart("Remediation");
      json.writeObjectFieldStart("Recommendation");
      if (remediationText != null) {
        json.writeStringField("Text", remediationText);
      }
      if (remediationUrl != null) {
        json.writeStringField("Url", remediationUrl);
      }
      json.writeEndObject();
      json.writeEndObject();
    }
    if (sourceUrl != null) {
      json.writeStringField("SourceUrl", sourceUrl);
    }
    json.writeObjectFieldStart("ProductFields");
    for (Map.Entry<String, String> field : productFields.entrySet()) {
      json.writeStringField(field.getKey(), field.getValue());
    }
    json.writeEndObject();
    json.writeArrayFieldStart("Resources");
    json.writeStartObject();
    json.writeStringField("Type", resourceType);
    json.writeStringField("Id", resourceId);
    json.writeStringField("Partition", partition);
    if (resourceRegion != null) {
      json.writeStringField("Region", resourceRegion);
    }
    json.writeEndObject();
    json.writeEndArray();
    json.writeObjectFieldStart("Compliance");
    json.writeStringField("Status", complianceStatus);
    if (!relatedRequirements.isEmpty()) {
      writeList(json, "RelatedRequirements", relatedRequirements);
    }
    json.writeEndObject();
    json.writeStringField("RecordState", recordState);
    json.writeEndObject();
  }

  private static void writeList(JsonGenerator json, String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  private static final class CountingStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
