import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { awsWorkloads } from '../../src/config';
import type { InfraContext } from '../context';
import { WorkloadRole, type ClusterOidc } from './workload-role';

export interface EksAddonsProps extends ClusterOidc {
  readonly context: InfraContext;
  readonly cluster: EksCluster;
}

/**
 * The EKS managed add-ons, each at the version the platform file pins (`cluster.addonVersions`). They replace the
 * unmanaged copies EKS bootstraps (OVERWRITE on create).
 * - vpc-cni with its network policy agent on (`enableNetworkPolicy`, the add-on's configuration schema; off by
 *   default, and without it every NetworkPolicy of the app is ignored), on its own IRSA role with the CNI policy, so
 *   the nodes' role no longer carries it (EKS user guide, "Configure the Amazon VPC CNI plugin to use IRSA");
 * - kube-proxy and the EKS Pod Identity agent;
 * these three before any node joins (`beforeNodes`), so every node starts with policy enforcement.
 * - coredns and the EBS CSI driver (on its IRSA role) need nodes to run on: `afterNodes`.
 */
export class EksAddons extends Construct {
  /** What the node groups wait for. */
  readonly beforeNodes: ITerraformDependable[];

  private readonly props: EksAddonsProps;

  constructor(scope: Construct, id: string, props: EksAddonsProps) {
    super(scope, id);
    this.props = props;
    const ctx = props.context;
    const workloads = awsWorkloads(ctx.platform);
    const versions = ctx.env.cluster.addonVersions;
    const cniRole = new WorkloadRole(this, 'vpc-cni-role', {
      ...props,
      workload: workloads['vpc-cni'],
      managedPolicies: ['AmazonEKS_CNI_Policy'],
    });
    this.beforeNodes = [
      this.addon('vpc-cni', versions.vpcCni, {
        serviceAccountRoleArn: cniRole.roleArn,
        configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
      }),
      this.addon('kube-proxy', versions.kubeProxy),
      this.addon('eks-pod-identity-agent', versions.podIdentityAgent),
    ];
  }

  /** The add-ons that run as Deployments: created once the node groups exist. */
  afterNodes(nodeGroups: readonly ITerraformDependable[]): void {
    const ctx = this.props.context;
    const versions = ctx.env.cluster.addonVersions;
    const ebsRole = new WorkloadRole(this, 'ebs-csi-driver-role', {
      ...this.props,
      workload: awsWorkloads(ctx.platform)['ebs-csi-driver'],
      managedPolicies: ['service-role/AmazonEBSCSIDriverPolicy'],
    });
    this.addon('coredns', versions.coredns, { dependsOn: nodeGroups });
    this.addon('aws-ebs-csi-driver', versions.ebsCsiDriver, {
      serviceAccountRoleArn: ebsRole.roleArn,
      dependsOn: nodeGroups,
    });
  }

  private addon(
    name: string,
    version: string,
    options: {
      serviceAccountRoleArn?: string;
      configurationValues?: string;
      dependsOn?: readonly ITerraformDependable[];
    } = {},
  ): EksAddon {
    return new EksAddon(this, name, {
      clusterName: this.props.cluster.name,
      addonName: name,
      addonVersion: version,
      serviceAccountRoleArn: options.serviceAccountRoleArn,
      configurationValues: options.configurationValues,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
      dependsOn: options.dependsOn && [...options.dependsOn],
    });
  }
}
