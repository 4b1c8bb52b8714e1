import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { release, type } from 'node:os';
import { VERSION } from '../version.js';

function undiciVersion(): string {
  try {
    const path = createRequire(import.meta.url).resolve('undici/package.json');
    const { version } = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `wechatpay-ts/<v> undici/<v> (<os>/<release>) Node/<v>`, computed once. */
export const USER_AGENT = `wechatpay-ts/${VERSION} undici/${undiciVersion()} (${type()}/${release()}) Node/${process.versions.node}`;
