/** Turns a raw config document into a validated Platform, or a ConfigError listing every problem. */
import type { z } from 'zod';
import { platformSchema, type Platform } from './schema';

export class ConfigError extends Error {
  /** One line per problem: `<field path>: <rule>`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid platform config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadOptions {
  /**
   * Image tag that replaces `image.tag` (the delivery pipeline passes the git short SHA as IMAGE_TAG).
   * @default the tag in the config
   */
  readonly imageTag?: string;
}

export function loadPlatform(input: unknown, options: LoadOptions = {}): Platform {
  const document = options.imageTag === undefined ? input : withImageTag(input, options.imageTag);
  const result = platformSchema.safeParse(document);
  if (!result.success) throw new ConfigError(result.error.issues.map(describeIssue));
  return result.data;
}

function withImageTag(input: unknown, tag: string): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const record = input as Record<string, unknown>;
  const image = typeof record.image === 'object' && record.image !== null ? record.image : {};
  return { ...record, image: { ...image, tag } };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path) || '(config)';
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (not part of the schema)`;
  }
  return `${where}: ${issue.message}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
}
