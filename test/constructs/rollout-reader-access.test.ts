/**
 * The promotion workflow's read access to Argo Rollouts, by the requests it makes. README (delivery, step 3):
 * `npm run pipeline -- rollout-status` waits until every Rollout is Healthy, "the phase computed as
 * `kubectl argo rollouts status` does, with plain kubectl": cli/pipeline.ts runs
 * `kubectl get rollouts.argoproj.io --namespace <ns> --output json`, a LIST in the app namespace. The Role's
 * design (src/constructs/rollout-reader-access.ts) also lets a person reading the job's credentials follow one
 * Rollout and its AnalysisRuns (get, watch). The promote role maps to the group through its EKS access entry
 * (docs/infrastructure.md, "Kubernetes group of the promote role's EKS access entry"). Read only: promoting or
 * aborting (`kubectl argo rollouts promote|abort` PATCH the Rollout) stays with people and the canary analysis.
 */
import { Testing } from 'cdk8s';
import { RolloutReaderAccess } from '../../src/constructs/rollout-reader-access';
import { nonEmpty } from '../helpers/collections';
import { SHOP_IDENTITY as identity, SHOP_OWNER_LABELS } from '../helpers/identity';
import { expectValidManifests } from '../helpers/k8s-schema';
import { rbacAllows, type ResourceRequest } from '../helpers/rbac';

const GROUP = 'shop-ci-rollout-readers';
const NS = identity.namespace;

function readerAccess() {
  const chart = Testing.chart();
  new RolloutReaderAccess(chart, 'reader', { identity, group: GROUP });
  return Testing.synth(chart);
}

const argo = (verb: string, resource: string, namespace: string | undefined = NS, name?: string): ResourceRequest => ({
  verb,
  apiGroup: 'argoproj.io',
  resource,
  namespace,
  name,
});

describe("the promotion workflow's Rollout reader", () => {
  it('is a valid Role and RoleBinding in the app namespace, labelled as part of the app', () => {
    const objects = readerAccess();
    expectValidManifests(objects);
    expect(objects.map((o) => [o.kind, o.metadata.namespace])).toEqual([
      ['Role', NS],
      ['RoleBinding', NS],
    ]);
    for (const o of nonEmpty(objects)) {
      expect(o.metadata.labels).toMatchObject({
        ...SHOP_OWNER_LABELS,
        'app.kubernetes.io/component': expect.stringMatching(/./),
      });
    }
  });

  it.each<[string, ResourceRequest]>([
    ["list the namespace's Rollouts (rollout-status' kubectl get)", argo('list', 'rollouts')],
    ['read one Rollout', argo('get', 'rollouts', NS, 'shop-web')],
    ['watch the Rollouts', argo('watch', 'rollouts')],
    ['list the AnalysisRuns', argo('list', 'analysisruns')],
    ['read one AnalysisRun', argo('get', 'analysisruns', NS, 'shop-web-abc-1')],
    ['watch the AnalysisRuns', argo('watch', 'analysisruns')],
  ])('lets the group %s', (_what, request) => {
    expect(rbacAllows(readerAccess(), { groups: [GROUP] }, request)).toBe(true);
  });

  it.each<[string, ResourceRequest]>([
    ['promote or abort a Rollout', argo('patch', 'rollouts', NS, 'shop-web')],
    ['replace a Rollout', argo('update', 'rollouts', NS, 'shop-web')],
    ['delete an AnalysisRun', argo('delete', 'analysisruns', NS, 'shop-web-abc-1')],
    ['read Rollouts of another namespace', argo('list', 'rollouts', 'shop-staging')],
    ['list Rollouts across namespaces', argo('list', 'rollouts', '')],
    ['read Secrets', { verb: 'get', apiGroup: '', resource: 'secrets', namespace: NS, name: 'shop-database' }],
    ['read Experiments', argo('list', 'experiments')],
  ])('does not let it %s', (_what, request) => {
    expect(rbacAllows(readerAccess(), { groups: [GROUP] }, request)).toBe(false);
  });

  it('grants nothing to anyone outside the group', () => {
    expect(rbacAllows(readerAccess(), { groups: ['system:authenticated'] }, argo('list', 'rollouts'))).toBe(false);
  });
});
