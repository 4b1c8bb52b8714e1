/**
 * The `retry` middleware, outermost in both pipelines so that every attempt is a fresh request (new timestamp, nonce
 * and signature, or APIv2 nonce and sign) whose answer is verified as usual. It applies the rules of
 * {@link ./retry-policy.ts} and the client's {@link Failover}, inside the call's one deadline. Remove it by name
 * (`pipeline.remove('retry')`) to turn all of it off, or replace it with your own policy.
 *
 * @module
 */

import { publishRetry } from '../diagnostics/channels.js';
import { traceId } from '../diagnostics/trace.js';
import { HttpError } from '../errors/http-error.js';
import { NetworkError } from '../errors/network-error.js';
import { WechatpayError } from '../errors/wechatpay-error.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import { rememberAttempts, type WechatpayResponse } from '../response.js';
import type { Attempt } from './attempt.js';
import type { Failover } from './failover.js';
import { validateRetries } from './options.js';
import { BACKOFF_BASE_MS, backoffMs, isRetryableStatus, mayRepeat, RATE_LIMIT_BASE_MS, retryAfterMs } from './retry-policy.js';

/** The least time, in milliseconds, an attempt must have left on the deadline to be worth sending. */
const LEAST_ATTEMPT_MS = 50;

/** What the middleware needs of its client. */
export interface RetrySettings {
  /** The client's `retries` (default 2). */
  readonly retries: number;
  /** The client's failover, when it has a backup. */
  readonly failover: Failover | undefined;
  /** A number in [0, 1) for the jitter; for tests. */
  readonly random?: () => number;
}

/** How one attempt ended. */
type Outcome = { readonly response: WechatpayResponse; readonly error?: undefined } | { readonly error: unknown; readonly response?: undefined };

/** The status of an outcome: the answer's, or an `HttpError`'s. */
function statusOf(outcome: Outcome): number | undefined {
  if (outcome.response !== undefined) return outcome.response.status;
  return outcome.error instanceof HttpError ? outcome.error.status : undefined;
}

/** The answer that carries `Retry-After`, if any. */
function answerOf(outcome: Outcome): WechatpayResponse | undefined {
  return outcome.response ?? (outcome.error instanceof HttpError ? outcome.error.response : undefined);
}

/** Whether a failure left the request unsent: it may go again, and elsewhere, whatever its method. */
function unsent(outcome: Outcome): boolean {
  return outcome.error instanceof NetworkError && !outcome.error.sent;
}

/** Whether the outcome is a failure another attempt may cure: 429, 5xx, or a network failure or timeout. */
function retryable(outcome: Outcome, deadlineFired: boolean): boolean {
  if (deadlineFired) return false;
  const status = statusOf(outcome);
  if (status !== undefined) return isRetryableStatus(status);
  return outcome.error instanceof NetworkError && outcome.error.code !== 'ABORT_ERR';
}

/** The record of one attempt. */
function recordOf(attempt: number, url: URL, outcome: Outcome, ms: number, wait: number): Attempt {
  const status = statusOf(outcome);
  const { error } = outcome;
  const code = error instanceof WechatpayError ? (error as { code?: unknown }).code : undefined;
  return {
    attempt,
    origin: url.origin,
    ...(status === undefined ? {} : { status }),
    ...(error === undefined ? {} : { error: error instanceof Error ? error.name : typeof error }),
    ...(typeof code === 'string' ? { code } : {}),
    sent: !unsent(outcome),
    ms: Math.round(ms),
    wait,
  };
}

/** The wait before the next attempt: `Retry-After` on 429/503 when given, else the backoff. */
function waitFor(outcome: Outcome, attempt: number, random: () => number): number {
  const status = statusOf(outcome);
  if (status === 429 || status === 503) {
    const asked = retryAfterMs(answerOf(outcome)?.header('retry-after'), Date.now());
    if (asked !== undefined) return asked;
  }
  return backoffMs(attempt, status === 429 ? RATE_LIMIT_BASE_MS : BACKOFF_BASE_MS, random());
}

/** Waits `ms`, unless the caller's signal fires first. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve(signal?.aborted !== true);
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Publishes a decision to send again on the `wechatpay:retry` channel (nothing is built without a subscriber). */
function announce(request: WechatpayRequest, record: Attempt, outcome: Outcome, next: URL): void {
  publishRetry(traceId(request), request, record.attempt, outcome.error ?? outcome.response, record.wait, next.origin);
}

/** Hands the outcome to the caller with the attempts made. */
function settle(outcome: Outcome, attempts: Attempt[]): WechatpayResponse {
  if (outcome.response !== undefined) {
    rememberAttempts(outcome.response, attempts);
    return outcome.response;
  }
  if (outcome.error instanceof WechatpayError) outcome.error.attempts = attempts;
  throw outcome.error;
}

/**
 * The retry and failover middleware.
 *
 * @param settings - the client's `retries`, failover and hooks
 */
export function retry(settings: RetrySettings): Middleware {
  const random = settings.random ?? Math.random;
  const { failover } = settings;
  return async (request, next) => {
    const budget = validateRetries(request.options.retries) ?? settings.retries;
    const replayable = request.body === undefined || typeof request.body === 'string' || request.body instanceof Uint8Array;
    const repeatable = mayRepeat(request.method, request.options.idempotent);
    const attempts: Attempt[] = [];
    let url = failover?.cooling() === true && failover.isPrimary(request.url) ? (failover.toBackup(request.url) ?? request.url) : request.url;
    let retries = 0;
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      let outcome: Outcome;
      try {
        const response = await next(request.copy(url));
        outcome = { response };
      } catch (error) {
        outcome = { error };
      }
      const ms = performance.now() - started;
      const primary = failover?.isPrimary(url) === true;
      if (primary && !unsent(outcome)) failover?.primaryAnswered();
      const last = (): WechatpayResponse => settle(outcome, [...attempts, recordOf(attempt, url, outcome, ms, 0)]);
      if (outcome.response !== undefined && !isRetryableStatus(outcome.response.status)) return last();
      if (!replayable) return last();
      // a request that never left the primary goes to the backup at once, whatever its method, not as a retry
      if (primary && unsent(outcome) && failover !== undefined) {
        failover.primaryFailed();
        const backup = failover.toBackup(url);
        if (backup !== undefined) {
          const record = recordOf(attempt, url, outcome, ms, 0);
          attempts.push(record);
          announce(request, record, outcome, backup);
          url = backup;
          continue;
        }
      }
      if (!retryable(outcome, request.deadline?.reason !== undefined) || retries >= budget || !(repeatable || unsent(outcome))) return last();
      const wait = waitFor(outcome, attempt, random);
      if (wait + LEAST_ATTEMPT_MS > (request.deadline?.remaining() ?? Infinity)) return last();
      const record = recordOf(attempt, url, outcome, ms, wait);
      attempts.push(record);
      announce(request, record, outcome, url);
      retries += 1;
      if (!(await pause(wait, request.options.signal))) return last();
    }
  };
}
