import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct, Node } from 'constructs';
import { clusterName } from '../../src/config';
import type { RegionalEnvironment } from '../constructs/regional-environment';
import { stackName, type InfraContext } from '../context';
import { OUTPUT } from '../outputs';

/** Tags every taggable resource carries, through the provider's `default_tags`. */
export function defaultTags(ctx: InfraContext): Record<string, string> {
  return { app: ctx.platform.app.name, env: ctx.envName, owner: ctx.platform.app.owner };
}

/**
 * Terraform the stacks need: write-only arguments (`password_wo`, `secret_string_wo`) came with 1.11, ephemeral
 * blocks with 1.10, S3-native state locking with 1.10, `removed` blocks with 1.7.
 */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.11';

/**
 * What every stack shares: the AWS provider pinned to the environment's account and region with the
 * default tags, state in the region's own S3 bucket with S3-native locking, the Terraform version its
 * arguments need, and readable, deterministic Terraform addresses (`aws_subnet.network_subnet-private-eu-west-1a`,
 * no hash suffixes). Every resource lives in the stack's region: a stack never reaches into another region, so
 * each plans and applies while the other region is down.
 */
export abstract class EnvironmentStack extends TerraformStack {
  readonly context: InfraContext;
  private readonly logicalIds = new Map<string, string>();

  protected constructor(scope: Construct, ctx: InfraContext) {
    super(scope, stackName(ctx));
    this.context = ctx;
    const { region, stateBucket } = ctx.region;
    new AwsProvider(this, 'aws', {
      region,
      // A wrong profile fails the plan instead of creating the environment in another account.
      allowedAccountIds: [ctx.env.aws.accountId],
      defaultTags: [{ tags: defaultTags(ctx) }],
    });
    const backend = new S3Backend(this, {
      bucket: stateBucket,
      key: `${stackName(ctx)}/terraform.tfstate`,
      region,
      encrypt: true,
    });
    // S3-native state locking (Terraform >= 1.10); cdktf 0.21's S3Backend has no field for it yet.
    backend.addOverride('use_lockfile', true);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
  }

  /** Path below the stack, joined with `_`: unique because construct ids are unique among siblings. */
  allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const scopes = node.scopes.slice(node.scopes.indexOf(this) + 1);
    const id = scopes
      .map((s) => s.node.id)
      .filter((part) => part !== 'Default')
      .join('_')
      .replace(/[^A-Za-z0-9_-]/g, '_');
    const path = node.path;
    const owner = this.logicalIds.get(id);
    if (owner !== undefined && owner !== path) throw new Error(`logical id ${id} is used by ${owner} and ${path}`);
    this.logicalIds.set(id, path);
    return id;
  }

  /** The cluster and the roles of its workloads: the same outputs in every stack. */
  protected clusterOutputs(environment: RegionalEnvironment): void {
    const { cluster, network, externalSecrets, loadBalancerController, clusterAutoscaler, clusterAdmin } = environment;
    const { platform, envName } = this.context;
    this.output(OUTPUT.vpcId, network.vpc.id, 'VPC id (the AWS Load Balancer Controller takes it as --aws-vpc-id)');
    this.output(OUTPUT.clusterName, clusterName(platform, envName), 'EKS cluster name');
    this.output(OUTPUT.clusterEndpoint, cluster.cluster.endpoint, 'Kubernetes API endpoint');
    this.output(OUTPUT.clusterOidcProviderArn, cluster.oidcProvider.arn, 'OIDC provider that IRSA roles trust');
    this.output(OUTPUT.externalSecretsRoleArn, externalSecrets.roleArn, 'Role of the External Secrets SecretStore');
    this.output(
      OUTPUT.loadBalancerControllerRoleArn,
      loadBalancerController.roleArn,
      'Role of kube-system/aws-load-balancer-controller',
    );
    this.output(OUTPUT.clusterAutoscalerRoleArn, clusterAutoscaler.roleArn, 'Role of kube-system/cluster-autoscaler');
    this.output(OUTPUT.clusterAdminRoleArn, clusterAdmin.roleArn, 'Break-glass role with cluster-admin access');
    const { platform: addons } = environment;
    this.output(OUTPUT.certificateArn, addons.certificate.certificateArn, 'ACM certificate of the public services');
    this.output(OUTPUT.webAclName, addons.webAcl.name, 'WAF web ACL of the public ALBs');
    this.output(OUTPUT.accessLogsBucket, addons.accessLogs.bucketName, 'Bucket of the ALB access logs');
    this.output(OUTPUT.lokiBucket, addons.loki.bucketName, "Loki's bucket");
    if (addons.zone.nameServers) {
      new TerraformOutput(this, OUTPUT.publicZoneNameServers, {
        value: addons.zone.nameServers,
        description: 'Name servers of the public zone: delegate the domain to them from its parent zone',
        staticId: true,
      });
    }
  }

  /** A named output the cluster layer and the runbooks read. */
  protected output(name: string, value: string | number, description: string): void {
    new TerraformOutput(this, name, { value, description, staticId: true });
  }
}
