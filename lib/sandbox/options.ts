/**
 * What {@link Sandbox.start} takes, and the client configuration it hands out.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { Formatter } from '../formatter.js';
import type { SandboxMode } from './keys.js';
import type { TestPki } from './pki/index.js';

/** Options of {@link Sandbox.start}. */
export interface SandboxOptions {
  /** The merchant ID the sandbox expects; default `'1900000100'`. */
  readonly mchid?: string;
  /** How answers are identified: a `PUB_KEY_ID_…` (default) or the platform certificate serial. */
  readonly mode?: SandboxMode;
  /** The port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number;
  /** Calls per rolling second of `services/find` before it answers 429; default 50. */
  readonly rateLimit?: number;
  /** A test PKI to reuse (generating one takes about half a second); default a fresh one. */
  readonly pki?: TestPki;
  /** The APIv3 key (32 characters) it encrypts callbacks and certificates with; default a random one. */
  readonly apiv3Key?: string;
  /** The APIv2 key (32 characters) it checks and makes APIv2 signatures with; default a random one. */
  readonly secret?: string;
}

/** A given 32-character key, or a random one. */
export function checkKey(name: string, key: string | undefined): string {
  if (key === undefined) return Formatter.nonce(32);
  if (Buffer.byteLength(key) !== 32) throw new RangeError(`${name} must be 32 bytes, got ${String(Buffer.byteLength(key))}.`);
  return key;
}

/** A client configuration that talks to the sandbox. */
export interface SandboxClientConfig {
  /** The merchant ID. */
  mchid: string;
  /** The merchant API certificate serial. */
  serial: string;
  /** The merchant private key. */
  privateKey: KeyObject;
  /** The platform public key under its `PUB_KEY_ID_…`, or the platform certificate PEM under its serial. */
  certs: Record<string, KeyObject | string>;
  /** The sandbox URL, with a trailing slash. */
  base_uri: string;
  /** The APIv2 key. */
  secret: string;
}
