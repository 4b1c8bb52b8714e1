/**
 * The files `wxpay sandbox` writes: the merchant key, WeChat Pay's public key (or platform certificate), and a
 * `wxpay.json` that points at them and at the sandbox.
 *
 * @module
 */

import { createPublicKey } from 'node:crypto';
import type { Sandbox } from '../sandbox/sandbox.js';
import { LOCAL_CONFIG } from './config/file.js';

/** A file to write: its name in the folder and its text. */
export interface SandboxFile {
  readonly name: string;
  readonly content: string;
}

/** The merchant private key's file name, as WeChat Pay's tool names it. */
export const MERCHANT_KEY_FILE = 'apiclient_key.pem';

/** The WeChat Pay public key's file name, as the merchant platform names it. */
export const PUBLIC_KEY_FILE = 'pub_key.pem';

/**
 * The files for a running sandbox, `wxpay.json` last. Key paths in `wxpay.json` are relative to its folder, so the
 * folder can be moved or shared as a whole.
 *
 * @param sandbox - the running sandbox
 */
export function sandboxFiles(sandbox: Pick<Sandbox, 'mchid' | 'merchantSerial' | 'platformSerial' | 'mode' | 'pki' | 'secret' | 'apiv3Key' | 'url'>): SandboxFile[] {
  const { pki, platformSerial } = sandbox;
  const platform: SandboxFile =
    sandbox.mode === 'certificate'
      ? { name: `wechatpay_${platformSerial}.pem`, content: pki.platform.cert }
      : { name: PUBLIC_KEY_FILE, content: createPublicKey(pki.platform.key).export({ type: 'spki', format: 'pem' }).toString() };
  const config = {
    mchid: sandbox.mchid,
    serial: sandbox.merchantSerial,
    privateKey: MERCHANT_KEY_FILE,
    certs: { [platformSerial]: platform.name },
    secret: sandbox.secret,
    apiv3Key: sandbox.apiv3Key,
    base_uri: sandbox.url,
  };
  return [{ name: MERCHANT_KEY_FILE, content: pki.merchant.keyPem }, platform, { name: LOCAL_CONFIG, content: `${JSON.stringify(config, null, 2)}\n` }];
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[\p{L}\p{N}_/.:=@%+,-]+$/u.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
