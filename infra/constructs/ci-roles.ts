import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { Construct } from 'constructs';
import { dependable } from 'cdktf';
import {
  ciKubernetesGroup,
  ciRoleName,
  githubOidcProviderArn,
  imageRepositoryOwner,
  parseEcrRepository,
  type CiRolePurpose,
} from '../../src/config';
import { ciRoleSubjects, OIDC_AUDIENCE, OIDC_ISSUER_HOST } from '../../src/pipeline/oidc';
import { PROMOTE_SESSION_SECONDS } from '../../src/pipeline/steps';
import { partition, stackName, type InfraContext } from '../context';
import { policyDocument, type PolicyDocument, type PolicyStatement } from '../policy';
import { GithubOidcProvider } from './github-oidc-provider';
import { ServiceRole } from './service-role';

export interface CiRolesProps {
  readonly context: InfraContext;
  /** The environment's cluster: the promote role reads its Rollouts through an access entry. */
  readonly cluster: EksCluster;
}

/**
 * The roles GitHub workflows assume in this environment's account, one per purpose, each trusting only the OIDC
 * subjects of that purpose (src/pipeline/oidc.ts) for the STS audience, with only the permissions that purpose
 * uses; and GitHub's OIDC provider, created by the first environment (in promotion order) of each account.
 */
export class CiRoles extends Construct {
  readonly roles: Partial<Record<CiRolePurpose, ServiceRole>> = {};

  constructor(scope: Construct, id: string, props: CiRolesProps) {
    super(scope, id);
    const ctx = props.context;
    const { platform, envName, env } = ctx;
    const firstOfAccount = platform.promotion.find(
      (name) => platform.environments[name].aws.accountId === env.aws.accountId,
    );
    // The other environments of the account reference it by ARN: deploys run in promotion order.
    const provider = firstOfAccount === envName ? new GithubOidcProvider(this, 'github-oidc') : undefined;
    const arn = partition(ctx.region.region);
    const account = env.aws.accountId;

    const role = (purpose: CiRolePurpose, policy: { managed?: string[]; inline?: PolicyDocument }) => {
      const created = new ServiceRole(this, purpose, {
        name: ciRoleName(platform, envName, purpose),
        trust: this.trust(ctx, purpose),
        managedPolicies: policy.managed,
        inlinePolicy: policy.inline,
        partition: arn,
      });
      if (provider) created.role.dependsOn = [dependable(provider.provider)];
      this.roles[purpose] = created;
      return created;
    };

    // cdktf diff: read everything the stack manages, and take the state lock (S3 lockfile) of its own state.
    const state = `arn:${arn}:s3:::${ctx.region.stateBucket}/${stackName(ctx)}/terraform.tfstate.tflock`;
    role('plan', {
      managed: ['ReadOnlyAccess'],
      inline: policyDocument(
        { Sid: 'StateLock', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: state },
        // The ephemeral database password and the Redis token are generated at plan time.
        { Sid: 'GeneratedPasswords', Effect: 'Allow', Action: 'secretsmanager:GetRandomPassword', Resource: '*' },
      ),
    });

    // cdktf deploy: everything but IAM, and IAM only for this environment's own roles and policies.
    const own = `${platform.app.name}-${envName}-*`;
    role('deploy', {
      managed: ['PowerUserAccess'],
      inline: policyDocument(
        {
          Sid: 'OwnRolesAndPolicies',
          Effect: 'Allow',
          Action: 'iam:*',
          Resource: [
            `arn:${arn}:iam::${account}:role/${own}`,
            `arn:${arn}:iam::${account}:policy/${own}`,
            `arn:${arn}:iam::${account}:instance-profile/${own}`,
            `arn:${arn}:iam::${account}:oidc-provider/*`,
          ],
        },
        { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
        { Sid: 'ServiceLinkedRoles', Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*' },
      ),
    });

    // A release: check the image exists (the registry's pull policy admits this account), and read the Rollouts.
    const image = parseEcrRepository(platform.image.repository);
    const repositoryArn = image && `arn:${arn}:ecr:${image.region}:${image.accountId}:repository/${image.name}`;
    const promote = role('promote', {
      inline: policyDocument(
        ...([
          { Sid: 'Cluster', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: props.cluster.arn },
          ...(repositoryArn
            ? [{ Sid: 'Image', Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: repositoryArn }]
            : []),
        ] as PolicyStatement[]),
      ),
    });
    // kubectl waits on a canary for up to a GitHub job's lifetime with these credentials.
    promote.role.maxSessionDuration = PROMOTE_SESSION_SECONDS;
    new EksAccessEntry(this, 'promote-access', {
      clusterName: props.cluster.name,
      principalArn: promote.role.arn,
      type: 'STANDARD',
      // A Role in the app namespace (dist/<env>/namespace.k8s.yaml) lets this group read Rollouts, nothing else.
      kubernetesGroups: [ciKubernetesGroup(platform)],
    });

    if (repositoryArn && imageRepositoryOwner(platform) === envName) {
      role('image-push', {
        inline: policyDocument(
          { Sid: 'Login', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
          {
            Sid: 'Push',
            Effect: 'Allow',
            Action: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:BatchGetImage',
              'ecr:CompleteLayerUpload',
              'ecr:DescribeImages',
              'ecr:GetDownloadUrlForLayer',
              'ecr:InitiateLayerUpload',
              'ecr:PutImage',
              'ecr:UploadLayerPart',
            ],
            Resource: repositoryArn,
          },
        ),
      });
    }
  }

  /** Web identity from GitHub's provider, for the STS audience, from exactly the purpose's subjects. */
  private trust(ctx: InfraContext, purpose: CiRolePurpose): PolicyDocument {
    return policyDocument({
      Effect: 'Allow',
      Principal: { Federated: githubOidcProviderArn(ctx.platform, ctx.envName) },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { [`${OIDC_ISSUER_HOST}:aud`]: OIDC_AUDIENCE },
        StringLike: { [`${OIDC_ISSUER_HOST}:sub`]: ciRoleSubjects(ctx.platform, ctx.envName, purpose) },
      },
    });
  }
}
