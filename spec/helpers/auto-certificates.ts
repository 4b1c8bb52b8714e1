// Shared by the automatic-certificate specs: sandboxes (closed after the file), a client with only the APIv3 key, and
// what the sandbox saw.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { after } from 'node:test';
import { Builder, type ClientConfig, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';

const pki = createTestPki();
const sandboxes: Sandbox[] = [];
after(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
});

/** A fresh sandbox (its own rotation state), closed after the file. */
export async function start(mode: 'certificate' | 'public-key' = 'certificate'): Promise<Sandbox> {
  const sandbox = await Sandbox.start({ pki, mode });
  sandboxes.push(sandbox);
  return sandbox;
}

/** A client that has only the APIv3 key (no `certs`). */
export function autoClient(sandbox: Sandbox, extra: Partial<ClientConfig> = {}): Root {
  const { mchid, serial, privateKey, base_uri } = sandbox.clientConfig();
  return Builder.factory({ mchid, serial, privateKey, base_uri, apiv3Key: sandbox.apiv3Key, ...extra });
}

/** How many times the sandbox was asked for its certificates. */
export const downloads = (sandbox: Sandbox): number => sandbox.requests.filter((request) => request.path === '/v3/certificates').length;

/** A signed GET the sandbox answers 200. */
export const lookup = (wxpay: Root) => wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o1', query: { appid: 'wx1' } });

/** Resolves with the next message of a channel. */
export function next(name: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (message: unknown): void => {
      unsubscribe(name, listener);
      resolve(message as Record<string, unknown>);
    };
    subscribe(name, listener);
  });
}
