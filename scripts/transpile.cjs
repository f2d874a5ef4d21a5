#!/usr/bin/env node
/**
 * The fast build behind `npm run synth`: transpiles each TypeScript file of the program whose output in lib/ is
 * missing or older, one file at a time (`ts.transpileModule`, no type check). Type checking is `npm run build`, which
 * `npm test` and `npm run lint` run; this only makes the synth path quick when nothing or little changed.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
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
const options = {
  ...config.options,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  incremental: false,
  composite: false,
};
const outDir = config.options.outDir;
const rootDir = config.options.rootDir;

let written = 0;
for (const file of config.fileNames) {
  if (file.endsWith('.d.ts') || file.includes(`${path.sep}test${path.sep}`)) continue;
  const output = path.join(outDir, path.relative(rootDir, file)).replace(/\.ts$/, '.js');
  if (fs.existsSync(output) && fs.statSync(output).mtimeMs >= fs.statSync(file).mtimeMs) continue;
  const { outputText, diagnostics } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: options,
    fileName: file,
    reportDiagnostics: true,
  });
  if (diagnostics?.length) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n',
    });
    process.stderr.write(text);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(output), { recursive: true });
  fs.writeFileSync(output, outputText);
  written++;
}
if (process.env.TRANSPILE_VERBOSE) console.error(`transpiled ${written} file(s)`);
