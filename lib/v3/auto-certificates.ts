/**
 * Automatic platform certificates: a client with the APIv3 key downloads `/v3/certificates` when it meets a serial
 * it has no key for, refreshes them periodically and before the newest expires, and never floods the endpoint.
 *
 * @module
 */

import { publishCertificatesDownloaded, publishCertificatesFailed, type CertificatesReason } from '../diagnostics/channels.js';
import { ConfigError } from '../errors/config-error.js';
import { CryptoError } from '../errors/crypto-error.js';
import { NoPlatformCertificateError } from '../errors/no-platform-certificate-error.js';
import type { PlatformCertificate } from './certificates.js';
import type { PlatformKeys } from './platform-keys.js';

/** Settings of the automatic platform certificates (`autoCertificates` of the client configuration). */
export interface AutoCertificatesOptions {
  /** Seconds between two periodic refreshes; default 43 200 (12 hours). */
  readonly refreshInterval?: number;
  /** Seconds a download that failed, or did not bring the serial looked for, keeps the next one away; default 60. */
  readonly minimumInterval?: number;
  /** Seconds before the newest certificate expires from which it is refreshed hourly; default 604 800 (7 days). */
  readonly renewBefore?: number;
  /**
   * Serials the first download must list at least one of, or nothing it lists is trusted (a `CryptoError`). Without
   * it the first download is trusted as WeChat Pay documents: the list is decrypted with the APIv3 key, and its
   * answer verified with a certificate it carries.
   */
  readonly pin?: readonly string[];
  /** The clock in epoch milliseconds; default `Date.now`. For tests of the refresh timing. */
  readonly clock?: () => number;
}

/** Resolved settings, milliseconds. */
interface Settings {
  readonly refreshInterval: number;
  readonly minimumInterval: number;
  readonly renewBefore: number;
  readonly expiringInterval: number;
  readonly pin: ReadonlySet<string> | undefined;
  readonly clock: () => number;
}

/** The defaults, in seconds. */
export const AUTO_CERTIFICATES_DEFAULTS = { refreshInterval: 43_200, minimumInterval: 60, renewBefore: 604_800, expiringInterval: 3_600 } as const;

function seconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ConfigError(`autoCertificates.${name}`, `\`autoCertificates.${name}\` is in seconds and must be a finite number >= 0.`);
  return value * 1000;
}

/**
 * Validates the `autoCertificates` setting.
 * @throws ConfigError naming the option to fix
 */
export function resolveAutoCertificates(options: AutoCertificatesOptions = {}): Settings {
  const { pin, clock } = options;
  if (pin !== undefined && (!Array.isArray(pin) || !pin.every((serial) => typeof serial === 'string'))) throw new ConfigError('autoCertificates.pin', '`autoCertificates.pin` is a list of platform certificate serials.');
  if (clock !== undefined && typeof clock !== 'function') throw new ConfigError('autoCertificates.clock', '`autoCertificates.clock` must be a function returning epoch milliseconds.');
  const refreshInterval = seconds('refreshInterval', options.refreshInterval, AUTO_CERTIFICATES_DEFAULTS.refreshInterval);
  return {
    refreshInterval,
    minimumInterval: seconds('minimumInterval', options.minimumInterval, AUTO_CERTIFICATES_DEFAULTS.minimumInterval),
    renewBefore: seconds('renewBefore', options.renewBefore, AUTO_CERTIFICATES_DEFAULTS.renewBefore),
    expiringInterval: Math.min(refreshInterval, AUTO_CERTIFICATES_DEFAULTS.expiringInterval * 1000),
    pin: pin === undefined ? undefined : new Set(pin.map((serial) => serial.toUpperCase())),
    clock: clock ?? Date.now,
  };
}

/** What the keeper knows of its last downloads. */
export interface AutoCertificatesState {
  /** Downloads started so far. */
  readonly downloads: number;
  /** The certificates the last successful download listed, oldest first. */
  readonly certificates: readonly PlatformCertificate[];
  /** When the next periodic refresh is due (epoch ms; `Infinity` before the first download). */
  readonly nextRefresh: number;
  /** Set once `/v3/certificates` answered that the merchant has none: nothing is downloaded any more. */
  readonly noCertificates: NoPlatformCertificateError | undefined;
}

/**
 * Keeps a client's platform certificates: downloads them when a serial is met that no key is configured for
 * ({@link AutoCertificates.find}), and in the background when a refresh is due ({@link AutoCertificates.refreshIfDue}).
 *
 * - One download at a time: every caller during a download shares it.
 * - A download that fails, or that does not list the serial looked for, keeps the next one away for
 *   `minimumInterval`; a merchant without platform certificates (`404 RESOURCE_NOT_EXISTS`) gets one
 *   {@link NoPlatformCertificateError} and no download after it.
 * - A serial already in the keys (configured by hand, at any time) is never replaced; downloaded certificates are
 *   added beside them, and removed once expired.
 * - No timer: refreshes are started by the calls and callbacks that verify, so an idle client does nothing and never
 *   keeps the process alive.
 */
