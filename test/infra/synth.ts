/** The CDKTF stacks of a platform, synthesized in memory (nothing is written) and parsed for assertions. */
import { Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadPlatform, type Platform } from '../../src/config';
import { defaultPlatform, platformWith, setIn } from '../helpers/platform';
import { buildInfraApp } from '../../infra/app';
import { infraContext, stackName } from '../../infra/context';

export type Block = Record<string, any>;

export interface SynthesizedStack {
  readonly name: string;
  /** Terraform JSON without the `//` metadata, keys sorted (as `Testing.synth` renders it). */
  readonly text: string;
  readonly config: Block;
}

export function synthesizeStacks(platform: Platform): Map<string, SynthesizedStack> {
  // The App creates its outdir; only `app.synth()` would write into it, and `Testing.synth` does not.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'infra-test-'));
  const { stacks } = buildInfraApp(platform, outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  return new Map(
    stacks.map((stack) => {
      const text = Testing.synth(stack);
      return [stack.node.id, { name: stack.node.id, text, config: JSON.parse(text) as Block }];
    }),
  );
}

export const platform = defaultPlatform;

/** The default platform's stacks, once per test file. */
let cached: Map<string, SynthesizedStack> | undefined;
export function defaultStacks(): Map<string, SynthesizedStack> {
  cached ??= synthesizeStacks(platform);
  return cached;
}

/** The default platform after a failover of production to its DR region (`aws.dr.promoted: true`). */
export const promotedPlatform: Platform = loadPlatform(
  platformWith((document) => setIn(document, 'environments.production.aws.dr.promoted', true)),
);

/** The stacks of `promotedPlatform`, once per test file. */
let promotedCache: Map<string, SynthesizedStack> | undefined;
export function promotedStack(name: string): Block {
  promotedCache ??= synthesizeStacks(promotedPlatform);
  const found = promotedCache.get(name);
  if (!found) throw new Error(`no stack ${name} among ${[...promotedCache.keys()].join(', ')}`);
  return found.config;
}

export function stack(name: string): Block {
  const found = defaultStacks().get(name);
  if (!found) throw new Error(`no stack ${name} among ${[...defaultStacks().keys()].join(', ')}`);
  return found.config;
}

/** Every resource of one type, by Terraform name. */
export function resources(config: Block, type: string): Record<string, Block> {
  return config.resource?.[type] ?? {};
}

export function resourceList(config: Block, type: string): Block[] {
  return Object.values(resources(config, type));
}

export function resource(config: Block, type: string, name: string): Block {
  const found = resources(config, type)[name];
  if (!found) throw new Error(`no ${type}.${name} among ${Object.keys(resources(config, type)).join(', ')}`);
  return found;
}

/** The only resource of a type whose body matches `where`. */
export function single(config: Block, type: string, where: (body: Block) => boolean = () => true): Block {
  const found = resourceList(config, type).filter(where);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** The Terraform expression that references a resource attribute, as cdktf renders it. */
export function ref(type: string, name: string, attribute: string): string {
  return `\${${type}.${name}.${attribute}}`;
}

/** Terraform name of the resource whose reference `expression` is (`${aws_kms_key.x.arn}` -> `x`). */
export function referencedName(expression: string, type: string): string {
  const match = new RegExp(`^\\$\\{${type}\\.([^.]+)\\.[a-z_]+\\}$`).exec(expression);
  if (!match) throw new Error(`${expression} is not a reference to a ${type}`);
  return match[1];
}

/** The region a resource is created in: its own `region` argument, else the stack's provider region. */
export function regionOf(config: Block, body: Block): string {
  return body.region ?? config.provider.aws[0].region;
}

/** Every resource of a stack with its type and Terraform name. */
export function allResources(config: Block): { type: string; name: string; body: Block }[] {
  return Object.entries((config.resource ?? {}) as Record<string, Record<string, Block>>).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, name, body })),
  );
}

/** Stack names, derived the way the app derives them. */
export const primaryStackName = (env: string) => stackName(infraContext(platform, env, 'primary'));
export const PRODUCTION = primaryStackName('production');
/** The DR region's stacks of production: where the copies land, and the pilot light. */
export const RECOVERY_STORAGE = stackName(infraContext(platform, 'production', 'dr-storage'));
export const RECOVERY = stackName(infraContext(platform, 'production', 'dr'));

/**
 * Parses a policy document that still holds Terraform interpolations. Inside `${...}` an expression may
 * quote strings (`replace(x, "https://", "")`), which Terraform evaluates before IAM sees the JSON; here
 * those quotes become `'` so the text parses, and the interpolation stays visible in the keys and values.
 */
export function parsePolicy(template: string): Block {
  let out = '';
  let depth = 0;
  for (let i = 0; i < template.length; i++) {
    if (template.startsWith('${', i) && depth === 0) {
      depth = 1;
      out += '${';
      i++;
      continue;
    }
    const c = template[i];
    if (depth > 0) {
      if (c === '{') depth++;
      if (c === '}') depth--;
      out += c === '"' ? "'" : c;
    } else out += c;
  }
  return JSON.parse(out) as Block;
}
