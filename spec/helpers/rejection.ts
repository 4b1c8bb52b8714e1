import assert from 'node:assert/strict';

/** What `call` rejected with; fails the test when it resolves. */
export async function rejectionOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.fail('the call should have failed');
}
