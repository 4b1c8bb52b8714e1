import { after, before } from 'node:test';
import { Builder, type Root } from '../../lib/index.js';
import { Sandbox, type SandboxOptions } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';

/** A sandbox and a client of it, started before the tests of a file and closed after them. */
export interface SandboxClient {
  readonly sandbox: Sandbox;
  readonly wxpay: Root;
}

/** Registers the hooks that start a sandbox (with a fresh test PKI) and its client, and close both. */
export function useSandbox(options: SandboxOptions = {}): SandboxClient {
  let started: SandboxClient | undefined;
  before(async () => {
    const sandbox = await Sandbox.start({ pki: createTestPki(), ...options });
    started = { sandbox, wxpay: Builder.factory(sandbox.clientConfig()) };
  });
  after(async () => {
    await started?.sandbox.close();
    await started?.wxpay.getDriver().close();
  });
  return {
    get sandbox() {
      if (started === undefined) throw new Error('the sandbox starts in a before() hook');
      return started.sandbox;
    },
    get wxpay() {
      if (started === undefined) throw new Error('the sandbox starts in a before() hook');
      return started.wxpay;
    },
  };
}

/** Runs `run` with a client, and closes the client's connections after. */
export async function closing<T>(wxpay: Root, run: (wxpay: Root) => Promise<T>): Promise<T> {
  try {
    return await run(wxpay);
  } finally {
    await wxpay.getDriver().close();
  }
}
