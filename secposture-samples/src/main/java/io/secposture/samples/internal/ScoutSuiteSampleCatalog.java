package io.secposture.samples.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Not public API: the services, resource kinds and rules that ScoutSuite samples are made of, per provider. Rule
 * keys, levels, descriptions, paths and id suffixes follow ScoutSuite 5.14's default rulesets (see
 * {@code shared/reference/scoutsuite.md}); the resources are made up.
 */
final class ScoutSuiteSampleCatalog {

  /** Where a kind's resources live in a service's tree. */
  enum Scope {
    /** {@code <svc>.<kind>.<id>}. */
    GLOBAL,
    /** {@code <svc>.regions.<region>.<kind>.<id>} (aws). */
    REGION,
    /** {@code <svc>.regions.<region>.vpcs.<vpc>.<kind>.<id>} (aws). */
    VPC,
    /** The regions themselves are the resources: {@code <svc>.regions.<region>} (aws). */
    REGION_ITSELF,
    /** {@code <svc>.subscriptions.<subscription>.<kind>.<id>} (azure). */
    SUBSCRIPTION,
    /** {@code <svc>.projects.<project>.<kind>.<id>} (gcp). */
    PROJECT,
    /** {@code <svc>.projects.<project>.zones.<zone>.<kind>.<id>} (gcp). */
    ZONE
  }

  /**
   * One resource kind of a service.
   *
   * @param name the key of the kind's map, e.g. {@code volumes}
   * @param scope where its resources live
   * @param idPrefix what every id starts with, e.g. {@code vol-}
   * @param idHexDigits how many hex digits follow the prefix (the first 8 encode the index, so ids sort by index)
   * @param upperCaseId whether the hex digits are upper case
   * @param base how many resources the kind has at scale 1
   * @param extras further attributes written into every resource, by name; values are picked by resource index
   */
  record Kind(String name, Scope scope, String idPrefix, int idHexDigits, boolean upperCaseId, int base,
      Map<String, List<Object>> extras) {
    Kind {
      Objects.requireNonNull(name, "name");
      extras = Map.copyOf(extras);
    }
  }

  /**
   * One rule (a ScoutSuite "finding" definition).
   *
   * @param key the rule key
   * @param level {@code danger} or {@code warning}
   * @param description the title
   * @param rationale why it matters
   * @param remediation how to fix it; nullable
   * @param compliance {@code {name, version, reference}} triples; empty for {@code null}
   * @param reference a documentation URL; nullable for {@code null}
   * @param dashboard the dashboard name
   * @param kind the kind it checks; nullable for a rule that checked nothing in these samples
   * @param path the rule's path pattern, e.g. {@code ec2.regions.id.volumes.id}
   * @param displayPath the display path pattern; nullable
   * @param idSuffix the attribute appended to every item; nullable
   * @param itemTail extra path components appended to the resource path instead of the id suffix; nullable
   * @param flaggedValue the value the resource's {@code idSuffix} attribute holds when the rule flags it
   * @param weight how likely a resource is flagged, relative to the other rules (0 means never)
   */
  record Rule(String key, String level, String description, String rationale, String remediation,
      List<String[]> compliance, String reference, String dashboard, Kind kind, String path, String displayPath,
      String idSuffix, String itemTail, boolean flaggedValue, double weight) {
    Rule {
      Objects.requireNonNull(key, "key");
      compliance = List.copyOf(compliance);
    }
  }

  /**
   * One service.
   *
   * @param name the service key, e.g. {@code ec2}
   * @param displayName the name ScoutSuite shows, e.g. {@code EC2}
   * @param group the metadata group, e.g. {@code compute}
   * @param kinds its resource kinds
   * @param rules its rules, sorted by key
   */
  record Service(String name, String displayName, String group, List<Kind> kinds, List<Rule> rules) {
    Service {
      kinds = List.copyOf(kinds);
      List<Rule> sorted = new ArrayList<>(rules);
      sorted.sort(Comparator.comparing(Rule::key));
      rules = List.copyOf(sorted);
    }
  }

  /**
   * One provider's catalog.
   *
   * @param code {@code aws}, {@code azure} or {@code gcp}
   * @param displayName the provider name as ScoutSuite writes it
   * @param regions the aws regions (sorted); empty for the others
   * @param zones the gcp zones (sorted); empty for the others
   * @param services every service, sorted by name
   * @param serviceList the services in ScoutSuite's definition order
   */
  record Catalog(String code, String displayName, List<String> regions, List<String> zones,
      List<Service> services, List<String> serviceList) {
    Catalog {
      regions = List.copyOf(regions);
      zones = List.copyOf(zones);
      List<Service> sorted = new ArrayList<>(services);
      sorted.sort(Comparator.comparing(Service::name));
      services = List.copyOf(sorted);
      serviceList = List.copyOf(serviceList);
    }
  }

  private static final String CIS_AWS = "CIS Amazon Web Services Foundations";
  private static final String CIS_AZURE = "CIS Microsoft Azure Foundations";
  private static final String CIS_GCP = "CIS Google Cloud Platform Foundations";

  private ScoutSuiteSampleCatalog() {
  }

