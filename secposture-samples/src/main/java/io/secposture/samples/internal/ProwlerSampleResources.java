package io.secposture.samples.internal;

import java.util.List;
import java.util.Locale;

/**
 * Not public API: made-up cloud resources for the Prowler sample writer. Resource {@code n} of a kind in an account
 * is always the same resource (same uid, name, region), whatever the seed or generation, so that successive
 * generations of a sample describe the same estate.
 */
final class ProwlerSampleResources {

  /**
   * One resource.
   *
   * @param uid the resource uid (ARN, Azure resource id, ...)
   * @param name the resource name
   * @param type Prowler's resource type
   * @param region the region; {@code null} for Kubernetes
   * @param namespace the Kubernetes namespace; {@code null} elsewhere
   */
  record Resource(String uid, String name, String type, String region, String namespace) {
  }

  private static final List<String> AWS_REGIONS = List.of("us-east-1", "eu-west-1", "eu-central-1", "us-west-2",
      "ap-southeast-2");
  private static final List<String> AZURE_REGIONS = List.of("westeurope", "northeurope", "eastus", "uksouth");
  private static final List<String> GCP_REGIONS = List.of("europe-west1", "us-central1", "asia-east1");
  private static final List<String> NAMESPACES = List.of("default", "payments", "monitoring", "ingress-nginx",
      "data", "web");
  private static final String[] WORDS = {"orders", "billing", "ledger", "reports", "media", "backup", "audit",
      "search", "events", "profiles", "catalog", "checkout", "gateway", "metrics", "archive", "inventory", "mailer",
      "scheduler", "ingest", "export"};
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final String[] ROLES = {"api", "worker", "web", "etl", "admin", "ci", "batch", "frontend"};

  private ProwlerSampleResources() {
  }

  /**
   * Returns how many distinct resources of a kind an account has; {@link Long#MAX_VALUE} for kinds that grow with
   * the requested output size.
   *
   * @param kind the kind
   * @param provider the provider
   * @return the limit
   */
  static long limit(String kind, String provider) {
    switch (kind) {
      case "aws-root": case "aws-account": case "az-subscription": case "gcp-project": case "az-defender-plan":
        return 1;
      case "aws-analyzer": case "aws-detector": case "aws-trail":
        return regions(provider).size();
      case "k8s-apiserver": case "k8s-etcd":
        return 3;
      default:
        return Long.MAX_VALUE;
    }
  }

  /**
   * Returns the regions of a provider (namespaces for Kubernetes).
   *
   * @param provider the provider
   * @return the regions
   */
  static List<String> regions(String provider) {
    switch (provider) {
      case "aws": return AWS_REGIONS;
      case "azure": return AZURE_REGIONS;
      case "gcp": return GCP_REGIONS;
      default: return NAMESPACES;
    }
  }

