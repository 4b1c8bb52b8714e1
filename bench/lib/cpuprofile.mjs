// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package, and total (inclusive)
// time of selected functions, so a profile can be read in a terminal and quoted in a report.
import { readFileSync } from 'node:fs';

export function summarizeProfile(path, { top = 25, focus = [] } = {}) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // self time per node, from the samples and their time deltas
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const label = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    return `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
  };
  const byFunction = new Map();
  const byPackage = new Map();
  const inclusive = new Map(focus.map((name) => [name, 0]));
  for (const [id, time] of self) {
    const node = nodes.get(id);
    byFunction.set(label(node), (byFunction.get(label(node)) ?? 0) + time);
    byPackage.set(packageOf(node.callFrame), (byPackage.get(packageOf(node.callFrame)) ?? 0) + time);
    // inclusive: charge every focused function on the stack once
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = nodes.get(at).callFrame.functionName;
      if (inclusive.has(name) && !seen.has(name)) {
        seen.add(name);
        inclusive.set(name, inclusive.get(name) + time);
      }
    }
  }
  const pct = (time) => Number(((time / total) * 100).toFixed(1));
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]).map(([name, time]) => ({ name, pct: pct(time) }));
  return { totalMs: total / 1000, self: sorted(byFunction).slice(0, top), packages: sorted(byPackage), inclusive: sorted(inclusive) };
}

function shortUrl(url) {
  if (!url) return '';
  const at = url.lastIndexOf('node_modules/');
  if (at >= 0) return url.slice(at + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `wechatpay-ts${url.slice(dist)}`;
  return url.replace(/^file:\/\/.*\/bench\//, 'bench/').replace(/^node:/, 'node:');
}

function packageOf({ url, functionName }) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const at = url.lastIndexOf('node_modules/');
  if (at >= 0) {
    const rest = url.slice(at + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes('/dist/')) return 'wechatpay-ts';
  if (url.startsWith('node:')) return 'node (internals)';
  return 'bench';
}
