/**
 * Backup-domain failover, as WeChat Pay's cross-city guidance asks: keep the main domain primary, switch to the backup
 * when the primary cannot be reached, and switch back when it recovers. A request that failed before anything was sent
 * goes to the backup at once; after {@link FAILOVER_THRESHOLD} such failures in a row, new calls go straight to the
 * backup for {@link FAILOVER_COOLDOWN_MS}, then the primary is probed again.
 *
 * @module
 */

/** The main domain, and the backup WeChat Pay lists beside it on every API page. */
export const MAIN_DOMAIN = 'https://api.mch.weixin.qq.com/';
/** The backup of the main domain. */
export const BACKUP_DOMAIN = 'https://api2.mch.weixin.qq.com/';
/** Pre-send failures of the primary in a row that start a cool-down. */
export const FAILOVER_THRESHOLD = 3;
/** How long new calls go straight to the backup once the primary is held down, in milliseconds. */
export const FAILOVER_COOLDOWN_MS = 60_000;

/** The backup a `base_uri` has by default: the main domain's for the main domain, none for anything else. */
export function defaultBackup(baseUri: string): string | undefined {
  return baseUri === MAIN_DOMAIN ? BACKUP_DOMAIN : undefined;
}

/** Where the client sends its calls now, as data (`wxpay.getDriver().failover.state`). */
export interface FailoverState {
  /** The primary base URI. */
  readonly primary: string;
  /** The backup base URI. */
  readonly backup: string;
  /** Pre-send failures of the primary in a row. */
  readonly failures: number;
  /** Until when (Unix milliseconds) new calls go straight to the backup; 0 when they go to the primary. */
  readonly coolingUntil: number;
}

/** One client's failover between its primary and its backup base URI. */
export class Failover {
  readonly #primary: string;
  readonly #backup: string;
  readonly #clock: () => number;
  #failures = 0;
  #coolingUntil = 0;

  /**
   * @param primary - the primary base URI (`base_uri`)
   * @param backup - the backup base URI (`backup_uri`)
   * @param clock - Unix milliseconds; for tests
   */
  constructor(primary: string, backup: string, clock: () => number = Date.now) {
    this.#primary = primary;
    this.#backup = backup;
    this.#clock = clock;
  }

  /** Where the client sends its calls now. */
  get state(): FailoverState {
    return { primary: this.#primary, backup: this.#backup, failures: this.#failures, coolingUntil: this.#coolingUntil };
  }

  /** Whether new calls go straight to the backup (the primary is held down). */
  cooling(): boolean {
    if (this.#coolingUntil === 0) return false;
    if (this.#clock() < this.#coolingUntil) return true;
    this.#coolingUntil = 0; // the cool-down is over: the next call probes the primary
    return false;
  }

  /** `url` moved from the primary to the backup, or `undefined` when it is not under the primary. */
  toBackup(url: URL): URL | undefined {
    return rebase(url, this.#primary, this.#backup);
  }

  /** Whether `url` is under the primary base URI. */
  isPrimary(url: URL): boolean {
    return url.href.startsWith(this.#primary);
  }

  /** Counts a pre-send failure of the primary; the threshold starts a cool-down. */
  primaryFailed(): void {
    this.#failures += 1;
    if (this.#failures >= FAILOVER_THRESHOLD) this.#coolingUntil = this.#clock() + FAILOVER_COOLDOWN_MS;
  }

  /** The primary answered: it is up again. */
  primaryAnswered(): void {
    this.#failures = 0;
    this.#coolingUntil = 0;
  }
}

/** `url` with its `from` base replaced by `to`, or `undefined` when it does not start with `from`. */
function rebase(url: URL, from: string, to: string): URL | undefined {
  if (!url.href.startsWith(from)) return undefined;
  return new URL(url.href.slice(from.length), to);
}
