import assert from 'node:assert/strict';
import { CryptoError } from '../../lib/index.js';

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