  /**
   * Returns the catalog of a provider.
   *
   * @param code {@code aws}, {@code azure} or {@code gcp}
   * @return the catalog
   * @throws IllegalArgumentException for any other provider
   */
  static Catalog of(String code) {
    switch (code) {
      case "aws": return aws();
      case "azure": return azure();
      case "gcp": return gcp();
      default:
        throw new IllegalArgumentException("ScoutSuite samples exist for aws, azure and gcp, not '" + code + "'");
    }
  }

  private static List<String[]> cis(String name, String... versionAndReference) {
    List<String[]> refs = new ArrayList<>();
    for (int i = 0; i + 1 < versionAndReference.length; i += 2) {
      refs.add(new String[] {name, versionAndReference[i], versionAndReference[i + 1]});
    }
    return refs;
  }

  private static Rule rule(String key, String level, String description, String rationale, String remediation,
      List<String[]> compliance, String reference, String dashboard, Kind kind, String service, String displayPath,
      String idSuffix, boolean flaggedValue, double weight) {
    return new Rule(key, level, description, rationale, remediation, compliance, reference, dashboard, kind,
        pathOf(service, kind), displayPath, idSuffix, null, flaggedValue, weight);
  }

  private static Rule zero(String key, String level, String description, String path, String idSuffix) {
    return new Rule(key, level, description, description + " weakens the account's security posture.", null,
        List.of(), null, "Resources", null, path, null, idSuffix, null, true, 0);
  }

  /** The rule path pattern of a kind, e.g. {@code ec2.regions.id.vpcs.id.instances.id}. */
  static String pathOf(String service, Kind kind) {
    switch (kind.scope()) {
      case GLOBAL: return service + "." + kind.name() + ".id";
      case REGION: return service + ".regions.id." + kind.name() + ".id";
      case VPC: return service + ".regions.id.vpcs.id." + kind.name() + ".id";
      case REGION_ITSELF: return service + ".regions.id";
      case SUBSCRIPTION: return service + ".subscriptions.id." + kind.name() + ".id";
      case PROJECT: return service + ".projects.id." + kind.name() + ".id";
      case ZONE: return service + ".projects.id.zones.id." + kind.name() + ".id";
      default: throw new IllegalStateException("unknown scope " + kind.scope());
    }
  }

