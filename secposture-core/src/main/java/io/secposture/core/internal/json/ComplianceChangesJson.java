package io.secposture.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import io.secposture.api.CloudProvider;
import io.secposture.api.ComplianceChanges;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Not public API: the {@code compliance} array of the report's {@code diff} section, written and read for
 * {@link ReportWriter} and {@link Sections#diff}. One object per framework and provider:
 * <pre>{@code
 * {"framework": "CIS-2.0", "provider": "aws", "newly_failing": 3, "newly_passing": 1,
 *  "changes": [{"requirement": "2.1.1", "title": "Ensure ...", "account": "111111111111",
 *               "change": "newly_failing"}]}
 * }</pre>
 * The counts are of (requirement, account) pairs; {@code changes} lists at most {@link ComplianceChanges#LIMIT}.
 * {@code title} is left out when unknown; the whole array is left out when there is no change (and is absent from
 * diffs written before it existed). Stateless.
 */
final class ComplianceChangesJson {
  static final String NEWLY_FAILING = "newly_failing";
  static final String NEWLY_PASSING = "newly_passing";
  static final String CHANGES = "changes";
  static final String REQUIREMENT = "requirement";
  static final String CHANGE = "change";

  private ComplianceChangesJson() {
  }

  static void write(JsonGenerator json, List<ComplianceChanges> frameworks) throws IOException {
    json.writeArrayFieldStart(Keys.COMPLIANCE);
    for (ComplianceChanges framework : frameworks) {
      json.writeStartObject();
      json.writeStringField(Keys.FRAMEWORK, framework.framework());
      json.writeStringField(Keys.PROVIDER, framework.provider().id());
      json.writeNumberField(NEWLY_FAILING, framework.newlyFailing());
      json.writeNumberField(NEWLY_PASSING, framework.newlyPassing());
      json.writeArrayFieldStart(CHANGES);
      for (ComplianceChanges.Change change : framework.changes()) {
        json.writeStartObject();
        json.writeStringField(REQUIREMENT, change.requirement());
        if (change.title() != null) {
          json.writeStringField(Keys.TITLE, change.title());
        }
        json.writeStringField(Keys.ACCOUNT, change.account());
        json.writeStringField(CHANGE, change.failing() ? NEWLY_FAILING : NEWLY_PASSING);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** Reads the array the cursor is before. */
  static List<ComplianceChanges> read(JsonCursor cursor) {
    List<ComplianceChanges> frameworks = new ArrayList<>();
    Sections.readArray(cursor, "an array of compliance changes per framework",
        () -> frameworks.add(framework(cursor)));
    return frameworks;
  }

  private static ComplianceChanges framework(JsonCursor cursor) {
    cursor.requireObject("the compliance changes of a framework (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String framework = null;
    CloudProvider provider = null;
    long failing = 0;
    long passing = 0;
    List<ComplianceChanges.Change> changes = new ArrayList<>();
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case Keys.FRAMEWORK: framework = cursor.string("the framework (a string)"); break;
        case Keys.PROVIDER: provider = cursor.provider("a provider id such as aws"); break;
        case NEWLY_FAILING: failing = cursor.count("a count"); break;
        case NEWLY_PASSING: passing = cursor.count("a count"); break;
        case CHANGES: Sections.readArray(cursor, "an array of requirement changes",
            () -> changes.add(change(cursor))); break;
        default: cursor.skipValue();
      }
    }
    if (framework == null || provider == null) {
      throw cursor.failAt(start, path, "compliance changes with framework and provider",
          "missing " + (framework == null ? Keys.FRAMEWORK : Keys.PROVIDER));
    }
    return new ComplianceChanges(framework, provider, failing, passing, changes);
  }

  private static ComplianceChanges.Change change(JsonCursor cursor) {
    cursor.requireObject("a requirement change (an object)");
    JsonLocation start = cursor.location();
    String path = cursor.path();
    String requirement = null;
    String title = null;
    String account = null;
    String change = null;
    String field;
    while ((field = cursor.nextField()) != null) {
      switch (field) {
        case REQUIREMENT: requirement = cursor.string("the requirement id (a string)"); break;
        case Keys.TITLE: title = cursor.nullableString("the requirement title (a string or null)"); break;
        case Keys.ACCOUNT: account = cursor.string("the account id (a string)"); break;
        case CHANGE: change = cursor.string("newly_failing or newly_passing"); break;
        default: cursor.skipValue();
      }
    }
    if (requirement == null || account == null || change == null) {
      throw cursor.failAt(start, path, "a requirement change with requirement, account and change",
          "missing " + (requirement == null ? REQUIREMENT : account == null ? Keys.ACCOUNT : CHANGE));
    }
    if (!change.equals(NEWLY_FAILING) && !change.equals(NEWLY_PASSING)) {
      throw cursor.failAt(start, path, "change newly_failing or newly_passing", "found '" + change + "'");
    }
    return new ComplianceChanges.Change(requirement, title, account, change.equals(NEWLY_FAILING));
  }
}
