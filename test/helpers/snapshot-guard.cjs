/**
 * A jest reporter that fails the run in CI when a snapshot is obsolete (its test is gone or renamed): jest only
 * reports those. Unwritten snapshots already fail in CI (`--ci`, which CI=true turns on).
 */
class SnapshotGuard {
  onRunComplete(_contexts, results) {
    const { unchecked, uncheckedKeysByFile, didUpdate } = results.snapshot;
    if (!process.env.CI || didUpdate || unchecked === 0) return;
    const files = uncheckedKeysByFile.map((entry) => `  ${entry.filePath}: ${entry.keys.join(', ')}`);
    console.error(
      `\n${unchecked} obsolete snapshot(s); remove them with \`npx jest --ci=false -u\`:\n${files.join('\n')}`,
    );
    results.success = false;
    process.exitCode = 1;
  }
}

module.exports = SnapshotGuard;
