import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { Builder, ConfigError, NetworkError, Transformer, V2ResponseError, type Chainable, type ClientConfig } from '../../lib/index.js';
import { createTestPki, Sandbox, type SandboxHttpsClientConfig } from '../../lib/sandbox/index.js';
import { untyped } from '../helpers/untyped.js';
import { CertificateFiles, hasOpenssl, redpack, refundOf, referenceSign, seed002 } from '../helpers/v2.js';

const OPENSSL_MISSING = hasOpenssl ? false : 'the openssl command line tool is not installed: it is needed to build PKCS#12 files';

let sandbox: Sandbox;
let files: CertificateFiles;
let config: SandboxHttpsClientConfig;
const clients: Chainable[] = [];

before(async () => {
  sandbox = await Sandbox.start();
  config = sandbox.httpsClientConfig();
  files = new CertificateFiles(sandbox.pki.merchant.cert, sandbox.pki.merchant.keyPem);
});
after(async () => {
  await Promise.all(clients.map((client) => client.getDriver().close()));
  await sandbox.close();
  files.remove();
});

/** A client (closed after the spec). */
function client(overrides: Partial<ClientConfig> = {}): Chainable {
  const made = untyped(Builder.factory({ ...config, ...overrides }));
  clients.push(made);
  return made;
}

/** Sends a red packet (unsigned answer) and a refund (signed, verified) with the client certificate, and checks both. */
async function certificateCalls(wxpay: Chainable): Promise<void> {
  const red = await wxpay.v2.mmpaymkttransfers.sendredpack.post({ xml: redpack(sandbox.mchid), security: true });
  const packet = Transformer.toArray(red.text()) as Record<string, string>;
  assert.equal(packet.result_code, 'SUCCESS');
  assert.match(packet.send_listid ?? '', /^\d{28}$/);
  assert.equal(packet.sign, undefined, 'red packets answer unsigned');
  const refund = await wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true });
  const answer = Transformer.toArray(refund.text()) as Record<string, string>;
  assert.equal(answer.refund_fee, '60');
  assert.equal(answer.sign, referenceSign(answer, sandbox.secret));
}

describe('mutual TLS against the HTTPS sandbox', () => {
  it('with the PEM pair as file:// paths', async () => {
    await certificateCalls(client({ merchant: { cert: files.url(files.certPath), key: files.url(files.keyPath) } }));
  });

  it('with the PEM pair as strings (httpsClientConfig) and as Buffers', async () => {
    await certificateCalls(client());
    await certificateCalls(client({ merchant: { cert: readFileSync(files.certPath), key: readFileSync(files.keyPath) } }));
  });

  it('with a modern PKCS#12 (pfx) and its passphrase, as bytes or a file:// path', { skip: OPENSSL_MISSING }, async () => {
    const path = files.pkcs12('modern.p12', 'p4ss');
    await certificateCalls(client({ merchant: { pfx: readFileSync(path), passphrase: 'p4ss' } }));
    await certificateCalls(client({ merchant: { pfx: files.url(path), passphrase: 'p4ss' } }));
  });

  it('with a pfx and no passphrase: opened with the mchid, WeChat Pay\'s default', { skip: OPENSSL_MISSING }, async () => {
    const path = files.pkcs12('default.p12', sandbox.mchid);
    await certificateCalls(client({ merchant: { pfx: readFileSync(path) } }));
  });

  // undici opens a second keep-alive connection when the next request is queued in the same tick as the previous
  // answer ends, so back-to-back requests use at most two; an agent made per request would make one per request.
  it('builds the mutual-TLS agent once and reuses its keep-alive connections', async () => {
    const wxpay = client();
    sandbox.reset();
    for (let i = 0; i < 6; i++) await wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true });
    const handshakes = sandbox.tlsHandshakes;
    assert.ok(handshakes >= 1 && handshakes <= 2, `six requests, ${String(handshakes)} TLS connections`);
    await wxpay.v2.vehicle.pay.notification.post({ xml: seed002(sandbox.mchid) });
    assert.equal(sandbox.tlsHandshakes, handshakes + 1, 'requests without security go through the other agent');
    for (let i = 0; i < 3; i++) await wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true });
    assert.equal(sandbox.tlsHandshakes, handshakes + 1, 'the mutual-TLS connections are still open and reused');
  });

  it('a per-request connect_timeout gets its own mutual-TLS agent, also reused', async () => {
    const wxpay = client();
    sandbox.reset();
    for (let i = 0; i < 6; i++) await wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true, connect_timeout: 5 });
    assert.ok(sandbox.tlsHandshakes <= 2, String(sandbox.tlsHandshakes));
  });

  it('close() closes the mutual-TLS agent too', async () => {
    const wxpay = untyped(Builder.factory(config));
    await wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true });
    await wxpay.getDriver().close();
    await assert.rejects(wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true }), (e: unknown) => e instanceof NetworkError && e.code === 'UND_ERR_DESTROYED');
  });
});

