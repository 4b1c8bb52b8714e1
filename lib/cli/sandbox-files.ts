/**
 * The files `wxpay sandbox` writes: the merchant key and API certificate, WeChat Pay's public key (or platform
 * certificate), the CA of the HTTPS listener, the APIv3 and APIv2 keys, a `wxpay.json` that points at them and at the
 * sandbox, and what `wxpay notify` needs to play WeChat Pay: the sandbox's platform private key and a `sandbox.json`
 * with its keys and addresses — everything a client in any language needs.
 *
 * @module
 */

import { createPublicKey } from 'node:crypto';
import type { Sandbox } from '../sandbox/sandbox.js';
import { LOCAL_CONFIG } from './config/file.js';
import { certificateFileName } from './output/certificate.js';

/** A file to write: its name in the folder and its text. */
export interface SandboxFile {
  readonly name: string;
  readonly content: string;
}

/** The merchant private key's file name, as WeChat Pay's tool names it. */
export const MERCHANT_KEY_FILE = 'apiclient_key.pem';

/** The WeChat Pay public key's file name, as the merchant platform names it. */
export const PUBLIC_KEY_FILE = 'pub_key.pem';

/** The merchant API certificate's file name (the client certificate of mutual TLS), as WeChat Pay's tool names it. */
export const MERCHANT_CERT_FILE = 'apiclient_cert.pem';

/** The CA that issued the HTTPS listener's certificate (and the merchant certificate): what a client trusts. */
export const CA_FILE = 'sandbox_ca.pem';

/** The APIv3 key, alone in a file (32 characters, no newline). */
export const APIV3_KEY_FILE = 'apiv3_key.txt';

/** The APIv2 key, alone in a file (32 characters, no newline). */
export const APIV2_KEY_FILE = 'apiv2_key.txt';

/** The sandbox's platform private key (WeChat Pay's side: it signs callbacks), for `wxpay notify`. */
export const PLATFORM_KEY_FILE = 'platform_key.pem';

/** What `wxpay notify` reads beside `wxpay.json`. */
export const SANDBOX_FILE = 'sandbox.json';

/** The content of `sandbox.json`: the sandbox's side of the keys, which a callback is signed and encrypted with. */
export interface SandboxSecrets {
  /** The merchant ID put in the callbacks. */
  readonly mchid: string;
  /** The `Wechatpay-Serial` callbacks announce: the `PUB_KEY_ID_…` or the platform certificate serial. */
  readonly platformSerial: string;
  /** The platform private key's file, relative to the folder ({@link PLATFORM_KEY_FILE}). */
  readonly platformKey: string;
  /** The APIv3 key that encrypts APIv3 callbacks. */
  readonly apiv3Key: string;
  /** The APIv2 key that signs APIv2 callbacks. */
  readonly secret: string;
}

/** All of `sandbox.json`: {@link SandboxSecrets} (what `wxpay notify` reads), and what a client in another language needs. */
export interface SandboxJson extends SandboxSecrets {
  /** The merchant API certificate serial (`serial_no`). */
  readonly serial: string;
  /** The file names of the merchant key and certificate, WeChat Pay's public key or certificate, and the CA. */
  readonly files: { readonly privateKey: string; readonly merchantCert: string; readonly platform: string; readonly ca: string };
  /** The HTTP base URL, the HTTPS one (mutual TLS) and the control API's. */
  readonly url: string;
  readonly httpsUrl: string;
  readonly controlUrl: string;
}

/** A JSON file's text: two-space indented, a final newline. */
function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The files for a running sandbox, `wxpay.json` last (once it is there, so is everything it points at). Paths in
 * `wxpay.json` and `sandbox.json` are relative to their folder, so the folder can be moved or shared as a whole.
 *
 * @param sandbox - the running sandbox
 */
export function sandboxFiles(sandbox: Pick<Sandbox, 'mchid' | 'merchantSerial' | 'platformSerial' | 'mode' | 'pki' | 'secret' | 'apiv3Key' | 'url' | 'httpsUrl' | 'controlUrl'>): SandboxFile[] {
  const { pki, platformSerial, mchid, secret, apiv3Key } = sandbox;
  const platform: SandboxFile =
    sandbox.mode === 'certificate'
      ? { name: certificateFileName(platformSerial), content: pki.platform.cert }
      : { name: PUBLIC_KEY_FILE, content: createPublicKey(pki.platform.key).export({ type: 'spki', format: 'pem' }).toString() };
  const config = { mchid, serial: sandbox.merchantSerial, privateKey: MERCHANT_KEY_FILE, certs: { [platformSerial]: platform.name }, secret, apiv3Key, base_uri: sandbox.url };
  const files = { privateKey: MERCHANT_KEY_FILE, merchantCert: MERCHANT_CERT_FILE, platform: platform.name, ca: CA_FILE };
  const { url, httpsUrl, controlUrl } = sandbox;
  const secrets: SandboxJson = { mchid, platformSerial, platformKey: PLATFORM_KEY_FILE, apiv3Key, secret, serial: sandbox.merchantSerial, files, url, httpsUrl, controlUrl };
  return [
    { name: MERCHANT_KEY_FILE, content: pki.merchant.keyPem },
    platform,
    { name: PLATFORM_KEY_FILE, content: pki.platform.keyPem },
    { name: MERCHANT_CERT_FILE, content: pki.merchant.cert },
    { name: CA_FILE, content: pki.ca.cert },
    { name: APIV3_KEY_FILE, content: apiv3Key },
    { name: APIV2_KEY_FILE, content: secret },
    { name: SANDBOX_FILE, content: jsonText(secrets) },
    { name: LOCAL_CONFIG, content: jsonText(config) },
  ];
}
