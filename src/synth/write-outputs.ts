import * as fs from 'fs';
import * as path from 'path';
import type { OutputFiles } from './render';

/**
 * Replaces each output directory (`dist/<env>`, `charts/<name>`) as a whole: files go to a sibling temp
 * directory first and are swapped in by rename, so a failure never leaves a half-written directory and
 * files of removed objects do not linger.
 * @param units directories (relative to root) to replace; every file must live under one of them
 */
export function writeOutputs(root: string, units: readonly string[], files: OutputFiles): void {
  const staged = units.map((unit) => ({
    target: path.join(root, unit),
    temp: path.join(root, `${unit}.tmp-${process.pid}`),
  }));
  try {
    for (const { temp } of staged) fs.rmSync(temp, { recursive: true, force: true });
    for (const [file, content] of files) {
      const unit = units.findIndex((u) => file.startsWith(`${u}/`));
      if (unit < 0) throw new Error(`output ${file} is outside the directories being written (${units.join(', ')})`);
      const destination = path.join(staged[unit].temp, file.slice(units[unit].length + 1));
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.writeFileSync(destination, content);
    }
  } catch (error) {
    for (const { temp } of staged) fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  for (const { target, temp } of staged) {
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.mkdirSync(temp, { recursive: true });
    fs.renameSync(temp, target);
    fs.rmSync(old, { recursive: true, force: true });
  }
}
