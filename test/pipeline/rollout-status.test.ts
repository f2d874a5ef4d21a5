/**
 * The Rollout phase the promotion workflow reads with plain kubectl is the one Argo Rollouts' own CLI reports: the
 * upstream fixtures of argo-rollouts v1.9.1 (pkg/kubectl-argo-rollouts/info/testdata, vendored unmodified) give the
 * phase and message that upstream's status tests (cmd/status/status_test.go) expect.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { releaseTargets } from '../../src/pipeline/release-targets';
import { rolloutPhase, type RolloutObject } from '../../src/pipeline/rollout-phase';
import { releaseReport } from '../../src/pipeline/rollout-watch';
import { ROOT } from '../helpers/files';
import { defaultPlatformWithTag, ENVIRONMENTS } from '../helpers/platform';

const fixture = (name: string): RolloutObject =>
  parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'argo-rollouts-v1.9.1', name), 'utf8'));

describe('rolloutPhase, against upstream expectations', () => {
  it('an aborted canary is Degraded with the analysis message (TestStatusAbortedRollout)', () => {
    expect(rolloutPhase(fixture('rollout-aborted_rollout.yaml'))).toEqual({
      phase: 'Degraded',
      message: 'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
    });
  });

  it('an invalid spec is Degraded (TestStatusInvalidRollout)', () => {
    expect(rolloutPhase(fixture('rollout-invalid_rollout-invalid.yaml'))).toEqual({
      phase: 'Degraded',
      message:
        'InvalidSpec: The Rollout "rollout-invalid" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"doesnt-match"}: `selector` does not match template `labels`',
    });
  });

  it('a paused blue-green is Paused with its pause reason (TestStatusBlueGreenRollout)', () => {
    expect(rolloutPhase(fixture('blue-green_bluegreen-rollout.yaml'))).toEqual({
      phase: 'Paused',
      message: 'BlueGreenPause',
    });
  });

  it('a spec change the controller has not observed yet is Progressing, whatever status.phase says', () => {
    const ro = fixture('rollout-aborted_rollout.yaml');
    const changed = {
      ...ro,
      metadata: { ...ro.metadata, generation: 16 },
      status: { ...ro.status, phase: 'Healthy' as const },
    };
    expect(rolloutPhase(changed)).toEqual({
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed',
    });
  });

  it('status.phase, which the 1.x controller writes, wins over the calculation', () => {
    const ro = fixture('rollout-aborted_rollout.yaml');
    expect(rolloutPhase({ ...ro, status: { ...ro.status, phase: 'Healthy', message: '' } }).phase).toBe('Healthy');
  });
});

describe('releaseReport: a release of a tag in one environment', () => {
  const env = ENVIRONMENTS[0];
  const targets = releaseTargets(defaultPlatformWithTag('abc1234'), env);
  const cluster = (image: string, status: RolloutObject['status']): RolloutObject[] =>
    targets.rollouts.map((ro) => ({
      metadata: { name: ro.name, generation: 3 },
      spec: { template: { spec: { containers: ro.images.map(() => ({ image })) } } },
      status: { observedGeneration: '3', ...status },
    }));
  const image = targets.rollouts[0]?.images[0];

  it('expects every Rollout of the environment with the tagged image', () => {
    expect(targets.rollouts.length).toBeGreaterThan(0);
    for (const ro of targets.rollouts) expect(ro.images.every((i) => i.endsWith(':abc1234'))).toBe(true);
    expect(targets.endpoints.length).toBeGreaterThan(0);
    for (const endpoint of targets.endpoints) expect(endpoint.url).toMatch(/^https:\/\/[a-z0-9.-]+\/.+/);
  });

  it('waits while Argo CD has not synced the new image, even if the old one is Healthy', () => {
    const old = image.replace(/:abc1234$/, ':0000000');
    const report = releaseReport(targets.rollouts, cluster(old, { phase: 'Healthy' }));
    expect(report.state).toBe('waiting');
    expect(report.rollouts[0].line).toContain('waiting for Argo CD to sync');
  });

  it('waits while a canary is paused or progressing', () => {
    expect(releaseReport(targets.rollouts, cluster(image, { phase: 'Paused', message: 'CanaryPauseStep' })).state).toBe(
      'waiting',
    );
    expect(releaseReport(targets.rollouts, cluster(image, { phase: 'Progressing' })).state).toBe('waiting');
  });

  it('is healthy once every Rollout runs the tag and is Healthy', () => {
    expect(releaseReport(targets.rollouts, cluster(image, { phase: 'Healthy' })).state).toBe('healthy');
  });

  it('is degraded as soon as one Rollout aborted', () => {
    const rollouts = cluster(image, { phase: 'Healthy' });
    const aborted = fixture('rollout-aborted_rollout.yaml');
    rollouts[0] = { ...rollouts[0], status: { ...aborted.status, observedGeneration: '3', phase: undefined } };
    const report = releaseReport(targets.rollouts, rollouts);
    expect(report.state).toBe('degraded');
    expect(report.rollouts[0].line).toContain('RolloutAborted');
  });

  it('waits for a Rollout that is not in the cluster yet', () => {
    expect(releaseReport(targets.rollouts, []).state).toBe('waiting');
  });
});
