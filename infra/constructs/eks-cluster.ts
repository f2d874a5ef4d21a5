import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { clusterName, instanceArchitecture } from '../../src/config';
import { baseName, globalName, partition, type InfraContext } from '../context';
import { EksAddons } from './eks-addons';
import { CustomerKey } from './kms-key';
import type { LogKey } from './log-key';
import { ServiceRole } from './service-role';

export interface EksClusterProps {
  readonly context: InfraContext;
  /** Private subnet ids in the order of the region plan's zones: nodes and the control plane's interfaces. */
  readonly privateSubnetIds: readonly string[];
  /** Encrypts the control-plane log group and sets its retention. */
  readonly logKey: LogKey;
  /**
   * Root volume of every node, GiB.
   * @default 50
   */
  readonly nodeVolumeGiB?: number;
}

/** Every control-plane log type: audit and authenticator answer "who did what" after an incident. */
const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/**
 * The EKS cluster of one region: secrets envelope-encrypted with a customer key, all control-plane logs,
 * a private endpoint (the public one only for the configured CIDRs), one managed node group per zone (so the
 * autoscaler can grow the zone that lacks capacity) and the OIDC provider that IRSA roles trust.
 */
export class EksClusterConstruct extends Construct {
  readonly cluster: EksCluster;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** Issuer without `https://`: the prefix of the `:sub` and `:aud` condition keys in IRSA trust policies. */
  readonly oidcIssuerHostPath: string;
  readonly addons: EksAddons;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const ctx = props.context;
    const { cluster: config } = ctx.env;
    const name = clusterName(ctx.platform, ctx.envName);
    const arn = partition(ctx.region.region);

    const key = new CustomerKey(this, 'secrets-key', {
      alias: `${baseName(ctx)}-eks`,
      description: `Envelope encryption of Kubernetes secrets in ${name}`,
    });
    // Created before the cluster so EKS writes into an encrypted group with a retention, not one kept forever.
    const logGroup = props.logKey.group(this, 'log-group', `/aws/eks/${name}/cluster`);
    const clusterRole = new ServiceRole(this, 'cluster-role', {
      name: globalName(ctx, 'eks-cluster'),
      service: 'eks.amazonaws.com',
      managedPolicies: ['AmazonEKSClusterPolicy'],
      partition: arn,
    });
    const publicCidrs = config.publicAccessCidrs;
    this.cluster = new EksCluster(this, 'cluster', {
      name,
      version: config.kubernetesVersion,
      roleArn: clusterRole.role.arn,
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: key.arn } },
      vpcConfig: {
        subnetIds: [...props.privateSubnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        publicAccessCidrs: publicCidrs.length > 0 ? [...publicCidrs] : undefined,
      },
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      // Standard support only: EKS upgrades the control plane rather than billing extended support.
      upgradePolicy: { supportType: 'STANDARD' },
      // Lets operators shift traffic away from an impaired zone (ARC zonal shift).
      zonalShiftConfig: { enabled: true },
      deletionProtection: true,
      tags: { Name: name },
      dependsOn: [logGroup, ...clusterRole.ready],
    });

    this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc-provider', {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ['sts.amazonaws.com'],
      tags: { Name: `${name}-irsa` },
    });
    this.oidcIssuerHostPath = Fn.replace(this.cluster.identity.get(0).oidc.get(0).issuer, 'https://', '');

    this.addons = new EksAddons(this, 'addons', {
      context: ctx,
      cluster: this.cluster,
      oidcProviderArn: this.oidcProvider.arn,
      oidcIssuerHostPath: this.oidcIssuerHostPath,
    });
    this.addons.afterNodes(this.nodeGroups(ctx, props, arn));
  }

  private nodeGroups(ctx: InfraContext, props: EksClusterProps, arn: string): EksNodeGroup[] {
    const { cluster: config } = ctx.env;
    const name = baseName(ctx);
    const nodeRole = new ServiceRole(this, 'node-role', {
      name: globalName(ctx, 'eks-node'),
      service: 'ec2.amazonaws.com',
      // The CNI policy is on the vpc-cni add-on's own role (eks-addons.ts), not on every node.
      managedPolicies: [
        'AmazonEC2ContainerRegistryPullOnly',
        'AmazonEKSWorkerNodePolicy',
        'AmazonSSMManagedInstanceCore',
      ],
      partition: arn,
    });
    const template = new LaunchTemplate(this, 'node-launch-template', {
      name: `${name}-node`,
      description: `Nodes of ${name}: IMDSv2 only, encrypted gp3 root volume`,
      updateDefaultVersion: true,
      // Hop limit 1: pods cannot reach the node's credentials through IMDS, they use IRSA roles instead.
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeSize: props.nodeVolumeGiB ?? 50,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
        resourceType,
        tags: { Name: `${name}-node` },
      })),
      tags: { Name: `${name}-node` },
    });
    const amiType =
      instanceArchitecture(config.nodeInstanceTypes[0]) === 'arm64'
        ? 'AL2023_ARM_64_STANDARD'
        : 'AL2023_x86_64_STANDARD';
    return ctx.region.zones.map((zone, i) => {
      return new EksNodeGroup(this, `node-group-${zone}`, {
        clusterName: this.cluster.name,
        nodeGroupName: `${name}-${zone}`,
        nodeRoleArn: nodeRole.role.arn,
        subnetIds: [props.privateSubnetIds[i]],
        instanceTypes: [...config.nodeInstanceTypes],
        amiType,
        capacityType: 'ON_DEMAND',
        scalingConfig: {
          minSize: config.nodesPerZone.min,
          maxSize: config.nodesPerZone.max,
          desiredSize: config.nodesPerZone.min,
        },
        updateConfig: { maxUnavailable: 1 },
        nodeRepairConfig: { enabled: true },
        launchTemplate: { id: template.id, version: Fn.tostring(template.latestVersion) },
        tags: { Name: `${name}-${zone}` },
        // The cluster autoscaler owns the desired size once the group exists.
        lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
        // Nodes join with the network plugin already enforcing NetworkPolicies.
        dependsOn: [...nodeRole.ready, ...this.addons.beforeNodes],
      });
    });
  }
}
