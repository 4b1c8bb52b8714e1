import assert from 'node:assert/strict';

/** Asserts that `fn` throws an instance of exactly `type` (not a subclass), and returns it. */
export function refused<E extends Error>(fn: () => unknown, type: new (...args: never[]) => E): E {
  let caught: unknown;
  assert.throws(fn, (error: unknown) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof type && caught.constructor === type, `expected ${type.name}, got ${String(caught)}`);
  return caught;
}
