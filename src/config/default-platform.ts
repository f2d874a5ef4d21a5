/** The built-in default platform: `platform.yaml` at the project root, read when no other file is given. */
import * as fs from 'fs';
import * as path from 'path';

/** The project root: the nearest directory above this module with package.json and platform.yaml. */
export function projectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, DEFAULT_PLATFORM_FILE))) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`no ${DEFAULT_PLATFORM_FILE} above ${from}`);
  }
}

/** File name of the built-in platform, relative to the project root. */
export const DEFAULT_PLATFORM_FILE = 'platform.yaml';

/** Absolute path of the built-in platform file. */
export function defaultPlatformFile(): string {
  return path.join(projectRoot(), DEFAULT_PLATFORM_FILE);
}
