#!/usr/bin/env node
/**
 * The fast build behind `npm run synth`: transpiles each TypeScript file of the program whose output in lib/ is
 * missing or older, one file at a time (`ts.transpileModule`, no type check). Type checking is `npm run build`, which
 * `npm test` and `npm run lint` run. With nothing to do it never loads the TypeScript compiler.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
/** The program's source folders (tsconfig.json `include`, tests aside: jest compiles those itself). */
const SOURCES = ['src', 'cli', 'infra', 'imports', 'bench'];
const OUT = path.join(root, 'lib');

function sourceFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const stale = SOURCES.flatMap((dir) => sourceFiles(path.join(root, dir)))
  .map((file) => ({ file, output: path.join(OUT, path.relative(root, file)).replace(/\.ts$/, '.js') }))
  .filter(({ file, output }) => !fs.existsSync(output) || fs.statSync(output).mtimeMs < fs.statSync(file).mtimeMs);

if (stale.length > 0) {
  const ts = require('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  // One file at a time: CommonJS output as tsc emits it for this package (no "type": "module").
  const compilerOptions = {
    ...config.options,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    incremental: false,
    composite: false,
  };
  for (const { file, output } of stale) {
    const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions,
      fileName: file,
      reportDiagnostics: true,
    });
    if (diagnostics && diagnostics.length) {
      const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
      process.stderr.write(ts.formatDiagnostics(diagnostics, host));
      process.exit(1);
    }
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, outputText);
  }
}
