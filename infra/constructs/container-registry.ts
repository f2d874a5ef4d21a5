import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct } from 'constructs';
import { baseName, partition, type InfraContext } from '../context';
import { policyDocument, policyJson } from '../policy';
import { CustomerKey } from './kms-key';

export interface ContainerRegistryProps {
  readonly context: InfraContext;
  /** Repository name: the path of `image.repository` after the registry host. */
  readonly repositoryName: string;
  /**
   * Accounts whose nodes pull the image (the other environments: one image is promoted, never rebuilt).
   * @default none
   */
  readonly pullAccountIds?: readonly string[];
  /**
   * Region that receives a replica of every pushed image.
   * @default none
   */
  readonly replicaRegion?: string;
}

/** Untagged layers left by failed pushes go after two weeks; tagged images (releases) are kept. */
const LIFECYCLE = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: 'Expire untagged images after 14 days',
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
      action: { type: 'expire' },
    },
  ],
});

/**
 * The app's image repository: immutable tags (a tag names one build forever), scan on push, KMS encryption,
 * pulls from the other environments' accounts, and replication of every image to the DR region into a
 * repository with the same settings, created here so replication does not create a default one.
 */
export class ContainerRegistry extends Construct {
  readonly repository: EcrRepository;
  readonly replica?: EcrRepository;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const ctx = props.context;
    this.repository = this.repositoryIn('primary', props.repositoryName, ctx);
    const pullers = props.pullAccountIds ?? [];
    if (pullers.length > 0) {
      new EcrRepositoryPolicy(this, 'pull-policy', {
        repository: this.repository.name,
        policy: policyJson(
          policyDocument({
            Sid: 'PullFromOtherEnvironments',
            Effect: 'Allow',
            Principal: { AWS: pullers.map((account) => `arn:${partition(ctx.region.region)}:iam::${account}:root`) },
            Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          }),
        ),
      });
    }
    if (!props.replicaRegion) return;

    this.replica = this.repositoryIn('replica', props.repositoryName, ctx, props.replicaRegion);
    // Registry-wide singleton: this stack owns the replication rules of the account's registry in this region.
    new EcrReplicationConfiguration(this, 'replication', {
      replicationConfiguration: {
        rule: [
          {
            destination: [{ region: props.replicaRegion, registryId: ctx.env.aws.accountId }],
            repositoryFilter: [{ filter: props.repositoryName, filterType: 'PREFIX_MATCH' }],
          },
        ],
      },
      dependsOn: [this.replica],
    });
  }

  private repositoryIn(id: string, name: string, ctx: InfraContext, region?: string): EcrRepository {
    const key = new CustomerKey(this, `${id}-key`, {
      alias: `${baseName(ctx)}-ecr`,
      description: `Images of ${name}`,
      region,
    });
    const repository = new EcrRepository(this, id, {
      name,
      region,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: key.arn }],
      tags: { Name: name },
    });
    new EcrLifecyclePolicy(this, `${id}-lifecycle`, { repository: repository.name, region, policy: LIFECYCLE });
    return repository;
  }
}
