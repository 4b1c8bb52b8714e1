// Measurement 6: import time of the package against its three runtime dependencies alone. Each sample is a fresh
// `node --input-type=module -e …` process that times its own `await import(…)` with performance.now() (so node's
// own start-up is excluded; the whole process's wall time is recorded too). Variants are interleaved, their order
// rotating each repetition; the medians are compared.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isMain, measurement, status } from './lib/measurement.mjs';
import { summarize } from './lib/stats.mjs';
import { num, spread } from './lib/table.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_MS = 10;

const VARIANTS = {
  nothing: '',
  dependencies: "await Promise.all([import('undici'), import('fast-xml-parser'), import('tweetnacl-util')]);",
  'wechatpay-ts': "await import('wechatpay-ts');",
  'wechatpay-axios-plugin': "await import('wechatpay-axios-plugin');",
};

/** Our own module graph: the relative imports reachable from dist/index.js, file → the files it imports. */
function moduleGraph() {
  const graph = new Map();
  const walk = (file) => {
    if (graph.has(file)) return;
    const imports = [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*['"](\.[^'"]+)['"]/g)].map(([, spec]) => resolve(dirname(file), spec));
    graph.set(file, imports);
    for (const next of imports) walk(next);
  };
  walk(join(ROOT, 'dist', 'index.js'));
  return graph;
}

/**
 * The same graph with every module's code replaced by one small class: what the ESM loader alone costs for that many
 * files and edges (resolve, read, compile, link), whatever the code in them.
 */
function hollowGraph(graph) {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-ts-import-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  const names = new Map([...graph.keys()].map((file, i) => [file, `m${i}.js`]));
  for (const [file, imports] of graph) {
    const lines = imports.map((next) => `import './${names.get(next)}';`);
    writeFileSync(join(dir, names.get(file)), `${lines.join('\n')}\nexport class E extends Error { constructor(m) { super(m); this.name = 'E'; } }\n`);
  }
  return { dir, entry: pathToFileURL(join(dir, names.get(join(ROOT, 'dist', 'index.js')))).href };
}

function sample(code) {
  const script = `const t0 = performance.now(); ${code} process.stdout.write(String(performance.now() - t0));`;
  const start = performance.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return { importMs: Number(out), processMs: performance.now() - start };
}

export async function run({ quick }) {
  const repetitions = quick ? 4 : 60;
  const graph = moduleGraph();
  const modules = graph.size;
  const hollow = hollowGraph(graph);
  const variants = { ...VARIANTS, 'hollow graph': `await import('${hollow.entry}');` };
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((name) => [name, { importMs: [], processMs: [] }]));
  for (const name of names) sample(variants[name]); // warm the file system cache
  for (let i = 0; i < repetitions; i++) {
    const order = names.map((_, k) => names[(k + i) % names.length]);
    for (const name of order) {
      const { importMs, processMs } = sample(variants[name]);
      samples[name].importMs.push(importMs);
      samples[name].processMs.push(processMs);
    }
  }
  rmSync(hollow.dir, { recursive: true, force: true });
  const s = Object.fromEntries(names.map((name) => [name, { importMs: summarize(samples[name].importMs), processMs: summarize(samples[name].processMs) }]));
  // Paired: each repetition's package sample minus its dependencies sample (taken one after the other), so drift
  // between repetitions cancels; the target is judged on the median of these differences.
  const differences = summarize(samples['wechatpay-ts'].importMs.map((ms, i) => ms - samples.dependencies.importMs[i]));
  const overhead = differences.median;
  const medianGap = s['wechatpay-ts'].importMs.median - s.dependencies.importMs.median;
  return {
    title: 'Import time: fresh node processes, in-process `await import()` timing (median of interleaved repetitions)',
    config: { repetitions, variants: Object.fromEntries(Object.entries(variants).map(([k, v]) => [k, v.replace(hollow.entry, "<tmp>/index.js")])) },
    rows: [
      { label: 'runtime dependencies alone', value: `${spread(s.dependencies.importMs, 'ms')}; process ${num(s.dependencies.processMs.median, 'ms')}` },
      { label: 'wechatpay-ts', value: `${spread(s['wechatpay-ts'].importMs, 'ms')}; process ${num(s['wechatpay-ts'].processMs.median, 'ms')}` },
      {
        label: 'wechatpay-ts minus its dependencies (paired)',
        value: `${num(overhead, 'ms')} (IQR ${num(differences.p25)}–${num(differences.p75)}; gap of the medians ${num(medianGap, 'ms')})`,
        target: `≤ ${TARGET_MS} ms`,
        status: status(overhead <= TARGET_MS),
      },
      { label: 'ref: wechatpay-axios-plugin', value: `${spread(s['wechatpay-axios-plugin'].importMs, 'ms')}; process ${num(s['wechatpay-axios-plugin'].processMs.median, 'ms')}` },
      { label: `ref: our ${modules}-module graph, code hollowed out`, value: spread(s['hollow graph'].importMs, 'ms') },
      { label: 'ref: empty node process', value: `process ${num(s.nothing.processMs.median, 'ms')}` },
    ],
    data: { ...s, overheadMs: overhead, pairedDifferenceMs: differences, medianGapMs: medianGap, targetMs: TARGET_MS, met: overhead <= TARGET_MS, ownModules: modules, hollowGraphMs: s['hollow graph'].importMs.median },
  };
}

if (isMain(import.meta)) await measurement(run);
