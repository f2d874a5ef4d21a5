import * as fs from 'fs';

/**
 * Replaces whole directories: `fill` writes each one's new content into a sibling temp directory, then each is
 * swapped in by rename. A failure while filling leaves every target as it was and no temp directory behind;
 * files of objects that no longer exist do not linger.
 */
export function replaceDirectories(targets: readonly string[], fill: (temps: readonly string[]) => void): void {
  const temps = targets.map((target) => `${target}.tmp-${process.pid}`);
  const removeTemps = () => temps.forEach((temp) => fs.rmSync(temp, { recursive: true, force: true }));
  removeTemps();
  try {
    fill(temps);
  } catch (error) {
    removeTemps();
    throw error;
  }
  targets.forEach((target, i) => {
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.mkdirSync(temps[i], { recursive: true });
    fs.renameSync(temps[i], target);
    fs.rmSync(old, { recursive: true, force: true });
  });
}