  private static Catalog aws() {
    Kind volumes = new Kind("volumes", Scope.REGION, "vol-", 17, false, 24, Map.of(
        "State", List.of("in-use", "available"), "VolumeType", List.of("gp3", "gp2", "io1"),
        "Size", List.of(8, 20, 100, 500), "Iops", List.of(100, 3000), "MultiAttachEnabled", List.of(false)));
    Kind snapshots = new Kind("snapshots", Scope.REGION, "snap-", 17, false, 8, Map.of(
        "State", List.of("completed"), "VolumeSize", List.of(8, 20, 100), "StorageTier", List.of("standard")));
    Kind instances = new Kind("instances", Scope.VPC, "i-", 17, false, 20, Map.of(
        "InstanceType", List.of("t3.micro", "m5.large", "c6g.xlarge"), "State", List.of("running", "stopped"),
        "monitoring_enabled", List.of(false, true), "reservation_id", List.of("r-0a1b2c3d4e5f60718")));
    Kind securityGroups = new Kind("security_groups", Scope.VPC, "sg-", 17, false, 20, Map.of(
        "description", List.of("default VPC security group", "web tier", "database tier"),
        "owner_id", List.of("self")));
    Kind subnets = new Kind("subnets", Scope.VPC, "subnet-", 17, false, 34, Map.of(
        "AvailableIpAddressCount", List.of(4091, 251, 8187), "CidrBlock", List.of("172.31.0.0/20", "10.0.1.0/24"),
        "MapPublicIpOnLaunch", List.of(true, false), "State", List.of("available")));
    Kind keys = new Kind("keys", Scope.REGION, "", 32, false, 6, Map.of(
        "key_manager", List.of("CUSTOMER"), "key_state", List.of("Enabled"), "origin", List.of("AWS_KMS")));
    Kind queues = new Kind("queues", Scope.REGION, "queue-", 16, false, 8, Map.of(
        "DelaySeconds", List.of(0), "MessageRetentionPeriod", List.of(345600, 1209600),
        "VisibilityTimeout", List.of(30, 300)));
    Kind rdsInstances = new Kind("instances", Scope.VPC, "db-", 20, true, 6, Map.of(
        "DBInstanceClass", List.of("db.t3.medium", "db.r6g.large"), "Engine", List.of("postgres", "mysql"),
        "EngineVersion", List.of("15.4", "8.0.35"), "MultiAZ", List.of(true, false)));
    Kind buckets = new Kind("buckets", Scope.GLOBAL, "", 40, false, 14, Map.of(
        "region", List.of("us-east-1", "eu-west-1"), "web_hosting_enabled", List.of(false),
        "public_access_block_configuration", List.of(true)));
    Kind users = new Kind("users", Scope.GLOBAL, "AIDA", 17, true, 16, Map.of(
        "Path", List.of("/"), "groups", List.of("admins", "developers", "auditors")));
    Kind roles = new Kind("roles", Scope.GLOBAL, "AROA", 17, true, 16, Map.of(
        "Path", List.of("/", "/service-role/"), "MaxSessionDuration", List.of(3600, 43200)));
    Kind policies = new Kind("policies", Scope.GLOBAL, "ANPA", 17, true, 10, Map.of(
        "DefaultVersionId", List.of("v1", "v2", "v3"), "PolicyName", List.of("ReadOnly", "DeployAccess")));
    Kind trailRegions = new Kind("regions", Scope.REGION_ITSELF, "", 0, false, 0, Map.of());
    Kind configRegions = new Kind("regions", Scope.REGION_ITSELF, "", 0, false, 0, Map.of());

    List<Service> services = new ArrayList<>();
    services.add(new Service("cloudtrail", "CloudTrail", "management", List.of(trailRegions), List.of(
        rule("cloudtrail-not-configured", "danger", "CloudTrail Service Not Configured",
            "CloudTrail is not configured, which means that API activity is not logged.", null, List.of(),
            "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html", "Regions",
            trailRegions, "cloudtrail", null, "NotConfigured", true, 0.5),
        zero("cloudtrail-no-log-file-validation", "danger", "Log File Validation Is Disabled",
            "cloudtrail.regions.id.trails.id", "LogFileValidationDisabled"))));
    services.add(new Service("config", "Config", "management", List.of(configRegions), List.of(
        rule("config-recorder-not-configured", "warning", "AWS Config Not Enabled",
            "No AWS Config recorders are configured, which means that changes in AWS resource configuration are not"
                + " logged. This hinders security analysis, resource change tracking and compliance auditing.",
            "Enable AWS Config in all regions, define the resources you want to record in each region and include"
                + " global resources (IAM resources)", cis(CIS_AWS, "1.2.0", "2.5"),
            "https://aws.amazon.com/blogs/mt/aws-config-best-practices/", "Regions", configRegions, "config", null,
            "NotConfigured", true, 0.6))));
    services.add(new Service("ec2", "EC2", "compute", List.of(volumes, snapshots, instances, securityGroups),
        List.of(
            rule("ec2-ebs-volume-not-encrypted", "danger", "EBS Volume Not Encrypted",
                "Enabling encryption of EBS volumes ensures that data is encrypted both at-rest and in-transit"
                    + " (between an instance and its attached EBS storage).", null, List.of(),
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/EBSEncryption.html", "Volumes", volumes, "ec2",
                null, "encrypted", false, 0.3),
            rule("ec2-ebs-snapshot-not-encrypted", "danger", "EBS Snapshot Not Encrypted",
                "Enabling encryption of EBS snapshots ensures that data is encrypted at rest.", null, List.of(),
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/EBSEncryption.html", "Snapshots", snapshots,
                "ec2", null, "encrypted", false, 0.2),
            rule("ec2-instance-with-user-data-secrets", "danger", "Potential Secret in Instance User Data",
                "It was detected that the EC2 instance was configured with user data, which could potentially"
                    + " include secrets. Although user data can only be accessed from within the instance itself,"
                    + " the data is not protected by cryptographic methods.",
                "Avoid storing secrets in user data; use AWS Secrets Manager or Parameter Store instead.", List.of(),
                "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-metadata.html", "Instances",
                instances, "ec2", null, "potential_secrets", true, 0.1),
            rule("ec2-default-security-group-in-use", "warning", "Default Security Groups in Use",
                "The default security group is in use; new resources get its permissive rules by default.", null,
                cis(CIS_AWS, "1.2.0", "4.3"), null, "Security Groups", securityGroups, "ec2", null,
                "default_in_use", true, 0.3),
            new Rule("ec2-security-group-opens-all-ports-to-all", "danger", "Security Group Opens All Ports to All",
                "It was detected that all ports in the security group are open to any source IP address, which"
                    + " creates a wider attack surface for resources assigned to it.", null,
                cis(CIS_AWS, "1.2.0", "4.1", "1.2.0", "4.2"), null, "Rules", securityGroups,
                "ec2.regions.id.vpcs.id.security_groups.id.rules.id.protocols.id.ports.id.cidrs.id.CIDR",
                "ec2.regions.id.vpcs.id.security_groups.id", null,
                "rules.ingress.protocols.ALL.ports.1-65535.cidrs.0.CIDR", true, 0.15),
            zero("ec2-ami-public", "danger", "Publicly Accessible AMI", "ec2.regions.id.images.id",
                "image_is_public"))));
    services.add(new Service("iam", "IAM", "security", List.of(users, roles, policies), List.of(
        rule("iam-user-without-mfa", "danger", "User without MFA",
            "All IAM users should have MFA enabled to protect their accounts from credential theft.",
            "Enable MFA for every IAM user with console access.", cis(CIS_AWS, "1.2.0", "1.2"),
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html", "Users", users, "iam", null,
            "mfa_enabled", false, 0.4),
        rule("iam-user-with-inline-policies", "warning", "User with inline Policies",
            "Inline policies are harder to audit and manage than managed policies attached to groups.", null,
            cis(CIS_AWS, "1.2.0", "1.16"), null, "Users", users, "iam", null, "inline_policies", true, 0.25),
        rule("iam-role-with-inline-policies", "warning", "Role with Inline Policies",
            "Inline policies are harder to audit and manage than managed policies.", null, List.of(), null,
            "Roles", roles, "iam", null, "inline_policies", true, 0.3),
        new Rule("iam-managed-policy-no-attachments", "warning", "Managed Policy Not Attached to Any Entity",
            "Customer managed policies that are not attached to any entity add noise to permission reviews.", null,
            List.of(), null, "Policies", policies, "iam.policies.id", "iam.policies.id", null, null, true, 0.2),
        zero("iam-root-account-no-mfa", "danger", "Root Account without MFA", "iam.credential_reports.id",
            "mfa_active"))));
    services.add(new Service("kms", "KMS", "security", List.of(keys), List.of(
        rule("kms-cmk-rotation-disabled", "warning", "KMS Customer Master Keys (CMKs) with Rotation Disabled",
            "Cryptographic best practices discourage extensive reuse of encryption keys.",
            "Enable automatic key rotation for every customer managed key.", cis(CIS_AWS, "1.2.0", "2.8"),
            "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html", "Keys", keys, "kms",
            "kms.regions.id.keys.id", "rotation_enabled", false, 0.35))));
    services.add(new Service("rds", "RDS", "database", List.of(rdsInstances), List.of(
        rule("rds-instance-backup-disabled", "danger", "Instance Backups Disabled",
            "Backups should be enabled to be able to restore data after an incident.", null, List.of(),
            "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
            "Instances", rdsInstances, "rds", null, "BackupRetentionPeriod", true, 0.15),
        rule("rds-instance-publicly-accessible", "danger", "RDS Instance Publicly Accessible",
            "Instances should not be publicly accessible, to reduce the attack surface.", null, List.of(), null,
            "Instances", rdsInstances, "rds", null, "PubliclyAccessible", true, 0.1),
        rule("rds-instance-storage-not-encrypted", "warning", "Instance Storage Not Encrypted",
            "Encrypting the storage of database instances protects data at rest.", null, List.of(), null,
            "Instances", rdsInstances, "rds", null, "StorageEncrypted", false, 0.3))));
    services.add(new Service("s3", "S3", "storage", List.of(buckets), List.of(
        rule("s3-bucket-allowing-cleartext", "warning", "Bucket Allowing Clear Text (HTTP) Communication",
            "Buckets should require encrypted transport (TLS) for every request.", null,
            cis(CIS_AWS, "1.2.0", "2.1.2"), null, "Buckets", buckets, "s3", null, "secure_transport_enabled",
            false, 0.35),
        rule("s3-bucket-no-default-encryption", "warning", "Bucket without Default Encryption Enabled",
            "Default encryption ensures that every object written to the bucket is encrypted at rest.", null,
            List.of(), null, "Buckets", buckets, "s3", null, "default_encryption_enabled", false, 0.25),
        rule("s3-bucket-no-logging", "warning", "Bucket Access Logging Disabled",
            "Server access logging provides detailed records of the requests made to a bucket.", null,
            cis(CIS_AWS, "1.2.0", "2.6"), "https://docs.aws.amazon.com/AmazonS3/latest/dev/ServerLogs.html",
            "Buckets", buckets, "s3", null, "logging", false, 0.45),
        rule("s3-bucket-no-mfa-delete", "warning", "Bucket without MFA Delete",
            "MFA Delete protects versioned objects from accidental or malicious deletion.", null, List.of(), null,
            "Buckets", buckets, "s3", null, "mfa_delete", false, 0.4),
        rule("s3-bucket-no-versioning", "warning", "Bucket without Versioning",
            "Versioning keeps every version of an object, so data can be recovered after a mistake.", null,
            List.of(), null, "Buckets", buckets, "s3", null, "versioning", false, 0.3))));
    services.add(new Service("sqs", "SQS", "messaging", List.of(queues), List.of(
        rule("sqs-queue-server-side-encryption-disabled", "warning", "Queue with Encryption Disabled",
            "Server-side encryption protects the content of messages at rest.", null, List.of(), null, "Queues",
            queues, "sqs", "sqs.regions.id.queues.id", "server-side-encryption-disabled", true, 0.3))));
    services.add(new Service("vpc", "VPC", "network", List.of(subnets), List.of(
        rule("vpc-subnet-without-flow-log", "warning", "Subnet without a Flow Log",
            "Flow logs record the traffic of a subnet, which helps investigating incidents.", null,
            cis(CIS_AWS, "1.2.0", "2.9"), null, "Subnets", subnets, "vpc", null, "no_flowlog", true, 0.5))));
    services.add(zeroService("acm", "ACM", "security", zero("acm-certificate-with-close-expiration-date",
        "warning", "ACM Certificate Expiring in Less Than 7 Days", "acm.regions.id.certificates.id", "NotAfter")));
    services.add(zeroService("awslambda", "Lambda", "compute", zero("awslambda-function-no-dead-letter-queue",
        "warning", "Function without Dead Letter Queue", "awslambda.regions.id.functions.id", null)));
    services.add(zeroService("cloudformation", "CloudFormation", "management", zero(
        "cloudformation-stack-with-role", "danger", "Role Passed to Stack", "cloudformation.regions.id.stacks.id",
        null)));
    services.add(zeroService("cloudfront", "CloudFront", "network", zero("cloudfront-distribution-insecure-origin",
        "warning", "Content Distribution with Insecure Origin TLS Policy", "cloudfront.distributions.id",
        "minimum_ssl_version")));
    services.add(zeroService("cloudwatch", "CloudWatch", "management", zero("cloudwatch-alarm-without-actions",
        "warning", "Alarm without Action", "cloudwatch.regions.id.alarms.id", "NoActions")));
    services.add(zeroService("codebuild", "CodeBuild", "compute", zero("codebuild-project-privileged-mode",
        "warning", "Project in Privileged Mode", "codebuild.regions.id.build_projects.id", null)));
    services.add(zeroService("directconnect", "Direct Connect", "network", zero(
        "directconnect-connection-no-encryption", "warning", "Connection without MACsec",
        "directconnect.regions.id.connections.id", null)));
    services.add(zeroService("dynamodb", "DynamoDB", "database", zero("dynamodb-table-backup-disabled", "warning",
        "Table without Point-in-time Recovery", "dynamodb.regions.id.tables.id", null)));
    services.add(zeroService("efs", "EFS", "storage", zero("efs-filesystem-not-encrypted", "warning",
        "File System Not Encrypted", "efs.regions.id.file_systems.id", null)));
    services.add(zeroService("elasticache", "ElastiCache", "database", zero(
        "elasticache-redis-cluster-no-encryption-at-rest", "warning", "Cluster without Encryption at Rest",
        "elasticache.regions.id.vpcs.id.clusters.id", null)));
    services.add(zeroService("elb", "ELB", "compute", zero("elb-no-access-logs", "warning",
        "Load Balancer without Access Logs", "elb.regions.id.vpcs.id.elbs.id", null)));
    services.add(zeroService("elbv2", "ELBv2", "compute", zero("elbv2-no-deletion-protection", "warning",
        "Load Balancer without Deletion Protection", "elbv2.regions.id.vpcs.id.lbs.id", null)));
    services.add(zeroService("emr", "EMR", "analytics", zero("emr-cluster-no-security-configuration", "warning",
        "Cluster without Security Configuration", "emr.regions.id.vpcs.id.clusters.id", null)));
    services.add(zeroService("redshift", "Redshift", "database", zero("redshift-cluster-publicly-accessible",
        "warning", "Cluster Publicly Accessible", "redshift.regions.id.vpcs.id.clusters.id", "PubliclyAccessible")));
    services.add(zeroService("route53", "Route 53", "network", zero("route53-domain-no-autorenew", "danger",
        "Automatic Renewal Not Set for Domain", "route53.regions.id.domains.id", "auto_renew")));
    services.add(zeroService("secretsmanager", "Secrets Manager", "security", zero(
        "secretsmanager-secret-no-rotation", "warning", "Secret without Rotation",
        "secretsmanager.regions.id.secrets.id", null)));
    services.add(zeroService("ses", "SES", "messaging", zero("ses-identity-dkim-not-enabled", "warning",
        "DKIM Not Enabled", "ses.regions.id.identities.id", null)));
    services.add(zeroService("sns", "SNS", "messaging", zero("sns-topic-world-Publish-policy", "danger",
        "Publish Authorized to All Principals", "sns.regions.id.topics.id.Policy.Statement.id", null)));
    List<String> regions = List.of("ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2",
        "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2");
    List<String> serviceList = List.of("acm", "awslambda", "cloudformation", "cloudtrail", "cloudwatch",
        "cloudfront", "codebuild", "config", "directconnect", "dynamodb", "ec2", "efs", "elasticache", "elb",
        "elbv2", "emr", "iam", "kms", "rds", "redshift", "route53", "s3", "ses", "sns", "sqs", "vpc",
        "secretsmanager");
    return new Catalog("aws", "Amazon Web Services", regions, List.of(), services, serviceList);
  }

