/**
 * The platform as the chart sees it: every value of one environment (and the image) replaced by a sentinel,
 * so rendering the unchanged constructs shows where each value lands in the objects.
 */
import { oneZoneShare, type Environment, type Platform } from '../config';
import { Sentinels, type PathKey } from './sentinels';

/** Config fields the release supplies instead of values: `helm -n` decides the namespace. */
const RELEASE_FIELDS: Readonly<Record<string, string>> = { namespace: '.Release.Namespace' };

/** Named template (templates/_helpers.tpl) that prints the image tag as text, whatever type helm read it as. */
export const IMAGE_TAG_TEMPLATE = 'imageTag';

/**
 * Values read through an expression other than `.Values.<path>`: `helm --set image.tag=1234567` reads an all-digit
 * short SHA (about 1 in 27) as an integer, and a values file as a float, so the tag is printed by a named template.
 */
const VALUE_EXPRESSIONS: ReadonlyMap<string, string> = new Map([
  [JSON.stringify(['image', 'tag']), `(include "${IMAGE_TAG_TEMPLATE}" $)`],
]);

/** Boolean fields' settings in one render, keyed by `pathKey(path)`. */
export type ToggleSettings = ReadonlyMap<string, boolean>;

export function pathKey(path: readonly PathKey[]): string {
  return JSON.stringify(path);
}

/**
 * The environment with the defaults the constructs would derive written out, so they become values instead of
 * being computed from sentinels: the PodDisruptionBudget's one-zone share.
 */
export function withDerivedDefaults(env: Environment): Environment {
  const services = Object.fromEntries(
    Object.entries(env.services).map(([name, sizing]) => [
      name,
      {
        ...sizing,
        maxUnavailable: sizing.maxUnavailable ?? oneZoneShare(sizing.autoscaling.minReplicas, env.aws.zones.length),
      },
    ]),
  );
  return { ...env, services };
}

/** Paths of the boolean fields: each one is rendered both ways, since a boolean may decide which objects exist. */
export function booleanPaths(value: unknown, path: PathKey[] = []): PathKey[][] {
  if (typeof value === 'boolean') return [path];
  if (Array.isArray(value)) return [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => booleanPaths(child, [...path, key]));
}

/** `platform` with environment `name` and the image replaced by sentinels; booleans take `toggles`' settings. */
export function sentinelPlatform(
  platform: Platform,
  name: string,
  sentinels: Sentinels,
  toggles: ToggleSettings,
): Platform {
  const stand = (value: unknown, path: PathKey[]) => standIn(value, path, { sentinels, toggles, insideList: false });
  return {
    ...platform,
    image: stand(platform.image, ['image']) as Platform['image'],
    environments: {
      ...platform.environments,
      [name]: stand(withDerivedDefaults(platform.environments[name]), []) as Environment,
    },
  };
}

interface StandInContext {
  readonly sentinels: Sentinels;
  readonly toggles: ToggleSettings;
  readonly insideList: boolean;
}

function standIn(value: unknown, path: PathKey[], ctx: StandInContext): unknown {
  const release = path.length === 1 ? RELEASE_FIELDS[path[0]] : undefined;
  if (release) return ctx.sentinels.string([], release);
  if (typeof value === 'string')
    return ctx.sentinels.string(path, VALUE_EXPRESSIONS.get(pathKey(path)), ctx.insideList);
  if (typeof value === 'number') return ctx.sentinels.number(path, ctx.insideList);
  if (typeof value === 'boolean') return ctx.toggles.get(pathKey(path)) ?? value;
  if (Array.isArray(value)) return listStandIn(value, path, ctx);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, standIn(child, [...path, key], ctx)]));
}

/**
 * A list of scalars stands in element by element (its length stays real: the constructs may count it).
 * A list of objects (canary steps) is a value as a whole: it stands in as a one-element list built from its
 * first element, which must reappear unchanged in the objects.
 */
function listStandIn(list: readonly unknown[], path: PathKey[], ctx: StandInContext): unknown[] {
  if (list.every((item) => typeof item !== 'object' || item === null)) {
    return list.map((item, i) => standIn(item, [...path, i], ctx));
  }
  const index = list.findIndex(hasLeaf);
  if (index < 0) throw new Error(`cannot template ${path.join('.')}: no element has a string or number field`);
  const standInList = [standIn(list[index], [...path, index], { ...ctx, insideList: true })];
  ctx.sentinels.list(path, standInList);
  return standInList;
}

function hasLeaf(value: unknown): boolean {
  if (typeof value === 'string' || typeof value === 'number') return true;
  return typeof value === 'object' && value !== null && Object.values(value).some(hasLeaf);
}
