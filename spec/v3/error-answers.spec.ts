import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  Builder,
  ClientError,
  ServerError,
  type Root,
} from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { untyped } from '../helpers/untyped.js';
import { VERIFICATION_FAULTS } from '../helpers/assertions.js';

// WeChat Pay signs its 4xx/5xx answers too: an error answer that carries its signature headers is verified before it
// becomes a ClientError/ServerError, so a forged or tampered error answer cannot pass for WeChat Pay's.
let sandbox: Sandbox;
let wxpay: Root;
let gateway: Server;
let gatewayUrl: string;
const invalid = { json: {} }; // the sandbox answers 400 PARAM_ERROR, signed

before(async () => {
  sandbox = await Sandbox.start();
  wxpay = Builder.factory(sandbox.clientConfig());
  // A proxy's or load balancer's error page: no Wechatpay-* header at all.
  gateway = createServer((_, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>'));
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${String((gateway.address() as AddressInfo).port)}/`;
});

after(async () => {
  await sandbox.close();
  await new Promise((resolve) => gateway.close(resolve));
});

describe('4xx/5xx answers are verified when they carry signature headers', () => {
  it('a properly signed 400 is a ClientError (it was verified first)', async () => {
    await assert.rejects(untyped(wxpay).v3.businesscircle.parkings.post(invalid), (e: unknown) => e instanceof ClientError && e.status === 400 && e.code === 'PARAM_ERROR');
  });

  for (const [fault, kind] of VERIFICATION_FAULTS) {
    it(`a 400 with ${JSON.stringify(fault)} rejects with ${kind.name}, not as an ordinary ClientError`, async () => {
      sandbox.fault(fault);
      await assert.rejects(untyped(wxpay).v3.businesscircle.parkings.post(invalid), (e: unknown) => {
        assert.ok(!(e instanceof ClientError), `got a ClientError: ${String(e)}`);
        return e instanceof kind && e.response.status === 400;
      });
    });
  }

  it('a properly signed 500 is a ServerError (it was verified first)', async () => {
    sandbox.fault('system-error');
    await assert.rejects(untyped(wxpay).v3.vehicle.parking.services.find.get({ query: { appid: 'wx1' }, retries: 0 }), (e: unknown) => e instanceof ServerError && e.status === 500);
  });

  it('verify_signature: false leaves a 4xx unverified', async () => {
    sandbox.fault('bad-signature');
    await assert.rejects(untyped(wxpay).v3.businesscircle.parkings.post({ ...invalid, verify_signature: false }), (e: unknown) => e instanceof ClientError && e.status === 400);
  });

  it('an error answer with no Wechatpay-* header (a gateway page, not WeChat Pay) is a ServerError/ClientError, unverified', async () => {
    const client = Builder.factory({ ...sandbox.clientConfig(), base_uri: gatewayUrl });
    await assert.rejects(untyped(client).v3.businesscircle.parkings.post(invalid), (e: unknown) => e instanceof ServerError && e.status === 502 && /Bad Gateway/.test(e.message));
  });
});