  private static Service zeroService(String name, String displayName, String group, Rule rule) {
    return new Service(name, displayName, group, List.of(), List.of(rule));
  }

  private static Catalog azure() {
    Kind storageAccounts = new Kind("storage_accounts", Scope.SUBSCRIPTION, "", 40, false, 40, Map.of(
        "kind", List.of("StorageV2", "BlobStorage"), "location", List.of("westeurope", "northeurope", "eastus"),
        "access_tier", List.of("Hot", "Cool"), "public_traffic_allowed", List.of(false, true)));
    Kind disks = new Kind("disks", Scope.SUBSCRIPTION, "", 40, false, 50, Map.of(
        "location", List.of("westeurope", "eastus"), "disk_size_gb", List.of(32, 128, 512),
        "sku", List.of("Premium_LRS", "StandardSSD_LRS")));
    Kind vaults = new Kind("vaults", Scope.SUBSCRIPTION, "", 40, false, 12, Map.of(
        "location", List.of("westeurope", "eastus"), "sku", List.of("standard", "premium")));
    Kind securityGroups = new Kind("security_groups", Scope.SUBSCRIPTION, "", 40, false, 30, Map.of(
        "location", List.of("westeurope", "eastus"), "provisioning_state", List.of("Succeeded")));
    Kind servers = new Kind("servers", Scope.SUBSCRIPTION, "", 40, false, 10, Map.of(
        "location", List.of("westeurope", "eastus"), "version", List.of("12.0")));
    Kind webApps = new Kind("web_apps", Scope.SUBSCRIPTION, "", 40, false, 20, Map.of(
        "location", List.of("westeurope", "eastus"), "state", List.of("Running", "Stopped"),
        "programming_language", List.of("python", "java", "dotnet")));
    List<Service> services = new ArrayList<>();
    services.add(new Service("storageaccounts", "Storage Accounts", "storage", List.of(storageAccounts), List.of(
        rule("storageaccount-account-allowing-clear-text", "warning", "Secure Transfer (HTTPS) Not Enforced",
            "The secure transfer option enhances the security of a storage account by only allowing requests to the"
                + " storage account by a secure connection.",
            "In the Azure console, set Secure transfer required to Enabled for each storage account.",
            cis(CIS_AZURE, "1.1.0", "3.1"),
            "https://docs.microsoft.com/en-us/azure/storage/common/storage-require-secure-transfer", "Accounts",
            storageAccounts, "storageaccounts", null, "https_traffic_enabled", false, 0.3),
        rule("storageaccount-encrypted-not-customer-managed", "warning",
            "Storage Accounts Encrypted with Microsoft Managed Keys",
            "Customer managed keys give more control over the keys that protect the data.", null,
            cis(CIS_AZURE, "1.2.0", "3.9"), null, "Accounts", storageAccounts, "storageaccounts", null,
            "encryption_key_customer_managed", false, 0.5),
        rule("storageaccount-public-blob-container", "danger", "Blob Containers Allowing Public Access",
            "Anonymous, public read access to a container and its blobs can be enabled; it should not be.", null,
            cis(CIS_AZURE, "1.1.0", "3.6"), null, "Accounts", storageAccounts, "storageaccounts", null,
            "public_blob_container", true, 0.1))));
    services.add(new Service("virtualmachines", "Virtual Machines", "compute", List.of(disks), List.of(
        rule("virtual-machines-disk-encryption", "warning", "Disks Lacking Encryption",
            "Encrypting disks ensures that their entire content is fully unrecoverable without a key and thus"
                + " protects the volume from unwarranted reads.", "Ensure that disks are encrypted, where possible.",
            cis(CIS_AZURE, "1.1.0", "7.1", "1.1.0", "7.2"), null, "Disks", disks, "virtualmachines", null,
            "encryption_type", true, 0.3))));
    services.add(new Service("keyvault", "Key Vault", "security", List.of(vaults), List.of(
        rule("keyvault-not-recoverable", "warning", "Key Vault Not Recoverable",
            "Deleting or purging a key vault leads to immediate data loss; recovery protection prevents it.", null,
            cis(CIS_AZURE, "1.2.0", "8.5"), null, "Keys", vaults, "keyvault", null, "recovery_protection_enabled",
            false, 0.4),
        rule("keyvault-rbac-authorization-disabled", "warning", "Role Based Access Control Disabled",
            "Role based access control gives finer control over who can manage a key vault.", null, List.of(), null,
            "Keys", vaults, "keyvault", null, "rbac_authorization_enabled", false, 0.3))));
    services.add(new Service("network", "Network", "network", List.of(securityGroups), List.of(
        new Rule("network-security-groups-rule-inbound-SSH", "danger", "Security Group Rules Allowing Inbound SSH Access",
            "SSH (port 22) inbound access should not be allowed to a network security group.", null,
            cis(CIS_AZURE, "1.2.0", "6.2"), null, "NSGs", securityGroups,
            "network.subscriptions.id.security_groups.id.security_rules.id",
            "network.subscriptions.id.security_groups.id", null, "security_rules.allow-ssh-inbound", true, 0.15))));
    services.add(new Service("sqldatabase", "SQL Database", "database", List.of(servers), List.of(
        rule("sqldatabase-servers-no-ad-admin-configured", "warning", "Azure Active Directory Admin Not Configured",
            "An Azure AD administrator allows central management of database identities.", null,
            cis(CIS_AZURE, "1.2.0", "4.4"), null, "SQL Servers", servers, "sqldatabase", null, "ad_admin_configured",
            false, 0.4),
        rule("sqldatabase-servers-no-auditing", "warning", "Auditing Disabled for SQL Servers",
            "Auditing tracks database events and writes them to an audit log.", null, cis(CIS_AZURE, "1.2.0", "4.1.1"),
            null, "SQL Servers", servers, "sqldatabase", null, "auditing_enabled", false, 0.3))));
    services.add(new Service("appservice", "App Services", "compute", List.of(webApps), List.of(
        rule("appservice-http-allowed", "warning", "HTTP Traffic Allowed",
            "Web apps should redirect all HTTP traffic to HTTPS.", null, cis(CIS_AZURE, "1.2.0", "9.2"), null,
            "Web Apps", webApps, "appservice", null, "https_only", false, 0.3),
        rule("appservice-tls-v1-supported", "warning", "Outdated TLS Versions Supported",
            "Web apps should require TLS 1.2 or later.", null, cis(CIS_AZURE, "1.2.0", "9.3"), null, "Web Apps",
            webApps, "appservice", null, "minimum_tls_version_supported", true, 0.2))));
    services.add(zeroService("aad", "Azure Active Directory", "security", zero("aad-guest-users", "warning",
        "Guest Users in Use", "aad.users.id", null)));
    services.add(zeroService("loggingmonitoring", "Logging and Monitoring", "management", zero(
        "logging-monitoring-diagnostic-setting-does-not-exist", "warning", "Diagnostic Setting Does Not Exist",
        "loggingmonitoring.subscriptions.id.diagnostic_settings.id", null)));
    services.add(zeroService("mysqldatabase", "MySQL Database", "database", zero(
        "mysql-database-servers-ssl-enforcement-disabled", "warning", "SSL Enforcement Disabled",
        "mysqldatabase.subscriptions.id.servers.id", "ssl_enforcement")));
    services.add(zeroService("postgresqldatabase", "PostgreSQL Database", "database", zero(
        "postgresql-database-servers-ssl-enforcement-disabled", "warning", "SSL Enforcement Disabled",
        "postgresqldatabase.subscriptions.id.servers.id", "ssl_enforcement")));
    services.add(zeroService("rbac", "RBAC", "security", zero("rbac-administering-resource-locks-assigned",
        "warning", "Resource Locks Role Not Defined", "rbac.subscriptions.id.roles.id", null)));
    services.add(zeroService("securitycenter", "Security Center", "security", zero(
        "securitycenter-auto-provisioning-off", "warning", "Auto Provisioning of Monitoring Agent Disabled",
        "securitycenter.subscriptions.id.auto_provisioning_settings.id", "auto_provision")));
    List<String> serviceList = List.of("aad", "rbac", "securitycenter", "sqldatabase", "storageaccounts", "keyvault",
        "network", "virtualmachines", "appservice", "mysqldatabase", "postgresqldatabase", "loggingmonitoring");
    return new Catalog("azure", "Microsoft Azure", List.of(), List.of(), services, serviceList);
  }

