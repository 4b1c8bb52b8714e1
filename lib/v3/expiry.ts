/**
 * Expiry warnings: what the merchant must renew or replace soon — the merchant API certificate (when given), the
 * platform certificates, a WeChat Pay public key that answers show was replaced — as data and as
 * `wechatpay:expiry` events (each published once).
 *
 * @module
 */

import type { X509Certificate } from 'node:crypto';
import { publishExpiry, type ExpiryKind, type ExpiryMessage } from '../diagnostics/channels.js';
import type { PlatformKeys } from './platform-keys.js';

/** How long before an expiry it is reported, by default: 30 days, in seconds. */
export const DEFAULT_WARN_BEFORE = 2_592_000;

/** How often, at most, the expiry dates are looked at again (ms). */
const CHECK_INTERVAL = 60_000;

const DAY = 86_400_000;

const PUBLIC_KEY_ID = /^PUB_KEY_ID_/;

/** Watches what expires; cheap to call on every answer ({@link ExpiryWatch.check} looks at most once a minute). */
export class ExpiryWatch {
  readonly #keys: PlatformKeys;
  readonly #merchant: { readonly serial: string; readonly expires: Date } | undefined;
  readonly #clock: () => number;
  readonly #warnBefore: number;
  readonly #replaced = new Map<string, string>();
  readonly #published = new Set<string>();
  #nextCheck = -Infinity;

  /**
   * @param keys - the platform keys (certificates among them carry their expiry)
   * @param merchant - the merchant API certificate, when the client was given it
   * @param clock - epoch milliseconds
   * @param warnBefore - seconds before an expiry from which it is reported
   */
  constructor(keys: PlatformKeys, merchant: X509Certificate | undefined, clock: () => number = Date.now, warnBefore: number = DEFAULT_WARN_BEFORE) {
    this.#keys = keys;
    this.#merchant = merchant === undefined ? undefined : { serial: merchant.serialNumber.toUpperCase(), expires: new Date(merchant.validTo) };
    this.#clock = clock;
    this.#warnBefore = warnBefore * 1000;
  }

  /** Everything that expires within the warning period or has expired, and every public key seen replaced. */
  notices(): ExpiryMessage[] {
    const now = this.#clock();
    const found: ExpiryMessage[] = [];
    const add = (kind: ExpiryKind, serial: string, expires: Date): void => {
      if (expires.getTime() - now <= this.#warnBefore) {
        found.push({ kind, serial, expiresAt: expires.toISOString(), daysLeft: Math.floor((expires.getTime() - now) / DAY), replacedBy: undefined });
      }
    };
    if (this.#merchant !== undefined) add('merchant-certificate', this.#merchant.serial, this.#merchant.expires);
    for (const serial of this.#keys.serials()) {
      const expires = this.#keys.expiresAt(serial);
      if (expires !== undefined) add('platform-certificate', serial, expires);
    }
    for (const [serial, replacedBy] of this.#replaced) found.push({ kind: 'public-key', serial, expiresAt: undefined, daysLeft: undefined, replacedBy });
    return found;
  }

  /** Publishes the notices not published yet (an expired one again once it has expired); looks at most once a minute. */
  check(): void {
    const now = this.#clock();
    if (now < this.#nextCheck) return;
    this.#nextCheck = now + CHECK_INTERVAL;
    this.#publishNew();
  }

  /** Publishes the notices not published yet now (after the keys changed). */
  recheck(): void {
    this.#nextCheck = this.#clock() + CHECK_INTERVAL;
    this.#publishNew();
  }

  /**
   * An answer or callback was signed under the public key ID `serial`, which is not configured: every other
   * configured `PUB_KEY_ID_…` is reported as replaced by it.
   */
  unknown(serial: string): void {
    if (!PUBLIC_KEY_ID.test(serial)) return;
    let changed = false;
    for (const old of this.#keys.serials()) {
      if (PUBLIC_KEY_ID.test(old) && old !== serial && this.#replaced.get(old) !== serial) {
        this.#replaced.set(old, serial);
        changed = true;
      }
    }
    if (changed) this.#publishNew();
  }

  #publishNew(): void {
    for (const notice of this.notices()) {
      const key = `${notice.kind}:${notice.serial}:${notice.replacedBy ?? (notice.daysLeft !== undefined && notice.daysLeft < 0 ? 'expired' : 'soon')}`;
      if (this.#published.has(key)) continue;
      this.#published.add(key);
      publishExpiry(notice);
    }
  }
}
