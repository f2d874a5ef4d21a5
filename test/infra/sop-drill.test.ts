/**
 * The restore drill's infra (SOP-01 `--source aws`): its security group, the parameter the command reads, the role
 * the scheduled workflow assumes and its EKS access. The role's policy is proved against the command itself: the
 * drill runs with AWS mocked, fed the very parameter the stack publishes, and every call it makes (with the KMS
 * calls RDS and Secrets Manager make on its behalf) must be allowed, and every permission used.
 */
import {
  DBInstanceNotFoundFault,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  RDSClient,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { sopDrillParameterName, type SopDrillParameter } from '../../src/config';
import { runCloudDrill } from '../../src/sop/aws/cloud-drill';
import type { Kubectl } from '../../src/sop/cluster/kubectl';
import { drillChecksFor } from '../../src/sop/drill/platform-checks';
import { OUTPUT } from '../../infra/outputs';
import { platform, ref, resource, resourceList, resources, single, stack, type Block } from './synth';

const ENV = 'production';
const config = stack('your-app-production');
const { region, accountId } = platform.environments[ENV].aws;
const drill = platform.sop!.restoreDrill;

/** A value for each `${type.name.attribute}` the stack leaves to Terraform, as AWS would fill it in. */
function resolveTokens(text: string): string {
  return text.replace(
    /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g,
    (token, type: string, name: string, attr: string) => {
      const body = resource(config, type, name);
      if (attr === 'name' || attr === 'identifier') return body[attr];
      if (type === 'aws_security_group' && attr === 'id') return `sg-${Buffer.from(name).toString('hex').slice(0, 17)}`;
      if (type === 'aws_kms_key' && attr === 'arn') return `arn:aws:kms:${region}:${accountId}:key/${name}`;
      if (type === 'aws_secretsmanager_secret' && attr === 'arn') {
        return `arn:aws:secretsmanager:${region}:${accountId}:secret:${body.name}-AbCdEf`;
      }
      if (type === 'aws_eks_cluster' && attr === 'arn')
        return `arn:aws:eks:${region}:${accountId}:cluster/${body.name}`;
      if (type === 'aws_iam_role' && attr === 'arn') return `arn:aws:iam::${accountId}:role/${body.name}`;
      throw new Error(`no stand-in for ${token}`);
    },
  );
}

const parameterResource = single(config, 'aws_ssm_parameter');
const parameter: SopDrillParameter = JSON.parse(resolveTokens(parameterResource.value));
const drillGroup = resource(config, 'aws_security_group', 'sop-drill_security-group');
const role = single(config, 'aws_iam_role', (r) => r.name === 'your-app-production-ci-sop-drill');
const policy = JSON.parse(
  resolveTokens(single(config, 'aws_iam_role_policy', (p) => p.name === 'your-app-production-ci-sop-drill').policy),
);

describe('the drill instance is reachable from the cluster on its own port only', () => {
  it('admits the drill port from each private subnet, and nothing else, with no egress', () => {
    const rules = resourceList(config, 'aws_vpc_security_group_ingress_rule').filter(
      (rule) => rule.security_group_id === ref('aws_security_group', 'sop-drill_security-group', 'id'),
    );
    const { private: privateSubnets } = platform.environments[ENV].aws.network.subnets;
    expect(rules.map((rule) => [rule.cidr_ipv4, rule.ip_protocol, rule.from_port, rule.to_port])).toEqual(
      privateSubnets.map((cidr) => [cidr, 'tcp', drill.port, drill.port]),
    );
    expect(drillGroup).not.toHaveProperty('egress');
    expect(Object.keys(resources(config, 'aws_vpc_security_group_egress_rule'))).not.toContainEqual(
      expect.stringContaining('sop-drill'),
    );
    // Production pods may reach database.port only (their NetworkPolicy): the drill port is another one.
    expect(drill.port).not.toBe(platform.environments[ENV].database.port);
  });
});

describe('the parameter the command reads', () => {
  it('holds the primary stack outputs the restore needs, under the name the command reads', () => {
    expect(parameterResource.name).toBe(sopDrillParameterName(platform, ENV));
    expect(JSON.parse(parameterResource.value)).toEqual({
      sourceInstance: 'your-app-production',
      subnetGroup: ref('aws_db_subnet_group', 'environment_database_subnet-group', 'name'),
      securityGroupId: ref('aws_security_group', 'sop-drill_security-group', 'id'),
      parameterGroup: ref('aws_db_parameter_group', 'environment_database_parameter-group', 'name'),
      kmsKeyArn: ref('aws_kms_key', 'environment_database_key', 'arn'),
      instanceClass: platform.environments[ENV].database.instanceClass,
      credentialsSecretArn: ref('aws_secretsmanager_secret', 'database-credentials_secret', 'arn'),
    });
    expect(config.output[OUTPUT.sopDrillParameter].value).toBe(parameterResource.name);
    expect(config.output[OUTPUT.sopDrillRoleArn].value).toBe(ref('aws_iam_role', 'sop-drill_role', 'arn'));
  });
});

describe('the role of the scheduled drill workflow', () => {
  it('is assumed only by a workflow run of this repository on its default branch, through GitHub OIDC', () => {
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: {
            Federated: `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`,
          },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': `repo:${platform.github.repository}:ref:refs/heads/main`,
            },
          },
        },
      ],
    });
    // Long enough for a restore that takes the whole RTO limit, and the checks after it.
    expect(role.max_session_duration).toBeGreaterThan(drill.rtoLimitSeconds);
  });

  it('may edit the drill namespace of the cluster and nothing else there', () => {
    const entry = single(config, 'aws_eks_access_entry', (e) => e.kubernetes_groups?.includes('your-app-sop-drill'));
    expect(entry).toMatchObject({
      principal_arn: ref('aws_iam_role', 'sop-drill_role', 'arn'),
      kubernetes_groups: ['your-app-sop-drill'],
      type: 'STANDARD',
    });
    const association = single(config, 'aws_eks_access_policy_association', (a) =>
      a.principal_arn?.includes('sop-drill'),
    );
    expect(association).toMatchObject({
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
      access_scope: { type: 'namespace', namespaces: ['your-app-sop-drill'] },
    });
  });
});

