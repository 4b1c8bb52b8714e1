/**
 * The sandbox's side of the keys, read back from the folder `wxpay sandbox` wrote (`sandbox.json` and
 * `platform_key.pem`): what `wxpay notify` signs and encrypts callbacks with, as WeChat Pay would.
 *
 * @module
 */

import { createPrivateKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import type { NotifierSource } from '../sandbox/notifier.js';
import { readFileOr, resolvePath } from './files.js';
import { SANDBOX_FILE, type SandboxSecrets } from './sandbox-files.js';
import { UsageError } from './usage-error.js';

/** A string field of a JSON object, `''` when it is absent or not a string. */
function stringField(data: unknown, field: keyof SandboxSecrets): string {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : '';
}

/** The error for a folder that is not a sandbox's. */
function notASandbox(what: string): UsageError {
  return new UsageError(`${what}: point --sandbox (or --config) at the folder of a running wxpay sandbox, e.g. wxpay sandbox --dir ./sandbox.`, 'notify');
}

/**
 * The content of a `sandbox.json`, checked.
 *
 * @param text - the file's text
 * @param file - its path, for the messages
 * @throws UsageError when it is not JSON or lacks a field
 */
export function parseSandboxSecrets(text: string, file: string): SandboxSecrets {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw notASandbox(`${file} is not JSON`);
  }
  const field = (name: keyof SandboxSecrets): string => stringField(data, name);
  const secrets: SandboxSecrets = { mchid: field('mchid'), platformSerial: field('platformSerial'), platformKey: field('platformKey'), apiv3Key: field('apiv3Key'), secret: field('secret') };
  const missing = Object.entries(secrets).flatMap(([name, value]) => (value === '' ? [`"${name}"`] : []));
  if (missing.length > 0) throw notASandbox(`${file} lacks ${missing.join(', ')}`);
  return secrets;
}

function platformKey(path: string): KeyObject {
  const pem = readFileOr(path, (reason) => notASandbox(`Cannot read the sandbox's platform key ${path}: ${reason}`));
  try {
    return createPrivateKey(pem);
  } catch {
    throw notASandbox(`${path} is not a private key`);
  }
}

/**
 * Reads the sandbox's keys from the folder `wxpay sandbox` wrote.
 *
 * @param folder - an absolute path
 * @param home - the home folder, for a `~/` key path
 * @throws UsageError when the folder has no readable `sandbox.json` or platform key
 */
export function readNotifierSource(folder: string, home: string): NotifierSource {
  const file = join(folder, SANDBOX_FILE);
  const text = readFileOr(file, (reason) => notASandbox(`Cannot read ${file}: ${reason}`)).toString('utf8');
  const { mchid, platformSerial, apiv3Key, secret, platformKey: keyFile } = parseSandboxSecrets(text, file);
  return { pki: { platform: { key: platformKey(resolvePath(keyFile, folder, home)) } }, platformSerial, apiv3Key, secret, mchid };
}
