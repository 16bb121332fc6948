package io.secposture.samples.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Not public API: writes the {@code scoutsuite_errors_<name>.json} of a sample run that hit permission errors (the
 * run exited 200): a JSON array, indented by 4, with sorted keys, shaped like the real file (see
 * {@code shared/reference/scoutsuite.md} §2.2).
 */
final class ScoutSuiteSampleErrors {
  private static final String PACKAGES = "/usr/local/lib/python3.11/site-packages";
  private static final List<String[]> AWS = List.of(
      new String[] {"rds", "DescribeDBInstances"}, new String[] {"elasticache", "DescribeCacheClusters"},
      new String[] {"redshift", "DescribeClusters"}, new String[] {"lambda", "ListFunctions"},
      new String[] {"dynamodb", "ListTables"});
  private static final List<String[]> AZURE = List.of(
      new String[] {"sqldatabase", "Microsoft.Sql/servers/read"},
      new String[] {"keyvault", "Microsoft.KeyVault/vaults/read"},
      new String[] {"appservice", "Microsoft.Web/sites/read"});
  private static final List<String[]> GCP = List.of(
      new String[] {"cloudsql", "sqladmin.googleapis.com", "Cloud SQL Admin API"},
      new String[] {"kubernetesengine", "container.googleapis.com", "Kubernetes Engine API"},
      new String[] {"functions", "cloudfunctions.googleapis.com", "Cloud Functions API"});

  private ScoutSuiteSampleErrors() {
  }

  static void write(ScoutSuiteSamplePlan plan, OutputStream out) throws IOException {
    int count = 3 + (int) Math.floorMod(ScoutSuiteSamplePlan.mix(plan.seed ^ 0xE11L), 40L);
    try (JsonGenerator g = ScoutSuiteSampleWriter.pythonIndentedGenerator(out)) {
      g.writeStartArray();
      for (int i = 0; i < count; i++) {
        String[] entry = entry(plan, i);
        g.writeStartObject();
        g.writeNullField("additional_details");
        g.writeStringField("exception", entry[0]);
        g.writeStringField("file", entry[1]);
        g.writeNumberField("line", Integer.parseInt(entry[2]));
        g.writeStringField("traceback", entry[3]);
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    out.write('\n');
  }

  /** Returns exception, file, line and traceback of the i-th error. */
  private static String[] entry(ScoutSuiteSamplePlan plan, int i) {
    String account = plan.accountId;
    switch (plan.catalog.code()) {
      case "aws": {
        String[] api = AWS.get(i % AWS.size());
        String region = plan.catalog.regions().get((i / AWS.size()) % plan.catalog.regions().size());
        String error = "An error occurred (AccessDenied) when calling the " + api[1] + " operation: User:"
            + " arn:aws:iam::" + account + ":user/secposture-audit is not authorized to perform: " + api[0] + ":"
            + api[1] + " on resource: arn:aws:" + api[0] + ":" + region + ":" + account
            + ":* because no identity-based policy allows the " + api[0] + ":" + api[1] + " action";
        String traceback = "Traceback (most recent call last):\n  File \"" + PACKAGES
            + "/ScoutSuite/providers/aws/facade/utils.py\", line 27, in get_all_pages\n    return await"
            + " run_concurrently(lambda: list(paginator.paginate(**paginate_kwargs)))\n  File \"" + PACKAGES
            + "/botocore/client.py\", line 1009, in _make_api_call\n    raise error_class(parsed_response,"
            + " operation_name)\nbotocore.exceptions.ClientError: " + error + "\n";
        return new String[] {"Failed to get all pages from paginator for the " + api[0] + " service: " + error,
            "utils.py", "27", traceback};
      }
      case "azure": {
        String[] api = AZURE.get(i % AZURE.size());
        String error = "(AuthorizationFailed) The client 'secposture-audit' does not have authorization to"
            + " perform action '" + api[1] + "' over scope '/subscriptions/" + account + "' or the scope is invalid.";
        String traceback = "Traceback (most recent call last):\n  File \"" + PACKAGES
            + "/ScoutSuite/providers/azure/facade/" + api[0] + ".py\", line 21, in get_resources\n    return"
            + " await run_concurrently(lambda: list(client.list()))\nazure.core.exceptions.HttpResponseError: "
            + error + "\n";
        return new String[] {"Failed to retrieve " + api[0] + " resources: " + error, api[0] + ".py", "21",
            traceback};
      }
      default: {
        String[] api = GCP.get(i % GCP.size());
        String error = "<HttpError 403 when requesting https://" + api[1] + "/v1/projects/" + account
            + "?alt=json returned \"" + api[2] + " has not been used in project " + account
            + " before or it is disabled.\">";
        String traceback = "Traceback (most recent call last):\n  File \"" + PACKAGES
            + "/ScoutSuite/providers/gcp/facade/" + api[0] + ".py\", line 18, in get_resources\n    response ="
            + " await run_concurrently(lambda: request.execute())\ngoogleapiclient.errors.HttpError: " + error
            + "\n";
        return new String[] {"Failed to retrieve " + api[0] + " resources for project " + account + ": " + error,
            api[0] + ".py", "18", traceback};
      }
    }
  }
}
