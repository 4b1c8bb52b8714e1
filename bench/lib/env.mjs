// What a result depends on: the machine, the runtime and the package versions.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(new URL('../../package.json', import.meta.url));

/** A package's version, from the package.json above its entry point (some export maps hide package.json). */
function version(name) {
  if (name === 'wechatpay-ts') return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  try {
    for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (existsSync(file)) {
        const json = JSON.parse(readFileSync(file, 'utf8'));
        if (json.name === name) return json.version;
      }
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

export function environment() {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    openssl: process.versions.openssl,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    packages: Object.fromEntries(['wechatpay-ts', 'wechatpay-axios-plugin', 'axios', 'undici', 'fast-xml-parser', 'tweetnacl-util'].map((name) => [name, version(name)])),
  };
}
