/**
 * Renders AppChart once per environment and per setting of each boolean field, with sentinels for the values.
 * What still differs between these renders (the production-only topology rule, the objects `dbIsolation`
 * removes) becomes a condition in the chart; everything else is shared.
 */
import { App } from 'cdk8s';
import { environmentNames, type Platform } from '../config';
import { AppChart } from '../charts/app-chart';
import { booleanPaths, pathKey, sentinelPlatform, withDerivedDefaults } from './sentinel-platform';
import { Sentinels, valuesExpression, type PathKey } from './sentinels';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Setting = string | boolean;

/** A value the renders were made for: the environment, or a boolean field. */
export interface Variable {
  readonly path: readonly PathKey[];
  readonly expression: string;
  readonly domain: readonly Setting[];
}

export interface Variant {
  /** Setting of each variable, in the order of `Variants.variables`. */
  readonly settings: readonly Setting[];
  readonly objects: readonly JsonObject[];
}

export interface Variants {
  /** The environment variable, first of `variables`; the rest are the boolean fields. */
  readonly environment: Variable;
  readonly variables: readonly Variable[];
  readonly variants: readonly Variant[];
}

export const ENVIRONMENT_PATH = ['environment'];

/** The objects AppChart renders for one environment of `platform`. */
export function appObjects(platform: Platform, name: string): JsonObject[] {
  const chart = new AppChart(new App(), 'app', { platform, environment: name });
  return chart.toJson();
}

export function renderVariants(platform: Platform, sentinels: Sentinels): Variants {
  const togglePaths = uniquePaths(environmentNames(platform).flatMap((name) => booleansRead(platform, name)));
  const environment: Variable = {
    path: ENVIRONMENT_PATH,
    expression: valuesExpression(ENVIRONMENT_PATH),
    domain: environmentNames(platform),
  };
  const toggles = togglePaths.map((path) => ({ path, expression: valuesExpression(path), domain: [false, true] }));
  const environmentToken = sentinels.string(ENVIRONMENT_PATH);
  const variants = environmentNames(platform).flatMap((name) =>
    combinations(toggles.length).map((toggleSettings): Variant => {
      const settings = new Map(togglePaths.map((path, i) => [pathKey(path), toggleSettings[i]]));
      const objects = appObjects(sentinelPlatform(platform, name, sentinels, settings), name);
      return { settings: [name, ...toggleSettings], objects: replaceWord(objects, name, environmentToken) };
    }),
  );
  return { environment, variables: [environment, ...toggles], variants };
}

/** Every true/false combination of `count` booleans, all false first. */
function combinations(count: number): boolean[][] {
  if (count === 0) return [[]];
  return combinations(count - 1).flatMap((rest) => [
    [false, ...rest],
    [true, ...rest],
  ]);
}

function uniquePaths(paths: PathKey[][]): PathKey[][] {
  const seen = new Map(paths.map((path) => [pathKey(path), path]));
  return [...seen.values()];
}

/**
 * The environment's name as a whole word (`your-app-staging`, `your-app.staging.app`) becomes the
 * `environment` value. Where the name is a word of a text that does not vary, the renders of the
 * environments then differ there and the chart branches: correct, if verbose.
 */
function replaceWord<T extends Json>(value: T, word: string, replacement: string): T {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${word}(?![A-Za-z0-9])`, 'g');
  const visit = (node: Json): Json => {
    if (typeof node === 'string') return node.replace(pattern, replacement);
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]));
    }
    return node;
  };
  return visit(value) as T;
}

/**
 * The boolean fields of the environment that AppChart reads: only they can decide which objects exist (the
 * environment holds others, such as infra's NAT decision, that would only multiply the renders). Renders the
 * environment once to see, and refuses real output that looks like a sentinel: it would be misread as one.
 */
function booleansRead(platform: Platform, name: string): PathKey[][] {
  const env = withDerivedDefaults(platform.environments[name]);
  const read = new Set<string>();
  const watched = watch(env, [], (path) => read.add(pathKey(path)));
  const text = JSON.stringify(
    appObjects({ ...platform, environments: { ...platform.environments, [name]: watched } }, name),
  );
  if (Sentinels.looksLikeSentinel(text)) {
    throw new Error(`the ${name} objects contain text that looks like a Helm chart sentinel (@@<n>@@ or 9876xxxxx)`);
  }
  return booleanPaths(env).filter((path) => read.has(pathKey(path)));
}

/** `value` with every property read reported (with its path) to `onRead`. */
function watch<T>(value: T, path: PathKey[], onRead: (path: PathKey[]) => void): T {
  if (typeof value !== 'object' || value === null) return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return child;
      const childPath = [...path, Array.isArray(target) ? Number(key) : key];
      onRead(childPath);
      return watch(child, childPath, onRead);
    },
  });
}