  /**
   * Returns resource {@code n} of a kind.
   *
   * @param kind the kind, e.g. {@code aws-bucket}
   * @param provider the provider
   * @param account the account id
   * @param n the resource number, below {@link #limit}
   * @return the resource
   */
  static Resource resource(String kind, String provider, String account, long n) {
    long salt = kind.hashCode();
    String region = pick(regions(provider), n, salt);
    String word = name(n);
    String hex = hex(n, salt, 17);
    switch (kind) {
      case "aws-root":
        return new Resource("arn:aws:iam::" + account + ":root", "<root_account>", "AwsIamUser", "us-east-1", null);
      case "aws-account":
        return new Resource("arn:aws:iam::" + account + ":root", account, "Other", "us-east-1", null);
      case "aws-user": {
        String user = word + "-" + ROLES[Math.floorMod(n, ROLES.length)];
        return new Resource("arn:aws:iam::" + account + ":user/" + user, user, "AwsIamUser", "us-east-1", null);
      }
      case "aws-policy": {
        String policy = word + "-access-policy";
        return new Resource("arn:aws:iam::" + account + ":policy/" + policy, policy, "AwsIamPolicy", "us-east-1",
            null);
      }
      case "aws-bucket": {
        String bucket = word + "-" + account + "-" + region;
        return new Resource("arn:aws:s3:::" + bucket, bucket, "AwsS3Bucket", region, null);
      }
      case "aws-security-group":
        return new Resource("arn:aws:ec2:" + region + ":" + account + ":security-group/sg-" + hex, "sg-" + hex,
            "AwsEc2SecurityGroup", region, null);
      case "aws-volume":
        return new Resource("arn:aws:ec2:" + region + ":" + account + ":volume/vol-" + hex, "vol-" + hex,
            "AwsEc2Volume", region, null);
      case "aws-instance":
        return new Resource("arn:aws:ec2:" + region + ":" + account + ":instance/i-" + hex, "i-" + hex,
            "AwsEc2Instance", region, null);
      case "aws-vpc":
        return new Resource("arn:aws:ec2:" + region + ":" + account + ":vpc/vpc-" + hex, "vpc-" + hex, "AwsEc2Vpc",
            region, null);
      case "aws-rds":
        return new Resource("arn:aws:rds:" + region + ":" + account + ":db:" + word + "-db", word + "-db",
            "AwsRdsDbInstance", region, null);
      case "aws-lambda":
        return new Resource("arn:aws:lambda:" + region + ":" + account + ":function:" + word + "-handler",
            word + "-handler", "AwsLambdaFunction", region, null);
      case "aws-kms-key": {
        String key = uuid(n, salt);
        return new Resource("arn:aws:kms:" + region + ":" + account + ":key/" + key, key, "AwsKmsKey", region, null);
      }
      case "aws-trail": {
        String trailRegion = regions(provider).get((int) n);
        return new Resource("arn:aws:cloudtrail:" + trailRegion + ":" + account + ":trail/management-events",
            "management-events", "AwsCloudTrailTrail", trailRegion, null);
      }
      case "aws-detector": {
        String detectorRegion = regions(provider).get((int) n);
        String detector = hex(n, salt, 32);
        return new Resource("arn:aws:guardduty:" + detectorRegion + ":" + account + ":detector/" + detector,
            detector, "AwsGuardDutyDetector", detectorRegion, null);
      }
      case "aws-analyzer": {
        String analyzerRegion = regions(provider).get((int) n);
        return new Resource("arn:aws:accessanalyzer:" + analyzerRegion + ":" + account + ":analyzer/unknown",
            "analyzer/unknown", "Other", analyzerRegion, null);
      }
      case "az-subscription":
        return new Resource("/subscriptions/" + account, account, "Microsoft.Subscription", "global", null);
      case "az-defender-plan":
        return new Resource("/subscriptions/" + account + "/providers/Microsoft.Security/pricings/VirtualMachines",
            "VirtualMachines", "AzureDefenderPlan", "global", null);
      case "az-storage":
        return azure(account, n, region, "Microsoft.Storage/storageAccounts", "st" + compact(word) + n,
            "AzureStorageAccount");
      case "az-keyvault":
        return azure(account, n, region, "Microsoft.KeyVault/vaults", "kv-" + word + "-" + n, "AzureKeyVault");
      case "az-sqlserver":
        return azure(account, n, region, "Microsoft.Sql/servers", "sql-" + word + "-" + n, "AzureSqlServer");
      case "az-nsg":
        return azure(account, n, region, "Microsoft.Network/networkSecurityGroups", "nsg-" + word + "-" + n,
            "AzureNetworkSecurityGroup");
      case "az-vm":
        return azure(account, n, region, "Microsoft.Compute/disks", "vm-" + word + "-" + n + "_OsDisk",
            "AzureDisk");
      case "az-aks":
        return azure(account, n, region, "Microsoft.ContainerService/managedClusters", "aks-" + word + "-" + n,
            "AzureKubernetesCluster");
      case "az-webapp":
        return azure(account, n, region, "Microsoft.Web/sites", "app-" + word + "-" + n, "AzureWebApp");
      case "gcp-project":
        return new Resource(account, account, "Project", "global", null);
      case "gcp-service-account": {
        String email = word + "-" + ROLES[Math.floorMod(n, ROLES.length)] + "@" + account
            + ".iam.gserviceaccount.com";
        return new Resource(email, email, "ServiceAccount", "global", null);
      }
      case "gcp-bucket": {
        String bucket = account + "-" + word;
        return new Resource(bucket, bucket, "Bucket", region, null);
      }
      case "gcp-firewall":
        return new Resource(numericId(n, salt), "allow-" + word, "FirewallRule", "global", null);
      case "gcp-instance":
        return new Resource(numericId(n, salt), word + "-vm-" + n, "VMInstance", region + "-b", null);
      case "gcp-sql":
        return new Resource(account + ":" + word + "-sql", word + "-sql", "DatabaseInstance", region, null);
      case "gcp-kms-key": {
        String key = "projects/" + account + "/locations/" + region + "/keyRings/" + word + "/cryptoKeys/key-" + n;
        return new Resource(key, "key-" + n, "CryptoKey", region, null);
      }
      case "k8s-apiserver":
        return pod("kube-apiserver-control-plane-" + n, n, salt, "kube-system", "KubernetesAPIServer");
      case "k8s-etcd":
        return pod("etcd-control-plane-" + n, n, salt, "kube-system", "KubernetesEtcd");
      case "k8s-node":
        return pod("/var/lib/kubelet/config.yaml@node-" + n, n, salt, "kube-system", "KubernetesKubelet");
      case "k8s-role":
        return pod(word + "-" + ROLES[Math.floorMod(n, ROLES.length)] + "-binding", n, salt, "cluster-wide",
            "ClusterRoleBinding");
      case "k8s-pod":
        return pod(word + "-" + hex(n, salt, 10).substring(0, 10) + "-" + hex(n, salt + 1, 5), n, salt,
            pick(NAMESPACES, n, salt), "Pod");
      default:
        throw new IllegalStateException("unknown resource kind " + kind);
    }
  }

