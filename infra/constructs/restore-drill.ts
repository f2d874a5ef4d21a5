import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { Construct } from 'constructs';
import {
  githubOidcProviderArn,
  sopDrillGroup,
  sopDrillInstanceIdentifier,
  sopDrillNamespace,
  sopDrillParameterName,
  sopDrillRoleName,
  type SopDrillParameter,
} from '../../src/config';
import { baseName, partition, type InfraContext } from '../context';
import { policyDocument, type PolicyDocument } from '../policy';
import type { Database } from './database';
import { ServiceRole } from './service-role';
import { TierSecurityGroup } from './tier-security-group';

export interface RestoreDrillProps {
  readonly context: InfraContext;
  readonly vpcId: string;
  /** CIDRs of the private subnets: the cluster's pods, where the drill's app and check Job run. */
  readonly clientCidrs: readonly string[];
  readonly database: Database;
  /** The master credentials secret and its key. */
  readonly credentials: { readonly secretArn: string; readonly keyArn: string };
  /** The EKS cluster the drill's objects go to. */
  readonly clusterName: string;
  readonly clusterArn: string;
}

/** The GitHub OIDC token's `sub` for a workflow run on the default branch (a scheduled run is one). */
export function defaultBranchSubject(repository: string): string {
  return `repo:${repository}:ref:refs/heads/main`;
}

/**
 * What SOP-01's `npm run sop -- drill --source aws` needs in the account: a security group that admits the drill's
 * port from the private subnets only (production pods may reach only `database.port`, so of the cluster's pods only
 * the drill namespace's reach it), the drill's inputs published as an SSM parameter, a role the scheduled GitHub
 * workflow assumes by OIDC with exactly the calls the command makes, and its EKS access: edit in the drill's
 * namespace only (the ClusterRole that lets it create and delete that namespace is in the cluster layer).
 */
export class RestoreDrill extends Construct {
  readonly securityGroupId: string;
  readonly roleArn: string;
  readonly parameterName: string;
  readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: RestoreDrillProps) {
    super(scope, id);
    const ctx = props.context;
    const { platform, envName } = ctx;
    const { region } = ctx.region;
    const account = ctx.env.aws.accountId;
    const arn = partition(region);
    const drill = platform.sop?.restoreDrill;
    if (!drill) throw new Error(`${id}: needs sop.restoreDrill in the platform file`);
    const { database } = props;
    const rds = (type: string, name: string) => `arn:${arn}:rds:${region}:${account}:${type}:${name}`;
    const target = sopDrillInstanceIdentifier(platform, envName);
    this.parameterName = sopDrillParameterName(platform, envName);

    const group = new TierSecurityGroup(this, 'security-group', {
      name: `${baseName(ctx)}-sop-drill`,
      vpcId: props.vpcId,
      port: drill.port,
      sourceCidrs: props.clientCidrs,
    });
    this.securityGroupId = group.group.id;

    const value: SopDrillParameter = {
      sourceInstance: database.instances.primary.identifier,
      subnetGroup: database.subnetGroup.name,
      securityGroupId: group.group.id,
      parameterGroup: database.parameterGroup.name,
      kmsKeyArn: database.key.arn,
      instanceClass: ctx.env.database.instanceClass,
      credentialsSecretArn: props.credentials.secretArn,
    };
    new SsmParameter(this, 'parameter', {
      name: this.parameterName,
      description: `Inputs of the SOP-01 restore drill of ${baseName(ctx)} (npm run sop -- drill --source aws)`,
      type: 'String',
      value: JSON.stringify(value),
      tags: { Name: this.parameterName },
    });

    const major = ctx.env.database.engineVersion.split('.')[0];
    this.policy = policyDocument(
      {
        Sid: 'ReadDrillInputs',
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: `arn:${arn}:ssm:${region}:${account}:parameter${this.parameterName}`,
      },
      {
        Sid: 'DescribeSourceAndDrill',
        Effect: 'Allow',
        Action: 'rds:DescribeDBInstances',
        Resource: [rds('db', value.sourceInstance), rds('db', target)],
      },
      {
        // RDS authorizes a restore against the source, the target and every group the new instance uses.
        Sid: 'RestoreIntoDrillInstance',
        Effect: 'Allow',
        Action: 'rds:RestoreDBInstanceToPointInTime',
        Resource: [
          rds('db', value.sourceInstance),
          rds('db', target),
          rds('subgrp', value.subnetGroup),
          rds('pg', value.parameterGroup),
          rds('og', `default:postgres-${major}`),
        ],
      },
      { Sid: 'TagDrillInstance', Effect: 'Allow', Action: 'rds:AddTagsToResource', Resource: rds('db', target) },
      { Sid: 'DeleteDrillInstance', Effect: 'Allow', Action: 'rds:DeleteDBInstance', Resource: rds('db', target) },
      {
        // A restore of an encrypted instance has RDS create a grant on the source's key for the new instance.
        Sid: 'UseDatabaseKeyThroughRds',
        Effect: 'Allow',
        Action: ['kms:CreateGrant', 'kms:DescribeKey'],
        Resource: value.kmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `rds.${region}.amazonaws.com` } },
      },
      {
        Sid: 'ReadMasterCredentials',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: value.credentialsSecretArn,
      },
      {
        Sid: 'DecryptMasterCredentials',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: props.credentials.keyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
      },
      {
        // The workflow's `aws eks update-kubeconfig` before the command.
        Sid: 'FindCluster',
        Effect: 'Allow',
        Action: 'eks:DescribeCluster',
        Resource: props.clusterArn,
      },
    );
    const role = new ServiceRole(this, 'role', {
      name: sopDrillRoleName(platform, envName),
      trust: policyDocument({
        Effect: 'Allow',
        Principal: { Federated: githubOidcProviderArn(platform, envName) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': defaultBranchSubject(platform.github.repository),
          },
        },
      }),
      inlinePolicy: this.policy,
    });
    // The drill may wait an hour for the restore (the RTO limit) and then check it.
    role.role.maxSessionDuration = 2 * 3600;
    this.roleArn = role.role.arn;

    const entry = new EksAccessEntry(this, 'access-entry', {
      clusterName: props.clusterName,
      principalArn: role.role.arn,
      kubernetesGroups: [sopDrillGroup(platform)],
      type: 'STANDARD',
    });
    new EksAccessPolicyAssociation(this, 'access-policy', {
      clusterName: props.clusterName,
      principalArn: entry.principalArn,
      policyArn: `arn:${arn}:eks::aws:cluster-access-policy/AmazonEKSEditPolicy`,
      accessScope: { type: 'namespace', namespaces: [sopDrillNamespace(platform)] },
    });
  }
}
