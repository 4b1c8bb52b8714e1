import { readFileSync } from 'node:fs';
import { VERSION } from '../version.js';

function undiciVersion(): string {
  try {
    const path = process.getBuiltinModule('node:module').createRequire(import.meta.url).resolve('undici/package.json');
    const { version } = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

let cached: string | undefined;

/**
 * `wechatpay-ts/<v> undici/<v> (<os>/<release>) Node/<v>`, the `User-Agent` of every request: computed the first
 * time a client is built (not when the package is imported: finding undici's version reads a file).
 */
export function userAgent(): string {
  if (cached === undefined) {
    const os = process.getBuiltinModule('node:os');
    cached = `wechatpay-ts/${VERSION} undici/${undiciVersion()} (${os.type()}/${os.release()}) Node/${process.versions.node}`;
  }
  return cached;
}