// --- The policy against the command's calls ---------------------------------------------------------------------

interface IamRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
}

const rdsArn = (type: string, name: string) => `arn:aws:rds:${region}:${accountId}:${type}:${name}`;
const major = platform.environments[ENV].database.engineVersion.split('.')[0];
const secretsKey = resolveTokens(ref('aws_kms_key', 'database-credentials_key', 'arn'));
const clusterArn = resolveTokens(ref('aws_eks_cluster', 'environment_eks_cluster', 'arn'));

/**
 * What IAM authorizes for one SDK call, from the Service Authorization Reference: RDS checks a restore against the
 * source, the target and the groups it uses, and tags on create with AddTagsToResource; it uses the source's KMS
 * key through a grant; Secrets Manager decrypts with the secret's key.
 */
function iamRequests(command: string, input: Record<string, any>): IamRequest[] {
  const viaRds = { 'kms:ViaService': `rds.${region}.amazonaws.com` };
  switch (command) {
    case 'GetParameterCommand':
      return [{ action: 'ssm:GetParameter', resource: `arn:aws:ssm:${region}:${accountId}:parameter${input.Name}` }];
    case 'DescribeDBInstancesCommand':
      return [{ action: 'rds:DescribeDBInstances', resource: rdsArn('db', input.DBInstanceIdentifier) }];
    case 'RestoreDBInstanceToPointInTimeCommand':
      return [
        ...[
          rdsArn('db', input.SourceDBInstanceIdentifier),
          rdsArn('db', input.TargetDBInstanceIdentifier),
          rdsArn('subgrp', input.DBSubnetGroupName),
          rdsArn('pg', input.DBParameterGroupName),
          rdsArn('og', `default:postgres-${major}`),
        ].map((resource) => ({ action: 'rds:RestoreDBInstanceToPointInTime', resource })),
        ...(input.Tags
          ? [{ action: 'rds:AddTagsToResource', resource: rdsArn('db', input.TargetDBInstanceIdentifier) }]
          : []),
        { action: 'kms:CreateGrant', resource: parameter.kmsKeyArn, context: viaRds },
        { action: 'kms:DescribeKey', resource: parameter.kmsKeyArn, context: viaRds },
      ];
    case 'DeleteDBInstanceCommand':
      return [{ action: 'rds:DeleteDBInstance', resource: rdsArn('db', input.DBInstanceIdentifier) }];
    case 'GetSecretValueCommand':
      return [
        { action: 'secretsmanager:GetSecretValue', resource: input.SecretId },
        {
          action: 'kms:Decrypt',
          resource: secretsKey,
          context: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` },
        },
      ];
    default:
      throw new Error(`the drill made a call this test does not know: ${command}`);
  }
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const globMatches = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

function statementAllows(statement: Block, request: IamRequest): boolean {
  if (statement.Effect !== 'Allow' || !list(statement.Action).includes(request.action)) return false;
  if (!list(statement.Resource).some((pattern) => globMatches(pattern, request.resource))) return false;
  return Object.entries((statement.Condition ?? {}) as Record<string, Record<string, string>>).every(
    ([operator, keys]) =>
      Object.entries(keys).every(([key, value]) => operator === 'StringEquals' && request.context?.[key] === value),
  );
}

describe('the role policy allows exactly the calls the drill command makes', () => {
  const rds = mockClient(RDSClient);
  const ssm = mockClient(SSMClient);
  const secrets = mockClient(SecretsManagerClient);
  const target = 'your-app-production-sop-drill';
  const requests: IamRequest[] = [];

  beforeAll(async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(parameter) } });
    rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: target })
      .rejectsOnce(new DBInstanceNotFoundFault({ message: 'not found', $metadata: {} }))
      .resolves({
        DBInstances: [
          {
            DBInstanceStatus: 'available',
            StorageEncrypted: true,
            KmsKeyId: parameter.kmsKeyArn,
            PubliclyAccessible: false,
            VpcSecurityGroups: [{ VpcSecurityGroupId: parameter.securityGroupId }],
            Endpoint: { Address: `${target}.x.${region}.rds.amazonaws.com`, Port: drill.port },
          },
        ],
      });
    rds
      .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: parameter.sourceInstance })
      .resolves({ DBInstances: [{ LatestRestorableTime: new Date() }] });
    rds.on(RestoreDBInstanceToPointInTimeCommand).resolves({});
    rds.on(DeleteDBInstanceCommand).resolves({});
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"postgres","password":"x"}' });
    // The cluster's part needs no IAM permission (EKS access entry): a cluster that runs the Job and has no results.
    const kubectl: Kubectl = {
      apply: async () => undefined,
      rolloutStatus: async () => undefined,
      waitForJob: async () => 'complete',
      jobLogs: async () => 'sop-drill done\n',
      deleteNamespace: async () => undefined,
    };
    await runCloudDrill({
      platform,
      environment: ENV,
      checks: drillChecksFor(platform, ENV),
      clients: {
        rds: new RDSClient({ region }),
        ssm: new SSMClient({ region }),
        secrets: new SecretsManagerClient({ region }),
      },
      kubectl,
      sleep: async () => undefined,
    });
    for (const call of [...ssm.calls(), ...rds.calls(), ...secrets.calls()]) {
      const command = call.args[0] as { constructor: { name: string }; input: Record<string, any> };
      requests.push(...iamRequests(command.constructor.name, command.input));
    }
    // The workflow step before the command: `aws eks update-kubeconfig`.
    requests.push({ action: 'eks:DescribeCluster', resource: clusterArn });
  });

  it('made the calls of a whole drill', () => {
    expect([...new Set(requests.map((request) => request.action))].sort()).toEqual([
      'eks:DescribeCluster',
      'kms:CreateGrant',
      'kms:Decrypt',
      'kms:DescribeKey',
      'rds:AddTagsToResource',
      'rds:DeleteDBInstance',
      'rds:DescribeDBInstances',
      'rds:RestoreDBInstanceToPointInTime',
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
    ]);
  });

  it('allows every call', () => {
    const denied = requests.filter((request) => !policy.Statement.some((s: Block) => statementAllows(s, request)));
    expect(denied).toEqual([]);
  });

  it('allows nothing the command does not use: every action on every resource of every statement is called', () => {
    const unused = policy.Statement.flatMap((statement: Block) =>
      list(statement.Action).flatMap((action) =>
        list(statement.Resource)
          .filter((resource) => !requests.some((r) => r.action === action && globMatches(resource, r.resource)))
          .map((resource) => `${statement.Sid}: ${action} on ${resource}`),
      ),
    );
    expect(unused).toEqual([]);
    expect(JSON.stringify(policy)).not.toContain('*');
  });

  it('refuses what the drill must not do: the production instance, other keys, other secrets', () => {
    const refused: IamRequest[] = [
      { action: 'rds:DeleteDBInstance', resource: rdsArn('db', 'your-app-production') },
      { action: 'rds:DeleteDBInstance', resource: rdsArn('db', 'your-app-production-replica') },
      { action: 'rds:ModifyDBInstance', resource: rdsArn('db', 'your-app-production') },
      { action: 'kms:CreateGrant', resource: parameter.kmsKeyArn },
      { action: 'kms:Decrypt', resource: secretsKey },
      {
        action: 'secretsmanager:GetSecretValue',
        resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:your-app/production/redis-AbCdEf`,
      },
    ];
    expect(refused.filter((request) => policy.Statement.some((s: Block) => statementAllows(s, request)))).toEqual([]);
  });
});
