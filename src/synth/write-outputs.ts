import * as fs from 'fs';
import * as path from 'path';
import type { OutputFiles } from './render';
import { replaceDirectories } from './replace-directories';

/**
 * Writes rendered files, replacing each output directory (`dist/<env>`, `charts/<name>`) as a whole.
 * @param units directories (relative to root) to replace; every file must live under one of them
 */
export function writeOutputs(root: string, units: readonly string[], files: OutputFiles): void {
  replaceDirectories(
    units.map((unit) => path.join(root, unit)),
    (temps) => {
      for (const [file, content] of files) {
        const unit = units.findIndex((u) => file.startsWith(`${u}/`));
        if (unit < 0) throw new Error(`output ${file} is outside the directories being written (${units.join(', ')})`);
        const destination = path.join(temps[unit], file.slice(units[unit].length + 1));
        fs.mkdirSync(path.dirname(destination), { recursive: true });
        fs.writeFileSync(destination, content);
      }
    },
  );
}
