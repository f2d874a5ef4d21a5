/**
 * The edges of the platform file's rules: a bound met exactly, CPU quantities in both of Kubernetes' notations, an
 * empty map, a field left undefined. Expected values come from the rules' own words (`<=`, "greater than") and from
 * Kubernetes' quantity rules (`1` CPU = `1000m`), not from the code.
 */
import { loadPlatform } from '../../src/config';
import { platformWith, problemsOf, setIn } from '../helpers/platform';

const QA_WORKER = 'environments.qa.services.worker';

describe('CPU requests within limits (Kubernetes quantities: "1" = "1000m", "0.5" = "500m")', () => {
  const resources = (requests: string, limits: string) =>
    platformWith((doc) =>
      setIn(doc, `${QA_WORKER}.resources`, {
        requests: { cpu: requests, memory: '256Mi' },
        limits: { cpu: limits, memory: '256Mi' },
      }),
    );

  it.each([
    ['1500m', '1'],
    ['1001m', '1'],
    ['2', '1500m'],
    ['0.6', '500m'],
  ])('rejects requests %s over limits %s', (requests, limits) => {
    expect(problemsOf(resources(requests, limits))).toEqual([
      `${QA_WORKER}.resources.requests.cpu: must be <= limits.cpu (${limits})`,
    ]);
  });

  it.each([
    ['1000m', '1'],
    ['1', '1000m'],
    ['0.5', '500m'],
    ['250m', '1500m'],
  ])('accepts requests %s within limits %s', (requests, limits) => {
    expect(loadPlatform(resources(requests, limits)).environments.qa.services.worker.resources.requests.cpu).toBe(
      requests,
    );
  });
});

describe('rules the Helm chart enforces too (mirrored-rules.ts), at their bounds', () => {
  it('accepts autoscaling.minReplicas equal to maxReplicas (the rule is <=)', () => {
    // staging's profile (pre-production) sizes every service 3..6.
    const document = platformWith((doc) =>
      setIn(doc, 'environments.staging.services.worker.autoscaling.maxReplicas', 3),
    );
    const { autoscaling } = loadPlatform(document).environments.staging.services.worker;
    expect(autoscaling).toMatchObject({ minReplicas: 3, maxReplicas: 3 });
  });

  it('rejects a canary step whose weight equals the previous one (each is greater)', () => {
    const document = platformWith((doc) =>
      setIn(doc, `${QA_WORKER}.canary.steps`, [{ setWeight: 50 }, { pause: { duration: '1m' } }, { setWeight: 50 }]),
    );
    expect(problemsOf(document)).toEqual([
      `${QA_WORKER}.canary.steps[2].setWeight: must be greater than the previous setWeight (50)`,
    ]);
  });
});

describe('maps that must not be empty', () => {
  it.each([
    ['services', 'services: must declare at least one service'],
    ['environments', 'environments: must declare at least one environment'],
  ])('rejects a platform without %s', (map, problem) => {
    expect(problemsOf(platformWith((doc) => (doc[map] = {})))).toEqual([problem]);
  });
});

it("takes a field set to undefined (a document built in code) as absent: the profile's value applies", () => {
  // qa's profile (non-production) logs at debug; staging's (pre-production) at info.
  const document = platformWith((doc) => {
    doc.environments.qa.logLevel = undefined;
    doc.environments.staging.logLevel = undefined;
  });
  const { qa, staging } = loadPlatform(document).environments;
  expect([qa.logLevel, staging.logLevel]).toEqual(['debug', 'info']);
});
