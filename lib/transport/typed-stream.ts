/**
 * A streamed body (`stream: true`, bill downloads) whose failures are the SDK's typed errors: a reset, a stalled
 * body (the `read_timeout` idle limit) or the caller's `signal` end it with a `NetworkError` or `TimeoutError`,
 * never a raw socket error.
 *
 * @module
 */

import { PassThrough, type Readable } from 'node:stream';
import type { WechatpayError } from '../errors/wechatpay-error.js';
import { DeadlineFired } from './deadline.js';

/** The code of the error a stalled streamed body fails with. */
export const IDLE_TIMEOUT_CODE = 'UND_ERR_BODY_TIMEOUT';

/** No byte of a streamed body for longer than its idle limit. */
class IdleTimeout extends Error {
  readonly code = IDLE_TIMEOUT_CODE;

  constructor() {
    super('the streamed body stalled');
    this.name = 'IdleTimeout';
  }
}

/**
 * `source` as a stream whose errors are `typed(error)`. Destroying the result destroys `source` (the connection is
 * released); `signal`, when it fires, ends it with the typed abort error.
 *
 * @param source - the body as the transport gives it
 * @param typed - turns a failure into the SDK's error
 * @param signal - the caller's own signal, if any
 * @param idleMs - the idle limit (`read_timeout`) in milliseconds, `null` for none
 */
export function typedStream(source: Readable, typed: (cause: unknown) => WechatpayError, signal: AbortSignal | undefined, idleMs: number | null): Readable {
  const out = new PassThrough({ readableHighWaterMark: source.readableHighWaterMark });
  const onAbort = (): void => {
    out.destroy(typed(new DeadlineFired('aborted')));
  };
  source.on('error', (error) => {
    out.destroy(typed(error));
  });
  // the idle limit counts from the headers to the first byte too, and between every two chunks after
  const idle = idleMs === null ? undefined : setTimeout(() => {
    out.destroy(typed(new IdleTimeout()));
  }, idleMs);
  idle?.unref();
  if (idle !== undefined) {
    source.on('data', () => idle.refresh());
    source.once('end', () => {
      clearTimeout(idle);
    });
  }
  out.once('close', () => {
    clearTimeout(idle);
    signal?.removeEventListener('abort', onAbort);
    if (!source.destroyed) source.destroy();
  });
  if (signal?.aborted === true) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  source.pipe(out);
  return out;
}
