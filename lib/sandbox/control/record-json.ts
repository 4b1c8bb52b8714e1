/**
 * A recorded request as the control API answers it: JSON, with the body as text and base64 and the `Authorization`
 * signature left out.
 *
 * @module
 */

import type { RecordedRequest } from '../recorder.js';

/** The signature value of an `Authorization` header, which the control API never hands out. */
const SIGNATURE = /signature="[^"]*"/g;

/**
 * The `Authorization` header with its `signature` value replaced by `[REDACTED]` (the other fields are kept: they
 * say who signed, when, and with which nonce).
 *
 * @param value - the header value
 */
export function redactAuthorization(value: string): string {
  return value.replace(SIGNATURE, 'signature="[REDACTED]"');
}

/**
 * The JSON form of a recorded request: method, raw target, path, decoded query, headers (the signature redacted), the
 * body as UTF-8 text and as base64, and the signature verdict (`authorized`, and `authError` when the check failed).
 *
 * @param record - the recorded request
 */
export function recordJson(record: RecordedRequest): Record<string, unknown> {
  const headers = Object.fromEntries(
    Object.entries(record.headers).map(([name, value]) => [name, name === 'authorization' && typeof value === 'string' ? redactAuthorization(value) : value]),
  );
  return {
    method: record.method,
    target: record.target,
    path: record.path,
    query: record.query,
    headers,
    text: record.text,
    bodyBase64: record.body.toString('base64'),
    authorized: record.authorized,
    ...(record.authError === undefined ? {} : { authError: record.authError }),
  };
}
