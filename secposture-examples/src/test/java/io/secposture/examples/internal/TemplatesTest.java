package io.secposture.examples.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.secposture.core.Shard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The CI templates parse, and what they run is what the job understands: every shard index the orchestrator hands
 * out becomes a distinct shard of the same count, all shards share a run id, and the merge step covers every shard.
 */
class TemplatesTest {
  private static final Path TEMPLATES = Path.of("templates");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode yaml(String name) throws IOException {
    return YAML.readTree(Files.readString(TEMPLATES.resolve(name)));
  }

  /** Reads YAML with its anchors, aliases and merge keys resolved, as CI systems read it. */
  private static JsonNode yamlWithAnchors(String name) throws IOException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Object document = new Yaml(new SafeConstructor(options)).load(Files.readString(TEMPLATES.resolve(name)));
    return JSON.valueToTree(document);
  }

  private static JsonNode json(String name) throws IOException {
    return JSON.readTree(TEMPLATES.resolve(name).toFile());
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  /** Parses {@code run} arguments with the job's own parser and resolves the shard as the job would. */
  private static Shard shardOf(List<String> runArguments, Map<String, String> environment) {
    assertThat(runArguments.get(0)).isEqualTo("run");
    RunCommand command = new RunCommand(environment);
    new CommandLine(command).parseArgs(runArguments.subList(1, runArguments.size()).toArray(String[]::new));
    JobEnvironment job = new JobEnvironment(environment);
    Shard shard = job.shard(command.shard, command.shardCount);
    job.check(List.of());
    return shard;
  }

  private static Set<Shard> shardsFor(List<String> runArguments, String indexVariable, int count) {
    Set<Shard> shards = new HashSet<>();
    for (int index = 0; index < count; index++) {
      shards.add(shardOf(runArguments, Map.of(indexVariable, String.valueOf(index))));
    }
    return shards;
  }

  private static Set<Shard> all(int count) {
    Set<Shard> shards = new HashSet<>();
    for (int index = 0; index < count; index++) {
      shards.add(new Shard(index, count));
    }
    return shards;
  }

  @Test
  void kubernetesIndexedJob_everyCompletionIndexIsOneShardAndThePodsShareTheJobsNameAsRunId() throws IOException {
    JsonNode cronJob = yaml("kubernetes-indexed-job.yaml");
    JsonNode job = cronJob.at("/spec/jobTemplate/spec");
    JsonNode pod = job.at("/template/spec");
    JsonNode container = pod.at("/containers/0");
    List<String> arguments = strings(container.get("args"));
    int completions = job.get("completions").asInt();

    assertThat(cronJob.get("kind").asText()).isEqualTo("CronJob");
    assertThat(job.get("completionMode").asText()).isEqualTo("Indexed");
    assertThat(job.get("parallelism").asInt()).isEqualTo(completions);
    assertThat(pod.get("restartPolicy").asText()).isEqualTo("Never");
    assertThat(shardsFor(arguments, "JOB_COMPLETION_INDEX", completions)).isEqualTo(all(completions));
    assertThat(arguments).contains("--merge-when-complete");
    Map<String, JsonNode> env = new HashMap<>();
    container.get("env").forEach(variable -> env.put(variable.get("name").asText(), variable));
    assertThat(env.get("SECPOSTURE_RUN_ID").at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.labels['batch.kubernetes.io/job-name']");
    assertThat(env).containsKey("SECPOSTURE_PUBLISH");
  }

  @Test
  void githubActionsMatrix_everyMatrixEntryIsOneShardAndTheMergeJobFollowsThemAll() throws IOException {
    JsonNode workflow = yaml("github-actions-shards.yml");
    JsonNode scan = workflow.at("/jobs/scan");
    JsonNode merge = workflow.at("/jobs/merge");
    List<String> matrix = strings(scan.at("/strategy/matrix/shard"));
    String scanRun = null;
    for (JsonNode step : scan.get("steps")) {
      if (step.path("run").asText().contains("secposture.jar run")) {
        scanRun = step.get("run").asText();
      }
    }
    String mergeRun = null;
    for (JsonNode step : merge.get("steps")) {
      if (step.path("run").asText().contains("secposture.jar merge")) {
        mergeRun = step.get("run").asText();
      }
    }

    assertThat(workflow.at("/permissions/id-token").asText()).isEqualTo("write");
    assertThat(workflow.at("/env/SECPOSTURE_RUN_ID").asText()).contains("${{ github.run_id }}");
    assertThat(scan.at("/strategy/fail-fast").asBoolean(true)).isFalse();
    assertThat(scanRun).isNotNull();
    Set<Shard> shards = new HashSet<>();
    for (String index : matrix) {
      String command = scanRun.replace("${{ matrix.shard }}", index);
      List<String> arguments = List.of(command.substring(command.indexOf(" run ") + 1).split(" "));
      shards.add(shardOf(arguments, Map.of()));
    }
    assertThat(shards).isEqualTo(all(matrix.size()));
    assertThat(merge.get("needs").asText()).isEqualTo("scan");
    assertThat(merge.get("if").asText()).contains("always()");
    assertThat(mergeRun).contains("merge --shards --shard-count " + matrix.size());
  }

  @Test
  void bitbucketPipelines_weeklyStepAssumesThePipelineRoleWithItsOidcTokenAndRunsTheJob() throws IOException {
    JsonNode pipelines = yamlWithAnchors("bitbucket-pipelines.yml").get("pipelines");
    JsonNode step = pipelines.at("/custom/secposture-weekly/0/step");
    List<String> script = strings(step.get("script"));

    assertThat(step.get("oidc").asBoolean()).isTrue();
    assertWritesTheOidcTokenForTheAwsSdk(script);
    String run = script.get(script.size() - 1);
    List<String> arguments = List.of(run.substring(run.indexOf(" run ") + 1).split(" "));
    RunCommand command = new RunCommand(Map.of());
    new CommandLine(command).parseArgs(arguments.subList(1, arguments.size()).toArray(String[]::new));
    assertThat(command.discover).containsExactly("aws-org");
    assertThat(command.shard).isNull();
  }

  @Test
  void bitbucketPipelines_everyParallelStepIsOneShardAndTheMergeStepCoversThemAll() throws IOException {
    JsonNode sharded = yamlWithAnchors("bitbucket-pipelines.yml").at("/pipelines/custom/secposture-weekly-sharded");
    JsonNode parallel = sharded.at("/0/parallel/steps");
    JsonNode merge = sharded.at("/1/step");
    int count = parallel.size();

    Set<Shard> shards = new HashSet<>();
    for (int index = 0; index < count; index++) {
      JsonNode step = parallel.get(index).get("step");
      assertThat(step.get("oidc").asBoolean()).isTrue();
      List<String> script = strings(step.get("script"));
      assertWritesTheOidcTokenForTheAwsSdk(script);
      String run = script.get(script.size() - 1);
      assertThat(run).endsWith("|| [ $? -eq 3 ]");
      String command = run.substring(run.indexOf(" run ") + 1, run.indexOf(" ||"))
          .replace("\"$BITBUCKET_PARALLEL_STEP/$BITBUCKET_PARALLEL_STEP_COUNT\"", index + "/" + count);
      shards.add(shardOf(List.of(command.split(" ")), Map.of()));
    }
    assertThat(shards).isEqualTo(all(count));
    List<String> mergeScript = strings(merge.get("script"));
    assertWritesTheOidcTokenForTheAwsSdk(mergeScript);
    assertThat(mergeScript.get(mergeScript.size() - 1)).endsWith("merge --shards --shard-count " + count);
    assertThat(mergeScript).contains("export SECPOSTURE_RUN_ID=\"bb-$BITBUCKET_BUILD_NUMBER\"");
    assertThat(strings(parallel.get(0).get("step").get("script")))
        .contains("export SECPOSTURE_RUN_ID=\"bb-$BITBUCKET_BUILD_NUMBER\"");
  }

  private static void assertWritesTheOidcTokenForTheAwsSdk(List<String> script) {
    assertThat(script).startsWith(
        "export AWS_WEB_IDENTITY_TOKEN_FILE=\"$BITBUCKET_CLONE_DIR/.aws-web-identity-token\"",
        "printf '%s' \"$BITBUCKET_STEP_OIDC_TOKEN\" > \"$AWS_WEB_IDENTITY_TOKEN_FILE\"");
    assertThat(script).noneMatch(line -> line.contains("AWS_SECRET_ACCESS_KEY") || line.contains("AWS_ACCESS_KEY_ID"));
  }

  @Test
  void awsBatchArrayJob_everyArrayIndexIsOneShardOfTheSubmittedSizeWithTheSubmittedRunId() throws IOException {
    JsonNode definition = json("aws-batch-job-definition.json");
    JsonNode submit = json("aws-batch-array-job.json");
    List<String> command = strings(definition.at("/containerProperties/command"));
    List<String> arguments = command.subList(command.indexOf("run"), command.size());
    int size = submit.at("/arrayProperties/size").asInt();

    assertThat(submit.get("jobDefinition").asText()).isEqualTo(definition.get("jobDefinitionName").asText());
    assertThat(shardsFor(arguments, "AWS_BATCH_JOB_ARRAY_INDEX", size)).isEqualTo(all(size));
    assertThat(arguments).contains("--merge-when-complete");
    assertThat(arguments.get(arguments.indexOf("--run-id") + 1)).isEqualTo("Ref::runId");
    assertThat(submit.at("/parameters/runId").asText()).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    assertThat(definition.at("/parameters/runId").isTextual()).isTrue();
  }

  @Test
  void memberRole_readOnlyTrustingOnlyThePipelineWithTheExternalId() throws IOException {
    JsonNode template = yaml("aws-member-role.yaml");
    JsonNode role = template.at("/Resources/AuditRole/Properties");
    JsonNode trust = role.at("/AssumeRolePolicyDocument/Statement/0");

    assertThat(trust.at("/Principal/AWS/Ref").asText()).isEqualTo("PipelineRoleArn");
    assertThat(trust.get("Action").asText()).isEqualTo("sts:AssumeRole");
    assertThat(trust.at("/Condition/StringEquals/sts:ExternalId/Ref").asText()).isEqualTo("ExternalId");
    assertThat(role.get("MaxSessionDuration").asInt()).isEqualTo(3600);
    assertThat(role.at("/RoleName/Ref").asText()).isEqualTo("RoleName");
    assertThat(template.at("/Parameters/RoleName/Default").asText()).isEqualTo("SecpostureAudit");
    List<String> managed = new ArrayList<>();
    role.get("ManagedPolicyArns").forEach(arn -> managed.add(arn.get("Fn::Sub").asText()));
    assertThat(managed).containsExactly("arn:${AWS::Partition}:iam::aws:policy/SecurityAudit",
        "arn:${AWS::Partition}:iam::aws:policy/job-function/ViewOnlyAccess");
    Pattern readOnly = Pattern.compile("[a-z0-9-]+:(Get|Describe|List)[A-Za-z*]*");
    role.at("/Policies/0/PolicyDocument/Statement/0/Action").forEach(action ->
        assertThat(readOnly.matcher(action.asText()).matches()).as(action.asText()).isTrue());
  }

  @Test
  void stackSetAndPipelineRole_deployTheMemberRoleEverywhereAndAllowAssumingItByName() throws IOException {
    JsonNode stackSet = yaml("aws-member-role-stackset.yaml").at("/Resources/MemberRoles/Properties");
    JsonNode pipeline = yaml("aws-pipeline-role.yaml").at("/Resources/PipelineRole/Properties");
    Set<String> passed = new HashSet<>();
    stackSet.get("Parameters").forEach(parameter -> passed.add(parameter.get("ParameterKey").asText()));
    Set<String> memberParameters = new HashSet<>();
    yaml("aws-member-role.yaml").get("Parameters").properties().forEach(entry -> memberParameters.add(entry.getKey()));

    assertThat(stackSet.get("PermissionModel").asText()).isEqualTo("SERVICE_MANAGED");
    assertThat(stackSet.at("/AutoDeployment/Enabled").asBoolean()).isTrue();
    assertThat(passed).isEqualTo(memberParameters);
    JsonNode assume = pipeline.at("/Policies/0/PolicyDocument/Statement/0");
    assertThat(assume.get("Action").asText()).isEqualTo("sts:AssumeRole");
    Matcher resource = Pattern.compile("arn:\\$\\{AWS::Partition}:iam::\\*:role/\\$\\{AuditRoleName}")
        .matcher(assume.at("/Resource/Fn::Sub").asText());
    assertThat(resource.matches()).isTrue();
    assertThat(pipeline.at("/AssumeRolePolicyDocument/Statement/0/Action").asText())
        .isEqualTo("sts:AssumeRoleWithWebIdentity");
  }
}
