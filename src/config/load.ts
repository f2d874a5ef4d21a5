/**
 * Turns a platform document into the validated, resolved Platform, or a ConfigError listing every problem:
 * `x-` keys dropped, IMAGE_TAG applied, the file's fields checked, defaults filled in, cross-field rules checked.
 */
import * as fs from 'fs';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { describeIssue, formatPath, type SourceText } from './issues';
import { isPlainObject, resolvePlatform } from './resolve';
import type { Path } from './rules';
import { platformFileSchema, platformSchema, type Platform, type PlatformFile } from './schema';

export class ConfigError extends Error {
  /** One line per problem: `<field path>: <rule>`. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[], heading = 'invalid platform file') {
    super(`${heading}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadOptions {
  /**
   * Image tag that replaces `image.tag` (the delivery pipeline passes the git short SHA as IMAGE_TAG).
   * @default the tag in the file
   */
  readonly imageTag?: string;
  /**
   * The scalars as written, for messages that quote them.
   * @default messages show the values as parsed
   */
  readonly sourceText?: SourceText;
}

export function loadPlatform(input: unknown, options: LoadOptions = {}): Platform {
  const stripped = withoutExtensionKeys(input);
  const document = options.imageTag === undefined ? stripped : withImageTag(stripped, options.imageTag);
  const context = { schema: platformFileSchema, document, sourceText: options.sourceText };
  const file = platformFileSchema.safeParse(document);
  if (!file.success) throw new ConfigError(file.error.issues.flatMap((issue) => describeIssue(issue, context)));

  const problems: string[] = [];
  const report = (path: Path, message: string) => problems.push(`${formatPath(path)}: ${message}`);
  const resolved = resolvePlatform(file.data as PlatformFile, report);
  if (problems.length) throw new ConfigError(problems);
  const result = platformSchema.safeParse(resolved);
  if (!result.success) {
    const checked = { ...context, schema: platformSchema as z.ZodType, document: resolved };
    throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, checked)));
  }
  return result.data;
}

export interface PlatformText {
  readonly document: unknown;
  /** The scalars as written. */
  readonly sourceText: SourceText;
}

/** A platform file (YAML or JSON) as a document and its scalars' source text; a ConfigError if it cannot be read. */
export function readPlatformFile(file: string): PlatformText {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`],
      'no platform',
    );
  }
  return parsePlatformText(text, file);
}

/** The text of a platform file, parsed; `origin` names it in messages. */
export function parsePlatformText(text: string, origin: string): PlatformText {
  const lines = new LineCounter();
  const parsed = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  const [error] = parsed.errors;
  if (error) {
    const { line, col } = lines.linePos(error.pos[0]);
    const rule = error.message.split('\n')[0];
    throw new ConfigError([`${origin}: is not valid YAML at line ${line}, column ${col}: ${rule}`], 'no platform');
  }
  const sourceText: SourceText = (path) => {
    const node = parsed.getIn(path as unknown[], true);
    return isScalar(node) ? node.source : undefined;
  };
  return { document: parsed.toJS(), sourceText };
}

/** Loads a platform file: `readPlatformFile`, then `loadPlatform`. */
export function loadPlatformFile(file: string, options: Omit<LoadOptions, 'sourceText'> = {}): Platform {
  const { document, sourceText } = readPlatformFile(file);
  return loadPlatform(document, { ...options, sourceText });
}

/** Keys beginning with `x-` are free for the file's own use (YAML anchors): dropped at every level. */
function withoutExtensionKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExtensionKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('x-'))
      .map(([key, child]) => [key, withoutExtensionKeys(child)]),
  );
}

/** IMAGE_TAG replaces the image's tag; a file or an image that is not a map is left for the schema to name. */
function withImageTag(input: unknown, tag: string): unknown {
  if (!isPlainObject(input)) return input;
  const { image = {} } = input;
  return isPlainObject(image) ? { ...input, image: { ...image, tag } } : input;
}
