/**
 * The sandbox's adjustable per-endpoint state, and the rolling-second counter behind its rate limit.
 *
 * @module
 */

/** Per-endpoint state a test can set on a running sandbox (`sandbox.state.serviceState = 'PAUSE'`). */
export interface SandboxState {
  /** The `service_state` answered by `GET /v3/vehicle/parking/services/find`; default `'NORMAL'`. */
  serviceState: 'NORMAL' | 'PAUSE' | 'OUT_SERVICE';
  /** The `authorize_state` answered by `GET /v3/businesscircle/user-authorizations/{openid}`; default `'AUTHORIZED'`. */
  authorizeState: 'AUTHORIZED' | 'UNAUTHORIZED' | 'DEAUTHORIZED';
  /** The `pending_status` answered by `GET /v3/businesscircle/users/{openid}/points/commit_status`; default `'FINISHED'`. */
  pendingStatus: 'PENDING' | 'FINISHED';
  /** How many calls a rate-limited endpoint takes per rolling second before answering 429; default 50. */
  rateLimit: number;
  /** APIv2: the `user_state` answered by `/vehicle/pay/notification` and `/vehicle/pay/querystate`; default `'NORMAL'`. */
  userState: 'NORMAL' | 'BLOCK';
  /** APIv2: the `deduct_mode` answered by the same two endpoints; default `'PROACTIVE'`. */
  deductMode: 'PROACTIVE' | 'AUTOPAY';
  /**
   * The approximate size in bytes of the bills `tradebill` and `fundflowbill` describe (whole rows are added until it
   * is reached); default {@link DEFAULT_BILL_SIZE}. Hundreds of megabytes are fine: bills are generated and served in
   * chunks.
   */
  billSize: number;
  /** `true`: `/v3/billdownload/file` serves the bill with one byte changed, so its digest no longer matches. */
  billCorrupt: boolean;
}

/** The default {@link SandboxState.billSize}, in bytes (about a dozen rows). */
export const DEFAULT_BILL_SIZE = 4096;

/** The default {@link SandboxState.rateLimit}. */
export const DEFAULT_RATE_LIMIT = 50;

/** The rate-limit window, in milliseconds. */
const WINDOW_MS = 1000;

/**
 * The initial state of a sandbox.
 *
 * @param rateLimit - calls per rolling second of a rate-limited endpoint
 */
export function initialState(rateLimit: number = DEFAULT_RATE_LIMIT): SandboxState {
  return {
    serviceState: 'NORMAL',
    authorizeState: 'AUTHORIZED',
    pendingStatus: 'FINISHED',
    rateLimit,
    userState: 'NORMAL',
    deductMode: 'PROACTIVE',
    billSize: DEFAULT_BILL_SIZE,
    billCorrupt: false,
  };
}

/** Counts calls per key (an endpoint) over the last rolling second. */
export class RateCounter {
  readonly #hits = new Map<string, number[]>();

  /**
   * Records a call and returns how many calls `key` received in the last second, this one included.
   *
   * @param key - the endpoint
   * @param now - the time of the call, in epoch milliseconds
   */
  hit(key: string, now: number): number {
    const recent = (this.#hits.get(key) ?? []).filter((at) => at > now - WINDOW_MS);
    recent.push(now);
    this.#hits.set(key, recent);
    return recent.length;
  }

  /** Forgets every call. */
  clear(): void {
    this.#hits.clear();
  }
}
