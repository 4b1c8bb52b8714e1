/**
 * The deadlines and size limits every call has unless it says otherwise, and the checks of the options that change
 * them. Seconds as Guzzle counts them (`timeout`, `connect_timeout`, `read_timeout`), bytes for `max_response_size`.
 *
 * @module
 */

import { ConfigError } from '../errors/config-error.js';

/** The overall deadline of a call, in seconds: DNS, connect, TLS, 1xx answers and the whole body. */
export const DEFAULT_TIMEOUT = 30;
/** The connect deadline (DNS, TCP and TLS handshake), in seconds. */
export const DEFAULT_CONNECT_TIMEOUT = 10;
/** The idle limit between two chunks of a streamed body (`stream: true`, bill downloads), in seconds. */
export const DEFAULT_READ_TIMEOUT = 30;
/** The largest buffered APIv3 answer, in bytes (4 MiB). */
export const DEFAULT_MAX_RESPONSE_SIZE = 4 * 1024 * 1024;
/**
 * The largest buffered APIv2 answer, in bytes (256 KiB): XML parsing costs about 0.15 to 0.2 ms per KiB on a
 * 2-core server, so the largest allowed answer is parsed in well under 100 ms.
 */
export const DEFAULT_MAX_V2_RESPONSE_SIZE = 256 * 1024;

/** The options that name a duration. */
export type DurationOption = 'timeout' | 'connect_timeout' | 'read_timeout';

/**
 * Checks a duration option: a positive number of seconds; for `timeout` and `read_timeout` also `0` or `Infinity`,
 * which mean none.
 *
 * @returns the seconds, `null` for "none", or `undefined` when not given
 * @throws ConfigError for anything else
 */
export function validateSeconds(name: DurationOption, value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && name !== 'connect_timeout' && (value === 0 || value === Infinity)) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    const none = name === 'connect_timeout' ? '' : ' (0 or Infinity for none)';
    throw new ConfigError(name, `\`${name}\` is in seconds and must be a positive number${none}, got ${describe(value)}.`);
  }
  return value;
}

/**
 * Checks `max_response_size`: a positive whole number of bytes, or `Infinity` for none.
 *
 * @returns the bytes, `null` for none, or `undefined` when not given
 * @throws ConfigError for anything else
 */
export function validateSize(value: unknown): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === Infinity) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError('max_response_size', `\`max_response_size\` is a positive whole number of bytes (Infinity for none), got ${describe(value)}.`);
  }
  return value;
}

/** A short, safe description of a bad option value. */
function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value);
  return typeof value;
}

/** A resolved setting: the request's own, else the client's, else the default; `null` means none. */
export function pick<T>(request: T | null | undefined, client: T | null | undefined, fallback: T): T | null {
  if (request !== undefined) return request;
  if (client !== undefined) return client;
  return fallback;
}
