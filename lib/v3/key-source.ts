/**
 * Where the verifier (and `Notification`) turn when an answer or callback names a `Wechatpay-Serial`: the expiry
 * watch looks, a due refresh starts in the background, and an unknown serial may be downloaded.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import type { ExpiryMessage } from '../diagnostics/channels.js';
import { AutoCertificates, type AutoCertificatesOptions } from './auto-certificates.js';
import type { PlatformCertificate } from './certificates.js';
import { ExpiryWatch } from './expiry.js';
import type { PlatformKeys } from './platform-keys.js';

/** What a verifier asks before checking a signature. */
export interface KeySource {
  /**
   * Called with the `Wechatpay-Serial` of an answer or callback, before it is verified: `undefined` when there is
   * nothing to wait for (the usual case), else a promise that settles once a key for it could be fetched.
   */
  prepare(serial: string): Promise<void> | undefined;
}

/** What {@link PlatformKeySource} is built from. */
export interface PlatformKeySourceOptions {
  /** The client's keys. */
  readonly keys: PlatformKeys;
  /** Downloads the certificate list; `undefined` when the client has no APIv3 key or `autoCertificates: false`. */
  readonly fetch: (() => Promise<PlatformCertificate[]>) | undefined;
  /** The `autoCertificates` options. */
  readonly auto?: AutoCertificatesOptions | undefined;
  /** The merchant API certificate (PEM), when the client was given one. */
  readonly merchantCertificate?: Buffer | string | undefined;
}

function parseCertificate(pem: Buffer | string | undefined): X509Certificate | undefined {
  if (pem === undefined) return undefined;
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/** A client's key source: its expiry watch and, with the APIv3 key, its automatic certificates. */
export class PlatformKeySource implements KeySource {
  /** The platform keys. */
  readonly keys: PlatformKeys;
  /** The automatic certificates (`undefined` without the APIv3 key, or with `autoCertificates: false`). */
  readonly auto: AutoCertificates | undefined;
  /** The expiry watch. */
  readonly expiry: ExpiryWatch;

  constructor(options: PlatformKeySourceOptions) {
    this.keys = options.keys;
    const clock = options.auto?.clock ?? Date.now;
    this.auto = options.fetch === undefined ? undefined : new AutoCertificates(options.keys, options.fetch, options.auto);
    this.expiry = new ExpiryWatch(options.keys, parseCertificate(options.merchantCertificate), clock);
  }

  prepare(serial: string): Promise<void> | undefined {
    this.expiry.check();
    if (this.keys.has(serial)) {
      this.auto?.refreshIfDue();
      return undefined;
    }
    this.expiry.unknown(serial);
    return this.auto?.find(serial).then(() => this.expiry.recheck());
  }

  /** What to renew or replace soon (see {@link ExpiryWatch.notices}). */
  notices(): ExpiryMessage[] {
    return this.expiry.notices();
  }
}
