/**
 * SOP-02's edits of the platform file: only the changed lines differ, the file stays as Prettier (the repository's
 * `npm run lint`) formats it, and an edit that cannot be made in place says why instead of rewriting the file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultPlatformFile } from '../../src/config';
import { editPlatformText } from '../../src/sop/failover/platform-edit';

const original = readFileSync(defaultPlatformFile(), 'utf8');

/** The lines removed (-) and added (+), counted: a line that appears once more after the edit is one added. */
function changedLines(before: string, after: string): string[] {
  const count = (text: string) =>
    text.split('\n').reduce((map, line) => map.set(line, (map.get(line) ?? 0) + 1), new Map<string, number>());
  const [a, b] = [count(before), count(after)];
  const lines = [...new Set([...a.keys(), ...b.keys()])];
  return lines.flatMap((line) => {
    const delta = (b.get(line) ?? 0) - (a.get(line) ?? 0);
    return Array.from({ length: Math.abs(delta) }, () => `${delta < 0 ? '-' : '+'}${line}`);
  });
}

/** Prettier, as `npm run lint` runs it, leaves the text as it is. */
function prettierAccepts(text: string): boolean {
  const bin = path.resolve(__dirname, '../../node_modules/.bin/prettier');
  const result = spawnSync(bin, ['--stdin-filepath', defaultPlatformFile()], { input: text, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`prettier: ${result.stderr}`);
  return result.stdout === text;
}

it('adds a key to an environment that has the map, and a map with the key to one that has not', () => {
  const edited = editPlatformText(original, 'platform.yaml', [
    {
      path: ['environments', 'production', 'database', 'host'],
      value: 'postgres-replica.production.your-app.internal',
    },
    { path: ['environments', 'qa', 'database', 'promotedReplica'], value: true },
  ]);
  expect(changedLines(original, edited.text).sort()).toEqual([
    '+      host: postgres-replica.production.your-app.internal',
    '+      promotedReplica: true',
    '+    database:',
  ]);
  expect(edited.platform.environments.production.database.host).toBe('postgres-replica.production.your-app.internal');
  expect(edited.platform.environments.qa.database.promotedReplica).toBe(true);
  expect(prettierAccepts(edited.text)).toBe(true);
  expect(prettierAccepts(original)).toBe(true);
  expect(edited.changes).toEqual([
    'environments.production.database.host: (not set) -> "postgres-replica.production.your-app.internal"',
    'environments.qa.database.promotedReplica: (not set) -> true',
  ]);
});

it('replaces a value in place and removes a key with its line, back to the original text', () => {
  const set = editPlatformText(original, 'platform.yaml', [
    { path: ['environments', 'staging', 'dbIsolation'], value: true },
  ]).text;
  const flipped = editPlatformText(set, 'platform.yaml', [
    { path: ['environments', 'staging', 'dbIsolation'], value: false },
  ]);
  expect(changedLines(set, flipped.text).sort()).toEqual(['+    dbIsolation: false', '-    dbIsolation: true']);
  const removed = editPlatformText(flipped.text, 'platform.yaml', [
    { path: ['environments', 'staging', 'dbIsolation'], value: undefined },
  ]);
  expect(removed.text).toBe(original);
});

it('changes nothing, and says so, when the file already holds the values', () => {
  const edited = editPlatformText(original, 'platform.yaml', [
    { path: ['environments', 'production', 'database', 'instanceClass'], value: 'db.r6g.xlarge' },
  ]);
  expect(edited.text).toBe(original);
  expect(edited.changes).toEqual([]);
});

it('quotes a string that YAML would read as something else', () => {
  const edited = editPlatformText(original, 'platform.yaml', [
    { path: ['environments', 'qa', 'database', 'name'], value: 'true' },
  ]);
  expect(edited.text).toContain('      name: "true"\n');
  expect(edited.platform.environments.qa.database.name).toBe('true');
});

it('refuses a flow map rather than rewriting it, and an edit that breaks a rule of the platform', () => {
  expect(() =>
    editPlatformText(original, 'platform.yaml', [
      { path: ['environments', 'production', 'aws', 'network', 'vpcCidr2'], value: 'x' },
    ]),
  ).toThrow('environments.production.aws.network: is a flow map ({ ... }); write it as a block map to edit it here');
  expect(() =>
    editPlatformText(original, 'platform.yaml', [
      { path: ['environments', 'production', 'database', 'host'], value: 'redis.production.your-app.internal' },
    ]),
  ).toThrow(/environments\.production\.redis\.host: must differ from database\.host/);
});
