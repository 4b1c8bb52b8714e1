// The typed chain's cost for a user (docs/performance.md, "Typed chain"): a file with 50 typed calls, compiled by tsc
// against the built package and against the same package with empty generated declarations; median of
// `--repeat N` runs (default 5) each. Also the shipped declaration size and a check of the three module systems.
// Run after `npm run build`: `node --import tsx bench/typecheck.mjs [--repeat N]`.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MODULE_MODES, ROOT, STRICT, callsFile, consumerProject, sampleCalls, typecheck, untypedPackage } from '../spec/helpers/consumer.ts';

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '5' } } });
const repeat = Number(values.repeat);
const scratch = join(ROOT, 'bench', '.scratch', 'typecheck');
const source = callsFile(sampleCalls(50));
const baselinePackage = untypedPackage(join(scratch, 'untyped-package'));

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(name, packageDir, options) {
  const dir = consumerProject(join(scratch, name), packageDir, source, options);
  const runs = Array.from({ length: repeat }, () => typecheck(dir));
  return {
    name,
    errors: runs[0].errors.length,
    totalSeconds: median(runs.map((r) => r.totalSeconds)),
    checkSeconds: median(runs.map((r) => r.checkSeconds)),
    memoryMb: Math.round(median(runs.map((r) => r.memoryKb)) / 1024),
  };
}

function size(dir) {
  return readdirSync(dir).reduce((sum, name) => {
    const path = join(dir, name);
    return sum + (statSync(path).isDirectory() ? size(path) : name.endsWith('.d.ts') ? statSync(path).size : 0);
  }, 0);
}

// The comparison: the same file and flags (`strict`, nodenext); the untyped package compiles it too, as dynamic paths.
const compare = { ...MODULE_MODES.nodenext, strict: true };
const rows = [
  measure('typed', ROOT, compare),
  measure('without generated declarations', baselinePackage, compare),
  measure('typed, skipLibCheck false', ROOT, { ...compare, skipLibCheck: false }),
  measure('without generated declarations, skipLibCheck false', baselinePackage, { ...compare, skipLibCheck: false }),
  ...Object.entries(MODULE_MODES).map(([mode, options]) => measure(`typed, ${mode}, strict flags`, ROOT, { ...options, ...STRICT })),
];
console.table(rows);
const [typed, baseline] = rows;
console.log(`50 typed calls: ${typed.totalSeconds}s vs ${baseline.totalSeconds}s without the generated declarations = ${(typed.totalSeconds / baseline.totalSeconds).toFixed(2)}× (budget ≤ 2×)`);
const all = size(join(ROOT, 'dist'));
const generated = size(join(ROOT, 'dist', 'generated'));
console.log(`declarations: ${(all / 1e6).toFixed(2)} MB in dist/, of which ${(generated / 1e6).toFixed(2)} MB generated (dist/generated/catalog)`);
