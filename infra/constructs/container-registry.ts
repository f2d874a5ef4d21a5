import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrReplicationConfiguration } from '@cdktf/provider-aws/lib/ecr-replication-configuration';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct } from 'constructs';
import { keyAlias, partition, type InfraContext } from '../context';
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
   * Region that receives a replica of every pushed image, into the repository the DR storage stack keeps there
   * (`ContainerRegistry.replicaRepository`).
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
 * pulls from the other environments' accounts, and replication of every image to the DR region. The DR storage
 * stack creates the destination repository with the same settings beforehand, so replication does not create a
 * default one.
 */
export class ContainerRegistry extends Construct {
  readonly repository: EcrRepository;

  /** The repository that receives the replicas, in the DR storage stack (its own region). */
  static replicaRepository(scope: Construct, id: string, ctx: InfraContext, name: string): EcrRepository {
    return repositoryIn(new Construct(scope, id), 'replica', name, ctx);
  }

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const ctx = props.context;
    this.repository = repositoryIn(this, 'primary', props.repositoryName, ctx);
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
    });
  }
}

/** A repository with its own customer key and the lifecycle policy, in the stack's region. */
function repositoryIn(scope: Construct, id: string, name: string, ctx: InfraContext): EcrRepository {
  const key = new CustomerKey(scope, `${id}-key`, { alias: keyAlias(ctx, 'ecr'), description: `Images of ${name}` });
  const repository = new EcrRepository(scope, id, {
    name,
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: key.arn }],
    tags: { Name: name },
  });
  new EcrLifecyclePolicy(scope, `${id}-lifecycle`, { repository: repository.name, policy: LIFECYCLE });
  return repository;
}
