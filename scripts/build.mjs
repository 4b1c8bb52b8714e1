#!/usr/bin/env node
// The build: declarations (and their maps, so "go to definition" lands in lib/) from tsc, and the JavaScript as
// three ESM bundles from esbuild — the package, `wechatpay-ts/sandbox` and the CLI — sharing chunks, so each class
// exists once whichever entry loads it. One file per entry instead of ~100 modules cuts the import time by ~40 ms
// (docs/performance.md); the sources stay one concept per file.
//
// CommonJS consumers get the same modules: `dist/index.cjs` and `dist/sandbox/index.cjs` are one-line `require()`s
// of the ESM bundles (Node ≥ 20.19 loads ES modules with `require()`), so there is one copy of every class whichever
// way the package is loaded (no dual-package hazard), and the import cost is the ESM one. Their types are `.d.cts`
// copies of the declarations, with relative specifiers pointing at `.cjs`, so TypeScript sees a CommonJS module under
// `module: node16/nodenext` in a `.cts` file and under `module: commonjs`.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
await build({
  entryPoints: ['lib/index.ts', 'lib/sandbox/index.ts', 'lib/cli/main.ts'],
  outdir: 'dist',
  outbase: 'lib',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir, suffix) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

// `from './x.js'`, `import('./x.js')`, `declare module './x.js'`: relative specifiers, rewritten to `.cjs`.
const RELATIVE_JS = /(['"])(\.{1,2}\/[^'"]*?)\.js\1/g;
for (const file of filesUnder('dist', '.d.ts')) {
  const text = readFileSync(file, 'utf8').replace(RELATIVE_JS, '$1$2.cjs$1');
  writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), text);
}
for (const entry of ['dist/index', 'dist/sandbox/index']) {
  const name = entry.slice(entry.lastIndexOf('/') + 1);
  writeFileSync(`${entry}.cjs`, `'use strict';\n// CommonJS entry: the ES module itself, loaded with require() (Node >= 20.19).\nmodule.exports = require('./${name}.js');\n`);
}
