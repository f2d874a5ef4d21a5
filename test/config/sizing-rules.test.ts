/**
 * The sizing rules at their edges: each rule refuses the first value past its bound and accepts the bound itself.
 * Bounds from the rules as the docs and Kubernetes state them: a node group's min may equal its max (a fixed size);
 * a PDB may take one zone's share of the pods (minReplicas / zones, rounded down, at least 1); requests equal to
 * limits is Kubernetes' Guaranteed QoS class; the canary's analysis needs its pauses after the first setWeight
 * (before it the canary has no traffic), 2m window + failureLimit x interval.
 */
import { BUILT_IN_PROFILES, loadPlatform } from '../../src/config';
import { nonEmpty } from '../helpers/collections';
import { defaultPlatform, platformWith, problemsOf, setIn } from '../helpers/platform';

/** A change that sets fields, each by its dotted path. */
const set =
  (fields: Record<string, unknown>) =>
  (document: any): void => {
    for (const [path, value] of Object.entries(fields)) setIn(document, path, value);
  };

describe('refused past the bound', () => {
  it.each([
    [
      'a node group whose minimum is above its maximum',
      set({ 'environments.qa.cluster.nodesPerZone': { min: 3, max: 2 } }),
      'environments.qa.cluster.nodesPerZone.min: must be <= nodesPerZone.max',
    ],
    [
      'a memory request above the limit, in other units',
      set({
        'environments.production.services.worker.resources': {
          requests: { cpu: '500m', memory: '2049Mi' },
          limits: { cpu: '1', memory: '2Gi' },
        },
      }),
      'environments.production.services.worker.resources.requests.memory: must be <= limits.memory (2Gi)',
    ],
    [
      // qa's analysis: 2m window + failureLimit 1 x 1m interval = 180s of pauses after the first setWeight. The 10
      // minutes before it have no canary traffic to measure.
      'a long pause before the first setWeight, counted as if it measured the canary',
      set({
        'environments.qa.services.api.canary.steps': [
          { pause: { duration: '10m' } },
          { setWeight: 50 },
          { pause: { duration: '150s' } },
          { setWeight: 100 },
        ],
      }),
      'environments.qa.services.api.canary.steps: must pause at least 180s after the first setWeight (150s now): the analysis needs a 2m window of canary traffic, then failureLimit + 1 measurements 1m apart, to abort a bad canary',
    ],
  ])('%s', (_, change, expected) => {
    expect(problemsOf(platformWith(change))).toEqual([expected]);
  });

  it('says only that a canary without a setWeight step needs one: there is no first setWeight to time pauses from', () => {
    const steps = set({ 'environments.qa.services.api.canary.steps': [{ pause: { duration: '1m' } }] });
    expect(problemsOf(platformWith(steps))).toEqual([
      'environments.qa.services.api.canary.steps: must contain at least one setWeight step',
    ]);
  });
});

describe('accepted at the bound', () => {
  it('a node group of fixed size (min = max)', () => {
    const platform = loadPlatform(platformWith(set({ 'environments.qa.cluster.nodesPerZone': { min: 2, max: 2 } })));
    expect(platform.environments.qa.cluster.nodesPerZone).toEqual({ min: 2, max: 2 });
  });

  it.each([
    [6, 2], // 2, 2, 2 over three zones
    [7, 2], // 3, 2, 2: the emptiest zone holds 2
    [5, 1], // 2, 2, 1
  ])('a PDB of one zone share: %i pods over 3 zones, maxUnavailable %i', (minReplicas, maxUnavailable) => {
    const document = platformWith(
      set({
        'environments.production.services.api.autoscaling.minReplicas': minReplicas,
        'environments.production.services.api.maxUnavailable': maxUnavailable,
      }),
    );
    expect(loadPlatform(document).environments.production.services.api.maxUnavailable).toBe(maxUnavailable);
  });

  it('requests equal to limits (Guaranteed QoS), written in other units', () => {
    const resources = {
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '1000m', memory: '2048Mi' },
    };
    const document = platformWith(set({ 'environments.production.services.worker.resources': resources }));
    expect(loadPlatform(document).environments.production.services.worker.resources).toEqual(resources);
  });
});

describe('an http service always has a canary analysis, so a bad canary aborts on its own', () => {
  // No rule checks it (a rule that can never fire is dead code): the built-in profiles give every service one, a
  // file's profile extends a built-in one, and the file can change an analysis but not remove it.
  it.each(Object.keys(BUILT_IN_PROFILES))('profile %s gives every service an analysis', (name) => {
    const profile = BUILT_IN_PROFILES[name as keyof typeof BUILT_IN_PROFILES];
    expect(Object.keys(profile.service.canary?.analysis ?? {})).toEqual(
      expect.arrayContaining(['maxErrorRatio', 'maxP99LatencySeconds', 'interval', 'failureLimit']),
    );
  });

  it('refuses an empty analysis rather than dropping it', () => {
    const none = set({ 'environments.qa.services.api.canary.analysis': null });
    expect(problemsOf(platformWith(none))).toEqual([
      'environments.qa.services.api.canary.analysis: must be an object, not null',
    ]);
  });

  it('keeps it in every environment of the built-in platform', () => {
    const platform = defaultPlatform;
    const http = nonEmpty(
      Object.values(platform.environments).flatMap((env) =>
        Object.entries(env.services).filter(([service]) => platform.services[service].kind === 'http'),
      ),
    );
    for (const [, sizing] of http) expect(sizing.canary.analysis?.failureLimit).toEqual(expect.any(Number));
  });
});
