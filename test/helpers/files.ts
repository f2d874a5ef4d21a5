/** The project root and the file trees tests compare (generated output against a fresh render). */
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Files under `dir`, as sorted paths relative to `base`; none when `dir` does not exist. */
export function filesUnder(dir: string, base = ROOT): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Every file under `dir` with its content, keyed by its path relative to `dir`: proof a tree did not change. */
export function readTree(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir, dir).map((file) => [file, fs.readFileSync(path.join(dir, file), 'utf8')]));
}
