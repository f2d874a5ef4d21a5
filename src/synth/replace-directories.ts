import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces whole directories: `fill` writes each one's new content into a sibling temp directory
 * (`<target>.tmp-<pid>`), then each is swapped in by rename. A failure while filling, or SIGINT/SIGTERM, leaves
 * every target as it was and no temp directory behind; temp directories of runs that were killed outright
 * (SIGKILL) are removed by the next run. Files of objects that no longer exist do not linger.
 */
export async function replaceDirectories(
  targets: readonly string[],
  fill: (temps: readonly string[]) => void | Promise<void>,
): Promise<void> {
  targets.forEach(removeLeftovers);
  const temps = targets.map((target) => `${target}.tmp-${process.pid}`);
  const removeTemps = () => temps.forEach((temp) => fs.rmSync(temp, { recursive: true, force: true }));
  const interrupted = (signal: NodeJS.Signals) => {
    removeTemps();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    temps.forEach((temp) => fs.mkdirSync(path.dirname(temp), { recursive: true }));
    await fill(temps);
  } catch (error) {
    removeTemps();
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
  targets.forEach((target, i) => {
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.mkdirSync(temps[i], { recursive: true });
    fs.renameSync(temps[i], target);
    fs.rmSync(old, { recursive: true, force: true });
  });
}

/**
 * Copies of `target` left by runs whose process no longer exists: temp copies go; an old copy comes back when a run
 * died between its two renames, and goes otherwise.
 */
function removeLeftovers(target: string): void {
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) return;
  const pattern = new RegExp(`^${escape(path.basename(target))}\\.(tmp|old)-([0-9]+)$`);
  const leftovers = fs.readdirSync(dir).flatMap((entry) => {
    const match = pattern.exec(entry);
    return match && !isRunning(Number(match[2])) ? [{ entry: path.join(dir, entry), kind: match[1] }] : [];
  });
  for (const { entry, kind } of leftovers.sort((a, b) => a.kind.localeCompare(b.kind))) {
    if (kind === 'old' && !fs.existsSync(target)) fs.renameSync(entry, target);
    else fs.rmSync(entry, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
