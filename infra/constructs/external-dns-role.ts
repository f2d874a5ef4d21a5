import { Construct } from 'constructs';
import { awsWorkloads } from '../../src/config';
import type { InfraContext } from '../context';
import { policyDocument } from '../policy';
import { WorkloadRole, type ClusterOidc } from './workload-role';

export interface ExternalDnsRoleProps extends ClusterOidc {
  readonly context: InfraContext;
  readonly zoneArn: string;
}

/**
 * The role of external-dns: the upstream policy (kubernetes-sigs/external-dns@v0.21.0 docs/tutorials/aws.md, "IAM
 * Permissions with ABAC") narrowed to the environment's zone and to the names of this region
 * (`*.<region>.<domain>`: the regional names of the services and their TXT ownership records). It cannot touch the
 * public names, which infra owns.
 */
export class ExternalDnsRole extends Construct {
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: ExternalDnsRoleProps) {
    super(scope, id);
    const ctx = props.context;
    const role = new WorkloadRole(this, 'Default', {
      ...props,
      workload: awsWorkloads(ctx.platform)['external-dns'],
      policy: policyDocument(
        {
          Sid: 'ChangeRegionalRecords',
          Effect: 'Allow',
          Action: 'route53:ChangeResourceRecordSets',
          Resource: props.zoneArn,
          Condition: {
            'ForAllValues:StringLike': {
              'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`*.${ctx.region.region}.${ctx.env.domain}`],
            },
          },
        },
        {
          Sid: 'ReadZone',
          Effect: 'Allow',
          Action: ['route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
          Resource: props.zoneArn,
        },
        { Sid: 'FindZone', Effect: 'Allow', Action: 'route53:ListHostedZones', Resource: '*' },
      ),
    });
    this.roleArn = role.roleArn;
  }
}