  private static Resource azure(String subscription, long n, String region, String type, String name,
      String resourceType) {
    String group = "rg-" + WORDS[Math.floorMod(n / 7, WORDS.length)];
    return new Resource("/subscriptions/" + subscription + "/resourceGroups/" + group + "/providers/" + type + "/"
        + name, name, resourceType, region, null);
  }

  private static Resource pod(String name, long n, long salt, String namespace, String type) {
    return new Resource(uuid(n, salt), name, type, null, namespace);
  }

  /** A readable name for resource n: a word, then a number once the words are used up. */
  private static String name(long n) {
    String word = WORDS[Math.floorMod(n, WORDS.length)];
    long round = n / WORDS.length;
    return round == 0 ? word : word + "-" + round;
  }

  private static String compact(String word) {
    return word.replace("-", "");
  }

  private static String pick(List<String> values, long n, long salt) {
    return values.get(Math.floorMod(ProwlerSampleModel.mix(n, salt), values.size()));
  }

  private static String hex(long n, long salt, int length) {
    char[] text = new char[length];
    long state = n;
    for (int i = 0; i < length; i++) {
      if (i % 16 == 0) {
        state = ProwlerSampleModel.mix(state, salt);
      }
      text[i] = HEX[(int) (state >>> (60 - 4 * (i % 16))) & 0xf];
    }
    return new String(text);
  }

  private static String uuid(long n, long salt) {
    String hex = hex(n, salt ^ 0x5bd1e995L, 32);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-4" + hex.substring(13, 16) + "-a"
        + hex.substring(17, 20) + "-" + hex.substring(20, 32);
  }

  private static String numericId(long n, long salt) {
    long value = Math.floorMod(ProwlerSampleModel.mix(n, salt), 1_000_000_000_000_000_000L);
    return String.format(Locale.ROOT, "%018d", value);
  }
}
