/** Builders for config tests: the built-in platform file, deep-copied and changed in one place. */
import {
  ConfigError,
  defaultPlatformFile,
  loadPlatform,
  parsePlatformText,
  readPlatformFile,
  type Platform,
  type SourceText,
} from '../../src/config';

const builtIn = readPlatformFile(defaultPlatformFile());

/** A service definition of kind http for a platform file, `serve <name>` on port 8080 and public unless `change`d. */
export function httpService(name: string, change: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'http', exposure: 'public', port: 8080, args: ['serve', name], ...change };
}

/** A fresh copy of the built-in platform file's document (platform.yaml), to change in a test. */
export function defaultDocument(): any {
  return structuredClone(builtIn.document);
}

/** The built-in platform, loaded. */
export const defaultPlatform: Platform = loadPlatform(builtIn.document, { sourceText: builtIn.sourceText });

/** The built-in platform's environments, in promotion order. */
export const ENVIRONMENTS: readonly string[] = defaultPlatform.promotion;

/**
 * The resolved network plan of an environment (the subnets platform.yaml leaves to the default plan) written into
 * the document, so a test can change one subnet.
 */
export function explicitSubnets(document: any, environment: string, region: 'primary' | 'dr' = 'primary'): any {
  const resolved = defaultPlatform.environments[environment].aws;
  const plan = region === 'primary' ? resolved : resolved.dr;
  const aws = document.environments[environment].aws;
  const target = region === 'primary' ? aws : aws.dr;
  target.network.subnets = structuredClone(plan?.network.subnets);
  target.zones = [...(plan?.zones ?? [])];
  return target.network.subnets;
}

/** A deep copy of the built-in document with `change` applied; typed loosely so tests can break it. */
export function platformWith(change: (config: any) => void): unknown {
  const copy = defaultDocument();
  change(copy);
  return copy;
}

/** The problems a document is rejected with; fails the test when it is accepted. */
export function problemsOf(input: unknown, imageTag?: string, sourceText?: SourceText): readonly string[] {
  try {
    loadPlatform(input, { imageTag, sourceText });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('platform was accepted, expected a ConfigError');
}

export function defaultPlatformWithTag(imageTag?: string): Platform {
  return loadPlatform(defaultDocument(), { imageTag });
}

/**
 * Sets the value at a dotted path (`environments.qa.services.api.replicas`; `[n]` indexes a list), creating the maps
 * on the way: the built-in file leaves most fields to the profiles, so a test writes the field it breaks.
 */
export function setIn(document: any, path: string, value: unknown): void {
  const keys = path.split('.').flatMap((part) => {
    const [key, ...indexes] = part.split(/[[\]]/).filter(Boolean);
    return [key, ...indexes.map(Number)];
  });
  let node = document;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key];
  }
  node[keys[keys.length - 1]] = value;
}

/** The problems of a platform file's text, with its scalars as written. */
export function problemsOfText(text: string): readonly string[] {
  const { document, sourceText } = parsePlatformText(text, 'test.yaml');
  return problemsOf(document, undefined, sourceText);
}
