/**
 * The CI roles the workflows assume: one per purpose and environment, each trusting GitHub's OIDC provider for the
 * STS audience and exactly the subjects its workflow jobs carry; the provider once per account.
 */
import { parse, parseAllDocuments } from 'yaml';
import { ciKubernetesGroup, ciRoleName, environmentNames, imageRepositoryOwner } from '../../src/config';
import { renderPipeline, WORKFLOWS_DIR } from '../../src/pipeline';
import { ciRoleSubjects } from '../../src/pipeline/oidc';
import { renderManifests } from '../../src/synth/render';
import { defaultStacks, platform } from './synth';
import { nonEmpty } from '../helpers/collections';

const stacks = defaultStacks();
/** The delivery pipeline's roles (the SOP-01 drill's role, also assumed by GitHub, is test/infra/sop-drill.test.ts's). */
const roles = (env: string) =>
  Object.values<any>(stacks.get(`${platform.app.name}-${env}`)!.config.resource.aws_iam_role).filter(
    (r) => r.name.includes('-ci-') && r.name !== ciRoleName(platform, env, 'sop-drill'),
  );
const trust = (role: any) => JSON.parse(role.assume_role_policy).Statement[0];

describe.each(environmentNames(platform))('%s', (env) => {
  it('has a plan, deploy and promote role, and image-push only where the registry lives', () => {
    const purposes = ['plan', 'deploy', 'promote', ...(imageRepositoryOwner(platform) === env ? ['image-push'] : [])];
    expect(
      roles(env)
        .map((r) => r.name)
        .sort(),
    ).toEqual(purposes.map((p) => ciRoleName(platform, env, p)).sort());
  });

  it('trusts only GitHub OIDC tokens for STS with the subjects of each purpose', () => {
    for (const role of nonEmpty(roles(env))) {
      const statement = trust(role);
      const purpose = role.name.slice(ciRoleName(platform, env, '').length) as any;
      expect(statement.Action).toBe('sts:AssumeRoleWithWebIdentity');
      expect(statement.Principal).toEqual({
        Federated: `arn:aws:iam::${platform.environments[env].aws.accountId}:oidc-provider/token.actions.githubusercontent.com`,
      });
      expect(statement.Condition.StringEquals).toEqual({
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      });
      expect(statement.Condition.StringLike['token.actions.githubusercontent.com:sub']).toEqual(
        ciRoleSubjects(platform, env, purpose),
      );
    }
  });
});

it('the promote role trusts the job that releases into its environment: its GitHub environment when gated, else the branch', () => {
  const promotion = parse(renderPipeline(platform, 'platform.yaml').get(`${WORKFLOWS_DIR}/promotion.yml`)!);
  const repo = platform.github.repository;
  for (const env of nonEmpty(environmentNames(platform))) {
    const job = promotion.jobs[`release-${env}`];
    const expected = job.environment
      ? `repo:${repo}:environment:${job.environment}`
      : `repo:${repo}:ref:refs/heads/${platform.github.branch}`;
    expect(ciRoleSubjects(platform, env, 'promote')).toContain(expected);
  }
});

it('creates GitHub OIDC provider once per account, in the first environment of the account', () => {
  const seen = new Set<string>();
  for (const env of nonEmpty(environmentNames(platform))) {
    const providers = Object.values<any>(
      stacks.get(`${platform.app.name}-${env}`)!.config.resource.aws_iam_openid_connect_provider ?? {},
    ).filter((p) => p.url === 'https://token.actions.githubusercontent.com');
    const account = platform.environments[env].aws.accountId;
    expect(providers.length).toBe(seen.has(account) ? 0 : 1);
    seen.add(account);
  }
});

it("maps the promote role to the Kubernetes group the app namespace's Role binds, read-only on Rollouts", () => {
  const group = ciKubernetesGroup(platform);
  for (const env of nonEmpty(environmentNames(platform))) {
    const entries = Object.values<any>(stacks.get(`${platform.app.name}-${env}`)!.config.resource.aws_eks_access_entry);
    expect(entries.filter((e) => e.kubernetes_groups?.includes(group)).length).toBe(1);
    const text = renderManifests(platform, [env]).get(`dist/${env}/namespace.k8s.yaml`)!;
    const objects = parseAllDocuments(text).map((doc) => doc.toJS());
    const binding = objects.find((o) => o.kind === 'RoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'Group', name: group, apiGroup: 'rbac.authorization.k8s.io' }]);
    const role = objects.find((o) => o.kind === 'Role' && o.metadata.name === binding.roleRef.name);
    expect(role.rules.flatMap((r: any) => r.verbs).sort()).toEqual(['get', 'list', 'watch']);
  }
});