export class AutoCertificates {
  readonly #keys: PlatformKeys;
  readonly #fetch: () => Promise<PlatformCertificate[]>;
  readonly #settings: Settings;
  /** The serials this keeper installed (all others were set by hand, and are never touched). */
  readonly #mine = new Set<string>();
  #inFlight: Promise<void> | undefined;
  #downloads = 0;
  #certificates: readonly PlatformCertificate[] = [];
  #nextRefresh = Infinity;
  #quietUntil = -Infinity;
  #noCertificates: NoPlatformCertificateError | undefined;
  /** The serials the last download added. */
  #installed: string[] = [];

  /**
   * @param keys - the client's keys: downloaded certificates are installed there
   * @param fetch - downloads, decrypts and verifies the list (`downloadCertificates` without `install`)
   * @param options - intervals, pin, clock
   */
  constructor(keys: PlatformKeys, fetch: () => Promise<PlatformCertificate[]>, options?: AutoCertificatesOptions) {
    this.#keys = keys;
    this.#fetch = fetch;
    this.#settings = resolveAutoCertificates(options);
  }

  /** What the keeper knows now. */
  get state(): AutoCertificatesState {
    return { downloads: this.#downloads, certificates: this.#certificates, nextRefresh: this.#nextRefresh, noCertificates: this.#noCertificates };
  }

  /**
   * Makes sure a key for `serial` is there if a download can bring it: waits for the download in flight, or starts
   * one, unless the merchant has no certificates or a recent download came back without it. Resolves when there is
   * nothing more to do (the caller then verifies, and reports an unknown serial as usual).
   * @throws NoPlatformCertificateError (once, to the calls sharing that download) | CryptoError (a wrong APIv3 key,
   * or a first download without a pinned serial) | the download's HTTP or network error
   */
  find(serial: string): Promise<void> {
    if (this.#keys.has(serial) || this.#noCertificates !== undefined) return Promise.resolve();
    if (this.#inFlight !== undefined) return this.#inFlight;
    if (this.#settings.clock() < this.#quietUntil) return Promise.resolve();
    return this.#download('unknown-serial', serial);
  }

  /** Starts a background refresh when one is due; errors are published on `wechatpay:certificates:failed`, not thrown. */
  refreshIfDue(): void {
    if (this.#inFlight !== undefined || this.#noCertificates !== undefined) return;
    const now = this.#settings.clock();
    if (now < this.#nextRefresh || now < this.#quietUntil) return;
    this.#download(this.#expiring(now) ? 'expiring' : 'refresh', undefined).catch(() => undefined);
  }

  /** Whether the newest certificate expires within `renewBefore`. */
  #expiring(now: number): boolean {
    const newest = this.#newestExpiry();
    return newest !== undefined && newest - now <= this.#settings.renewBefore;
  }

  #newestExpiry(): number | undefined {
    const times = this.#certificates.map((certificate) => Date.parse(certificate.certificate.validTo));
    return times.length === 0 ? undefined : Math.max(...times);
  }

  #download(reason: CertificatesReason, wanted: string | undefined): Promise<void> {
    this.#downloads += 1;
    const started = performance.now();
    const flight = this.#fetch()
      .then((certificates) => {
        this.#install(certificates);
        const newest = this.#newestExpiry();
        publishCertificatesDownloaded(reason, certificates.map((c) => c.serial), this.#installed, newest === undefined ? undefined : new Date(newest).toISOString(), started);
        if (wanted !== undefined && !this.#keys.has(wanted)) this.#quiet();
      })
      .catch((error: unknown) => {
        publishCertificatesFailed(reason, error, started);
        if (error instanceof NoPlatformCertificateError) this.#noCertificates = error;
        this.#quiet();
        this.#nextRefresh = this.#certificates.length === 0 ? Infinity : this.#settings.clock() + this.#settings.minimumInterval;
        throw error;
      })
      .finally(() => {
        this.#inFlight = undefined;
      });
    this.#inFlight = flight;
    return flight;
  }

  /** Adds the certificates under serials not configured yet, drops expired downloaded ones, and plans the next refresh. */
  #install(certificates: readonly PlatformCertificate[]): void {
    const { pin, clock, refreshInterval, renewBefore, expiringInterval } = this.#settings;
    if (pin !== undefined && this.#certificates.length === 0 && !certificates.some((c) => pin.has(c.serial))) {
      throw new CryptoError(`The platform certificates downloaded (${certificates.map((c) => c.serial).join(', ') || 'none'}) include none of the pinned serials (${[...pin].join(', ')}): none is trusted. Check \`autoCertificates.pin\`, or configure the certificate in \`certs\`.`);
    }
    const now = clock();
    this.#installed = [];
    for (const serial of this.#mine) {
      const expires = this.#keys.expiresAt(serial);
      if (expires !== undefined && expires.getTime() <= now) {
        this.#keys.delete(serial);
        this.#mine.delete(serial);
      }
    }
    for (const { serial, certificate } of certificates) {
      if (this.#keys.has(serial) || Date.parse(certificate.validTo) <= now) continue;
      this.#keys.set(serial, certificate);
      this.#mine.add(serial);
      this.#installed.push(serial);
    }
    this.#certificates = certificates;
    const renewAt = (this.#newestExpiry() ?? Infinity) - renewBefore;
    this.#nextRefresh = renewAt <= now ? now + expiringInterval : Math.min(now + refreshInterval, renewAt);
  }

  /** Keeps downloads away for `minimumInterval`. */
  #quiet(): void {
    this.#quietUntil = this.#settings.clock() + this.#settings.minimumInterval;
  }
}
