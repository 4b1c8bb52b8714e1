import assert from 'node:assert/strict';
import { CryptoError, HeadersIncompleteError, SignatureMismatchError, TimestampOffsetError, UnknownSerialError, type VerificationError } from '../../lib/index.js';
import type { Fault } from '../../lib/sandbox/faults.js';

/** Asserts that `fn` throws a CryptoError with that message (exact string, or pattern), and optionally a cause. */
export function throwsCrypto(fn: () => unknown, message: RegExp | string, withCause = false): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CryptoError);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    if (withCause) assert.ok(error.cause instanceof Error, 'has the underlying error as cause');
    return true;
  });
}

/** The sandbox faults that break an answer's signature check, each with the error class it must reject with. */
export const VERIFICATION_FAULTS: readonly (readonly [Fault, new (...args: never[]) => VerificationError])[] = [
  ['bad-signature', SignatureMismatchError],
  ['stale-timestamp', TimestampOffsetError],
  ['unknown-serial', UnknownSerialError],
  ['missing-headers', HeadersIncompleteError],
];
