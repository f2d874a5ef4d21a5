/**
 * The procedures cite only commands that exist: every `npm run <script>` of docs/sop and docs/runbooks is a script
 * of package.json, every `npm run sop` and `npm run synth` command line parses with the commands' own parsers, every
 * script path names a file of this repository, and every kubectl command is plain kubectl (no plugin: the real
 * kubectl knows the subcommand).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseSynthArgs } from '../../cli/args';
import { parseSopArgs } from '../../cli/sop-args';
import { toolPath } from '../helpers/tools';
import { defaultPlatform } from '../helpers/platform';
import { nonEmpty } from '../helpers/collections';

const root = path.resolve(__dirname, '../..');
const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
const files = ['docs/sop', 'docs/runbooks'].flatMap((dir) =>
  readdirSync(path.join(root, dir))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `${dir}/${name}`),
);

/** Every command-like text of a Markdown file: each line of a fenced block, each inline code span. */
function codeOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const fenced = [...text.matchAll(/^ *```[a-z]*\n([\s\S]*?)^ *```/gm)].flatMap((m) =>
    m[1].split('\n').map((line) => line.trim()),
  );
  const prose = text.replace(/^ *```[a-z]*\n[\s\S]*?^ *```/gm, '');
  const spans = [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\s*\n\s*/g, ' '));
  return [...fenced, ...spans].filter(Boolean);
}

const code = files.flatMap((file) => codeOf(file).map((text) => ({ file, text })));

/** Shell words: quotes and `<placeholders>` keep their spaces. */
function words(line: string): string[] {
  return [...line.matchAll(/'[^']*'|"[^"]*"|<[^>]*>|[^\s]+/g)].map((m) => m[0].replace(/^(['"])(.*)\1$/, '$2'));
}

/** The arguments after `npm run <script>` (and `--`), up to a shell operator or comment. */
function npmRuns(text: string): { script: string; args: string[] }[] {
  return [...text.matchAll(/npm run (?:--silent )?([a-z][a-z:-]*)([^`;&|#]*)/g)].map((m) => {
    const args = words(m[2]);
    return { script: m[1], args: args[0] === '--' ? args.slice(1) : args };
  });
}

it('reads the procedures', () => {
  expect(files).toEqual(
    expect.arrayContaining(['docs/sop/sop-01-database-restore-drill.md', 'docs/runbooks/rollout-failed.md']),
  );
  expect(code.length).toBeGreaterThan(50);
});

it('cites only npm scripts of package.json', () => {
  const cited = code.flatMap(({ file, text }) => npmRuns(text).map((run) => ({ file, script: run.script })));
  expect(cited.length).toBeGreaterThan(10);
  expect(cited.filter(({ script }) => !(script in scripts))).toEqual([]);
});

it('cites npm run sop and npm run synth command lines their parsers accept, for environments that exist', () => {
  const sop = code.flatMap(({ file, text }) =>
    npmRuns(text)
      .filter((run) => run.script === 'sop')
      .map((run) => ({ file, args: run.args })),
  );
  expect(sop.length).toBeGreaterThan(8);
  for (const { file, args } of sop) {
    const parsed = (() => {
      try {
        return parseSopArgs(args);
      } catch (error) {
        throw new Error(`${file}: npm run sop -- ${args.join(' ')}: ${(error as Error).message.split('\n')[0]}`);
      }
    })();
    expect([file, args.join(' '), defaultPlatform.promotion.includes(parsed.environment)]).toEqual([
      file,
      args.join(' '),
      true,
    ]);
  }
  const commands = { synth: 'all', 'synth:k8s': 'k8s', 'synth:infra': 'infra' } as const;
  for (const { text } of nonEmpty(code)) {
    for (const run of npmRuns(text).filter((r) => r.script in commands)) {
      expect(() => parseSynthArgs(commands[run.script as keyof typeof commands], run.args)).not.toThrow();
    }
  }
});

it('names only files of this repository as scripts', () => {
  const paths = code.flatMap(({ file, text }) =>
    [...text.matchAll(/(?:^|[\s(=])((?:scripts|cli|src|infra|bench)\/[\w./-]+\.(?:sh|ts|cjs|js))/g)].map((m) => ({
      file,
      path: m[1],
    })),
  );
  expect(paths.length).toBeGreaterThan(0);
  expect(paths.filter(({ path: p }) => !existsSync(path.join(root, p)))).toEqual([]);
});

it('uses plain kubectl: every subcommand is one kubectl itself has', () => {
  const subcommands = new Set(
    code.flatMap(({ text }) => [...text.matchAll(/(?:^|[\s($])kubectl ([a-z-]+)/g)].map((m) => m[1])),
  );
  expect(subcommands.size).toBeGreaterThan(5);
  const unknown = [...subcommands].filter((sub) => {
    const help = spawnSync(toolPath('kubectl'), [sub, '--help'], {
      encoding: 'utf8',
      env: { ...process.env, KUBECONFIG: '/dev/null' },
    });
    return help.status !== 0;
  });
  expect(unknown).toEqual([]);
  expect(code.filter(({ text }) => /kubectl[ -]argo/.test(text))).toEqual([]);
});
