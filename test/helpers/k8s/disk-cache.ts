/**
 * A content-addressed cache in node_modules/.cache/k8s-schema. Parsing the CRDs and compiling their schemas
 * takes seconds per test file; the cached results load in milliseconds. Keys hash everything the result
 * depends on, so a stale entry is never read; older entries of the same name are removed on write.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const CACHE_DIR = path.resolve(__dirname, '../../../node_modules/.cache/k8s-schema');

export function hash(...parts: readonly string[]): string {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex').slice(0, 32);
}

/** Path of the cache entry `<name>-<key><ext>`, whether or not it exists yet. */
export function cachePath(name: string, key: string, ext: '.js' | '.json'): string {
  return path.join(CACHE_DIR, `${name}-${key}${ext}`);
}

/** Writes an entry atomically (parallel Jest workers may write the same one) and drops its older versions. */
export function writeCacheEntry(file: string, content: string): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, file);
  const base = path.basename(file);
  const prefix = base.slice(0, base.lastIndexOf('-') + 1);
  for (const old of readdirSync(CACHE_DIR)) {
    if (old.startsWith(prefix) && old !== base && !old.endsWith('.tmp'))
      rmSync(path.join(CACHE_DIR, old), { force: true });
  }
}