describe('clear failures', () => {
  it('without the certificate, the server hangs up: a NetworkError saying it is missing and how to send it', async () => {
    const wxpay = client();
    for (const path of ['sendredpack', 'refund'] as const) {
      const call = path === 'refund' ? wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid) }) : wxpay.v2.mmpaymkttransfers.sendredpack.post({ xml: redpack(sandbox.mchid) });
      await assert.rejects(call, (e: unknown) => {
        assert.ok(e instanceof NetworkError, String(e));
        assert.equal(e.code, 'UND_ERR_SOCKET');
        assert.match(e.message, /^POST https:\/\/127\.0\.0\.1:\d+\/\S+ failed: other side closed \(UND_ERR_SOCKET\)\. The server refused the connection: .*it is missing: send with `security: true`\.$/);
        return true;
      });
    }
  });

  it('a certificate the server does not trust: a NetworkError saying it was refused', async () => {
    const foreign = createTestPki();
    const wxpay = client({ merchant: { cert: foreign.merchant.cert, key: foreign.merchant.keyPem } });
    await assert.rejects(wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true }), (e: unknown) => {
      assert.ok(e instanceof NetworkError);
      assert.match(e.message, /The server refused the connection: the client certificate was refused \(is `merchant` the API certificate of this mchid/);
      return true;
    });
  });

  it('security: true without `merchant` is a ConfigError before sending', async () => {
    const wxpay = client({ merchant: undefined });
    sandbox.reset();
    await assert.rejects(wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true }), (e: unknown) => e instanceof ConfigError && e.setting === 'merchant' && /this client has none/.test(e.message));
    assert.equal(sandbox.requests.length, 0);
    assert.equal(sandbox.tlsHandshakes, 0);
  });

  it('security: true through a caller dispatcher is a ConfigError (never bypassed); a per-request dispatcher with the certificate works', async () => {
    const plain = new Agent({ connect: { ca: config.verify } });
    const withCertificate = new Agent({ connect: { ca: config.verify, cert: config.merchant.cert, key: config.merchant.key } });
    try {
      const wxpay = client({ merchant: undefined, dispatcher: plain });
      sandbox.reset();
      const viaClient = client({ dispatcher: plain });
      await assert.rejects(viaClient.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true }), (e: unknown) => e instanceof ConfigError && e.setting === 'dispatcher');
      assert.equal(sandbox.requests.length, 0);
      const res = await wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true, dispatcher: withCertificate });
      assert.equal(Transformer.toArray(res.text()).result_code, 'SUCCESS');
    } finally {
      await Promise.all([plain.close(), withCertificate.close()]);
    }
  });

  it('a certificate endpoint over plain HTTP gets WeChat Pay\'s CA_ERROR (refunds answer it signed)', async () => {
    const wxpay = client({ base_uri: sandbox.url });
    await assert.rejects(wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid) }), (e: unknown) => e instanceof V2ResponseError && e.errCode === 'CA_ERROR');
  });
});

describe('who needs what', () => {
  it('an APIv2-only client ({ mchid, secret, merchant } and no APIv3 keys) works; its APIv3 calls say what is missing', async () => {
    const { mchid, secret, merchant, base_uri, verify } = config;
    const wxpay = client({ mchid, secret, merchant, base_uri, verify, serial: undefined, privateKey: undefined, certs: undefined });
    await certificateCalls(wxpay);
    const res = await wxpay.v2.vehicle.pay.notification.post({ xml: seed002(mchid) });
    assert.equal(Transformer.toArray(res.text()).user_state, 'NORMAL');
    await assert.rejects(wxpay.v3.vehicle.parking.services.find.get(), (e: unknown) => e instanceof ConfigError && e.setting === 'privateKey');
  });

  it('APIv3 over HTTPS with `verify` (the test CA); without it the server certificate is not trusted', async () => {
    const query = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'oUpF8uMuAJOM2pxb1Q' };
    const res = await client().v3.vehicle.parking.services.find.get({ query });
    assert.equal(res.json<{ service_state: string }>().service_state, 'NORMAL');
    assert.equal(sandbox.lastRequest()?.authorized, true);
    await assert.rejects(client({ verify: undefined }).v3.vehicle.parking.services.find.get({ query }), (e: unknown) => e instanceof NetworkError && /certificate/i.test(e.message));
  });
});
