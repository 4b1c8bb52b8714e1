/**
 * An undici connector whose connect deadline (DNS, TCP and the TLS handshake) is precise: undici's own fires on a
 * coarse timer, up to half a second late, and says nothing of which setting fired.
 *
 * @module
 */

import { buildConnector } from 'undici';

/** The code of the error a connect deadline fails with. */
export const CONNECT_TIMEOUT_CODE = 'WXPAY_CONNECT_TIMEOUT';

/** The errors that ended a connection attempt: the request behind them was never sent. */
const unsentErrors = new WeakSet<object>();

/** Whether `error` ended a connection attempt of a {@link timedConnector}, so its request never left. */
export function failedToConnect(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unsentErrors.has(error);
}

/** The connect deadline passed: no socket was ready in time, so nothing was sent. */
export class ConnectTimeout extends Error {
  readonly code = CONNECT_TIMEOUT_CODE;
  /** The deadline, in milliseconds. */
  readonly ms: number;

  constructor(ms: number, host: string) {
    super(`could not connect to ${host} within ${String(ms / 1000)}s (the \`connect_timeout\` option)`);
    this.name = 'ConnectTimeout';
    this.ms = ms;
  }
}

/**
 * A connector that connects as undici does with `options` (TLS settings, a client certificate …) and fails with a
 * {@link ConnectTimeout} after `ms` milliseconds, destroying the socket it was opening.
 */
export function timedConnector(ms: number, options: Readonly<Record<string, unknown>>): buildConnector.connector {
  const connect = buildConnector({ ...options, timeout: 0 });
  return (opts, callback) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      socket?.destroy();
      const error = new ConnectTimeout(ms, `${opts.hostname}${opts.port === '' ? '' : `:${opts.port}`}`);
      unsentErrors.add(error);
      callback(error, null);
    }, ms);
    // undici's connector returns the socket it opens, though its type says void
    const open = connect as unknown as (o: typeof opts, cb: buildConnector.Callback) => { destroy(): void } | undefined;
    const socket = open(opts, (error, connected) => {
      if (done) {
        connected?.destroy();
        return;
      }
      done = true;
      clearTimeout(timer);
      if (error === null) {
        callback(null, connected);
      } else {
        unsentErrors.add(error);
        callback(error, null);
      }
    });
  };
}
