/**
 * When a failed attempt may be sent again, and how long to wait first: small pure functions, by WeChat Pay's own
 * rules (429 and 5xx mean "not processed, or retry later with the same parameters"; a write is repeated only when the
 * caller says it is idempotent, or when it provably never left).
 *
 * @module
 */

/** The extra attempts a call may make by default. */
export const DEFAULT_RETRIES = 2;
/** The first backoff after a 5xx or a network failure, in milliseconds (doubling after each attempt). */
export const BACKOFF_BASE_MS = 250;
/** The first backoff after a 429 without `Retry-After`, in milliseconds: a rate limit wants a slower pace. */
export const RATE_LIMIT_BASE_MS = 1000;
/** The longest backoff, in milliseconds, whatever the attempt or `Retry-After` say. */
export const BACKOFF_CAP_MS = 10_000;

/** The methods that are safe to send again without the caller saying so. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** Whether an answer's status is worth another attempt: 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * Whether a request may be sent again after it may have reached the server: GET and HEAD always, any other method
 * only with `idempotent: true` (an order keyed by `out_trade_no`, a refund keyed by `out_refund_no`, unchanged).
 */
export function mayRepeat(method: string, idempotent: boolean | undefined): boolean {
  return idempotent === true || (idempotent !== false && SAFE_METHODS.has(method));
}

/**
 * The wait a `Retry-After` header asks for, in milliseconds: seconds (`120`) or an HTTP date; `undefined` when absent
 * or unreadable.
 *
 * @param header - the header's value
 * @param now - the local clock, Unix milliseconds
 */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Exponential backoff with jitter: `base × 2^(attempt − 1)`, capped, then a random half of it added to half of it
 * ("equal jitter"), so clients that failed together do not return together.
 *
 * @param attempt - the attempt that just failed (1 for the first)
 * @param base - the first wait, in milliseconds
 * @param random - a number in [0, 1)
 */
export function backoffMs(attempt: number, base: number, random: number): number {
  const full = Math.min(BACKOFF_CAP_MS, base * 2 ** (attempt - 1));
  return Math.round(full / 2 + (full / 2) * random);
}
