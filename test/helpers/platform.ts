/** Builders for config tests: the default platform, deep-copied and changed in one place. */
import { ConfigError, defaultPlatform, loadPlatform, type Platform } from '../../src/config';

/** A deep copy of the default platform with `change` applied; typed loosely so tests can break it. */
export function platformWith(change: (config: any) => void): unknown {
  // A JSON round trip, not structuredClone: the default shares step arrays, and a change must touch one place.
  const copy = JSON.parse(JSON.stringify(defaultPlatform));
  change(copy);
  return copy;
}

/** The problems a config is rejected with; fails the test when it is accepted. */
export function problemsOf(input: unknown, imageTag?: string): readonly string[] {
  try {
    loadPlatform(input, { imageTag });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('config was accepted, expected a ConfigError');
}

export function defaultPlatformWithTag(imageTag?: string): Platform {
  return loadPlatform(defaultPlatform, { imageTag });
}