  private static Catalog gcp() {
    Kind buckets = new Kind("buckets", Scope.PROJECT, "", 40, false, 30, Map.of(
        "location", List.of("EU", "US", "EUROPE-WEST1"), "storage_class", List.of("STANDARD", "NEARLINE"),
        "uniform_bucket_level_access", List.of(true, false)));
    Kind sqlInstances = new Kind("instances", Scope.PROJECT, "", 40, false, 8, Map.of(
        "database_version", List.of("POSTGRES_15", "MYSQL_8_0"), "tier", List.of("db-custom-2-7680")));
    Kind firewalls = new Kind("firewalls", Scope.PROJECT, "", 40, false, 24, Map.of(
        "direction", List.of("INGRESS", "EGRESS"), "priority", List.of(1000, 65534), "disabled", List.of(false)));
    Kind instances = new Kind("instances", Scope.ZONE, "", 40, false, 30, Map.of(
        "machine_type", List.of("e2-medium", "n2-standard-4"), "status", List.of("RUNNING", "TERMINATED")));
    Kind clusters = new Kind("clusters", Scope.ZONE, "", 40, false, 6, Map.of(
        "current_master_version", List.of("1.29.4-gke.1043002", "1.30.1-gke.1329000"),
        "release_channel", List.of("REGULAR", "STABLE")));
    Kind serviceAccounts = new Kind("service_accounts", Scope.PROJECT, "", 40, false, 16, Map.of(
        "disabled", List.of(false), "display_name", List.of("deployer", "ci runner", "backup agent")));
    List<Service> services = new ArrayList<>();
    services.add(new Service("cloudstorage", "Cloud Storage", "storage", List.of(buckets), List.of(
        rule("cloudstorage-bucket-allUsers", "danger", "Bucket Accessible by \"allUsers\"",
            "Allowing anonymous and public access grants permissions to anyone to access bucket content.", null,
            cis(CIS_GCP, "1.1.0", "5.1"), null, "Buckets", buckets, "cloudstorage", "cloudstorage.projects.id.buckets.id",
            "allUsers", true, 0.05),
        rule("cloudstorage-bucket-no-logging", "warning", "Bucket with Logging Disabled",
            "Enabling access and storage logs provides information for security audits.", null, List.of(), null,
            "Buckets", buckets, "cloudstorage", null, "logging_enabled", false, 0.4),
        rule("cloudstorage-bucket-no-versioning", "warning", "Bucket with Versioning Disabled",
            "Enabling Object Versioning protects data against being overwritten or deleted by mistake.", null,
            List.of(), null, "Buckets", buckets, "cloudstorage", null, "versioning_enabled", false, 0.35))));
    services.add(new Service("cloudsql", "Cloud SQL", "database", List.of(sqlInstances), List.of(
        rule("cloudsql-instance-backups-disabled", "warning", "Instance with Automatic Backups Disabled",
            "Automated backups allow recovering data after an incident.", null, cis(CIS_GCP, "1.1.0", "6.7"), null,
            "Instances", sqlInstances, "cloudsql", null, "automatic_backup_enabled", false, 0.2),
        rule("cloudsql-instance-ssl-not-required", "warning", "Instance Not Requiring SSL for Incoming Connections",
            "Requiring SSL protects data in transit between clients and the database.", null,
            cis(CIS_GCP, "1.1.0", "6.4"), null, "Instances", sqlInstances, "cloudsql", null, "ssl_required", false,
            0.35))));
    services.add(new Service("computeengine", "Compute Engine", "compute", List.of(firewalls, instances), List.of(
        rule("computeengine-firewall-rule-allows-public-access", "warning",
            "Firewall Rule Allows Public Access (0.0.0.0/0)",
            "Firewall rules that allow traffic from any address widen the attack surface.", null, List.of(), null,
            "Firewall Rules", firewalls, "computeengine", null, "source_ranges", true, 0.2),
        rule("computeengine-instance-with-deletion-protection-disabled", "warning",
            "Instance without Deletion Protection",
            "Deletion protection prevents instances from being deleted by mistake.", null, List.of(), null,
            "Instances", instances, "computeengine", null, "deletion_protection_enabled", false, 0.5))));
    services.add(new Service("kubernetesengine", "Kubernetes Engine", "compute", List.of(clusters), List.of(
        rule("kubernetesengine-cluster-logging-disabled", "warning", "Cluster Logging Disabled",
            "Cluster logging sends logs to Cloud Logging for later investigation.", null,
            cis(CIS_GCP, "1.1.0", "7.1"), null, "Clusters", clusters, "kubernetesengine", null, "logging_disabled",
            true, 0.2),
        rule("kubernetesengine-legacy-abac-enabled", "warning", "Legacy Authorization (ABAC) Enabled",
            "Legacy ABAC grants broad permissions; RBAC should be used instead.", null, cis(CIS_GCP, "1.1.0", "7.3"),
            null, "Clusters", clusters, "kubernetesengine", null, "legacy_abac_enabled", true, 0.1))));
    services.add(new Service("iam", "IAM", "security", List.of(serviceAccounts), List.of(
        new Rule("iam-service-account-with-user-managed-keys", "warning", "User-Managed Service Account Keys",
            "User-managed keys are long-lived credentials that can leak; Google-managed keys rotate automatically.",
            null, cis(CIS_GCP, "1.1.0", "1.4"), null, "Service Accounts", serviceAccounts,
            "iam.projects.id.service_accounts.id.keys.id", "iam.projects.id.service_accounts.id", null,
            "keys.user-managed.key_type", true, 0.3))));
    services.add(zeroService("bigquery", "BigQuery", "database", zero("bigquery-dataset-allAuthenticatedUsers",
        "danger", "Datasets Accessible by \"allAuthenticatedUsers\"", "bigquery.projects.id.datasets.id", null)));
    services.add(zeroService("cloudmemorystore", "Memorystore", "database", zero(
        "cloudmemorystore-redis-instance-auth-not-enabled", "warning", "Redis Instance without AUTH",
        "cloudmemorystore.projects.id.redis_instances.id", "auth_enabled")));
    services.add(zeroService("dns", "Cloud DNS", "network", zero("dns-zones-dnssec-not-enabled", "warning",
        "Cloud DNS DNSSEC Disabled", "dns.projects.id.managed_zones.id", "dnssec_enabled")));
    services.add(zeroService("functions", "Cloud Functions", "compute", zero("functions-v1-allUsers", "danger",
        "Function Accessible by \"allUsers\"", "functions.projects.id.functions_v1.id", null)));
    services.add(zeroService("kms", "Cloud KMS", "security", zero("kms-cryptokeys-not-rotated", "warning",
        "Keys Not Rotated Every 90 Days", "kms.projects.id.keyrings.id.keys.id", null)));
    services.add(zeroService("stackdriverlogging", "Cloud Logging", "management", zero(
        "stackdriverlogging-no-export-sinks", "warning", "Lack of Export Sinks", "stackdriverlogging.projects.id",
        null)));
    services.add(zeroService("stackdrivermonitoring", "Cloud Monitoring", "management", zero(
        "stackdrivermonitoring-no-alerts", "warning", "Lack of Alert Policies", "stackdrivermonitoring.projects.id",
        null)));
    List<String> serviceList = List.of("cloudsql", "cloudmemorystore", "cloudstorage", "computeengine", "functions",
        "bigquery", "iam", "kms", "stackdriverlogging", "stackdrivermonitoring", "kubernetesengine", "dns");
    return new Catalog("gcp", "Google Cloud Platform", List.of(), List.of("europe-west1-b", "us-central1-a",
        "us-east1-c"), services, serviceList);
  }
}
