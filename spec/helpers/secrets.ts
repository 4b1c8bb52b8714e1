// The secret scanner: what must never appear in an error, a log line, an event or inspect output — the APIv3 and
// APIv2 keys, any part of a private key, and every request signature the sandbox received.
import assert from 'node:assert/strict';
import type { Sandbox } from '../../lib/sandbox/index.js';

/** The base64 lines of a PEM (each a distinctive fragment of the key). */
function pemLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
}

/** Every secret a sandbox and its clients hold: keys, private key fragments, and the signatures it received. */
export function sandboxSecrets(sandbox: Sandbox): string[] {
  const signatures = sandbox.requests.flatMap((request) => {
    const found = /signature="([^"]+)"/.exec(String(request.headers.authorization ?? ''));
    return found?.[1] === undefined ? [] : [found[1]];
  });
  const keys = [sandbox.pki.merchant.keyPem, sandbox.pki.platform.keyPem, ...sandbox.rotation.certificates.map((member) => member.keyPem)];
  return [sandbox.apiv3Key, sandbox.secret, ...keys.flatMap(pemLines), ...signatures];
}

/** The secrets found in `text` (none, when all is well). */
export function findSecrets(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret.length > 0 && text.includes(secret));
}

/** Asserts that no secret appears in `text`. */
export function assertNoSecrets(text: string, secrets: readonly string[], what = 'the text'): void {
  const found = findSecrets(text, secrets);
  assert.equal(found.length, 0, `${what} contains ${found.length} secret(s), e.g. ${found[0]?.slice(0, 6) ?? ''}…`);
}
