/**
 * The sandbox's identities: the merchant it expects to hear from and the platform it answers as,
 * in WeChat Pay public-key mode (`PUB_KEY_ID_…`) or platform-certificate mode.
 *
 * @module
 */

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { TestPki } from './pki/index.js';

/**
 * How the sandbox identifies its answers: `'public-key'` announces a WeChat Pay public key ID
 * (`PUB_KEY_ID_` + 28 digits), `'certificate'` the platform certificate serial.
 */
export type SandboxMode = 'public-key' | 'certificate';

/** Everything the sandbox signs, verifies and announces with. */
export interface SandboxKeys {
  /** The merchant ID. */
  readonly mchid: string;
  /** The identification mode. */
  readonly mode: SandboxMode;
  /** The test PKI the keys come from. */
  readonly pki: TestPki;
  /** The merchant API certificate serial, expected in `serial_no`. */
  readonly merchantSerial: string;
  /** The merchant public key, which verifies request signatures. */
  readonly merchantPublicKey: KeyObject;
  /** The `Wechatpay-Serial` announced on answers. */
  readonly platformSerial: string;
  /** The platform private key, which signs answers. */
  readonly platformKey: KeyObject;
  /** What a client verifies answers with: the platform public key, or the certificate PEM in certificate mode. */
  readonly platformVerifier: KeyObject | string;
}

/** The number of digits after `PUB_KEY_ID_`. */
const PUBLIC_KEY_ID_DIGITS = 28;

/**
 * A WeChat Pay public key ID for a key: `PUB_KEY_ID_` and 28 digits derived from the key's SHA-256
 * fingerprint, so a key always gets the same ID (sandboxes sharing a PKI share IDs).
 *
 * @param key - the platform key (private or public)
 */
export function publicKeyId(key: KeyObject): string {
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  const fingerprint = BigInt(`0x${createHash('sha256').update(spki).digest('hex')}`);
  return `PUB_KEY_ID_${(fingerprint % 10n ** BigInt(PUBLIC_KEY_ID_DIGITS)).toString().padStart(PUBLIC_KEY_ID_DIGITS, '0')}`;
}

/**
 * Derives the sandbox's keys and serials from a test PKI.
 *
 * @param mchid - the merchant ID
 * @param mode - the identification mode
 * @param pki - the test PKI
 */
export function sandboxKeys(mchid: string, mode: SandboxMode, pki: TestPki): SandboxKeys {
  const platformPublicKey = createPublicKey(pki.platform.key);
  const certificateMode = mode === 'certificate';
  return {
    mchid,
    mode,
    pki,
    merchantSerial: pki.merchant.serial,
    merchantPublicKey: createPublicKey(pki.merchant.key),
    platformSerial: certificateMode ? pki.platform.serial : publicKeyId(platformPublicKey),
    platformKey: pki.platform.key,
    platformVerifier: certificateMode ? pki.platform.cert : platformPublicKey,
  };
}
