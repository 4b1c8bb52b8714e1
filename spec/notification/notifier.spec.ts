import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { AesEcb, AesGcm, Formatter, Hash, Rsa, Transformer } from '../../lib/index.js';
import { buildNotification, createTestPki, NOTIFICATION_KINDS, Sandbox, sendNotification, type NotificationKind } from '../../lib/sandbox/index.js';
import { close, listen } from './recipes.js';

let sandbox: Sandbox;
before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
});
after(() => sandbox.close());

interface Envelope {
  id: string;
  create_time: string;
  resource_type: string;
  event_type: string;
  summary: string;
  resource: { original_type: string; algorithm: string; ciphertext: string; associated_data: string; nonce: string };
}

describe('buildNotification: APIv3 callbacks, checked with the primitives only', () => {
  for (const kind of ['mall.authorization', 'mall.transaction', 'mall.refund'] as const) {
    it(`${kind}: signed by the platform key over ts\\nnonce\\nbody\\n, resource encrypted with the APIv3 key`, () => {
      const { headers, body, payload } = buildNotification(sandbox, kind);
      assert.equal(headers['Content-Type'], 'application/json');
      assert.equal(headers['Wechatpay-Serial'], sandbox.platformSerial);
      assert.equal(headers['Wechatpay-Signature-Type'], 'WECHATPAY2-SHA256-RSA2048');
      assert.match(headers['Request-ID'], /^[0-9A-F]{32}-0$/);
      assert.ok(Math.abs(Number(headers['Wechatpay-Timestamp']) - Formatter.timestamp()) <= 1);
      const message = Formatter.response(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce'], body);
      assert.ok(Rsa.verify(message, headers['Wechatpay-Signature'], createPublicKey(sandbox.pki.platform.key)));
      const envelope = JSON.parse(body) as Envelope;
      assert.match(envelope.id, /^[0-9a-f-]{36}$/);
      assert.match(envelope.create_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      assert.equal(envelope.resource_type, 'encrypt-resource');
      assert.equal(envelope.resource.algorithm, 'AEAD_AES_256_GCM');
      assert.equal(envelope.resource.nonce.length, 12);
      const { ciphertext, nonce, associated_data } = envelope.resource;
      assert.deepEqual(JSON.parse(AesGcm.decrypt(ciphertext, sandbox.apiv3Key, nonce, associated_data)), payload);
    });
  }

  it('the resources have the fields of WeChat Pay documents, amounts as integers in fen', () => {
    const fields = (kind: NotificationKind) => Object.keys(buildNotification(sandbox, kind).payload).sort();
    assert.deepEqual(fields('mall.authorization'), ['auth_type', 'code', 'mchid', 'openid']);
    assert.deepEqual(fields('mall.transaction'), ['amount', 'appid', 'commit_tag', 'mchid', 'merchant_name', 'openid', 'shop_name', 'shop_number', 'time_end', 'transaction_id']);
    assert.deepEqual(fields('mall.refund'), ['appid', 'mchid', 'merchant_name', 'openid', 'pay_amount', 'refund_amount', 'refund_id', 'refund_time', 'shop_name', 'shop_number', 'transaction_id']);
    const refund = buildNotification(sandbox, 'mall.refund').payload as Record<string, unknown>;
    assert.ok(Number.isInteger(refund.pay_amount) && Number.isInteger(refund.refund_amount));
    assert.equal(refund.mchid, sandbox.mchid);
  });

  it('overrides: resource fields merged or removed, headers replaced case-insensitively or removed', () => {
    const { payload, headers } = buildNotification(sandbox, 'mall.transaction', {
      resource: { amount: 1, commit_tag: undefined },
      headers: { 'wechatpay-nonce': 'N', 'Request-ID': undefined },
    });
    assert.equal((payload as Record<string, unknown>).amount, 1);
    assert.ok(!('commit_tag' in (payload as object)));
    assert.equal(headers['wechatpay-nonce'], 'N');
    assert.ok(!('Wechatpay-Nonce' in headers) && !('Request-ID' in headers));
  });

  it('an unknown kind is a TypeError listing the kinds', () => {
    assert.throws(() => buildNotification(sandbox, 'mall.parking' as NotificationKind), { name: 'TypeError', message: /mall\.authorization, mall\.transaction, mall\.refund, v2\.payment, v2\.refund/ });
    assert.deepEqual(NOTIFICATION_KINDS, ['mall.authorization', 'mall.transaction', 'mall.refund', 'v2.payment', 'v2.refund', 'transaction.success', 'refund.success', 'refund.abnormal', 'refund.closed']);
  });
});

describe('buildNotification: APIv2 callbacks', () => {
  it('v2.payment is XML signed with MD5 over the sorted fields and the APIv2 key', () => {
    const { headers, body, payload } = buildNotification(sandbox, 'v2.payment');
    assert.equal(headers['Content-Type'], 'text/xml');
    const { sign, ...fields } = Transformer.toArray(body);
    assert.deepEqual(fields, payload);
    assert.equal(sign, Hash.sign('MD5', Formatter.queryStringLike(Formatter.ksort(fields)), sandbox.secret));
    assert.equal(fields.mch_id, sandbox.mchid);
  });

  it('v2.payment with HMAC-SHA256 declares sign_type and signs with HMAC', () => {
    const { sign, ...fields } = Transformer.toArray(buildNotification(sandbox, 'v2.payment', { signType: 'HMAC-SHA256' }).body);
    assert.equal(fields.sign_type, 'HMAC-SHA256');
    assert.equal(sign, Hash.sign('HMAC-SHA256', Formatter.queryStringLike(Formatter.ksort(fields)), sandbox.secret));
  });

  it('v2.refund has no sign; req_info is AES-256-ECB with md5(secret) over a <root> document', () => {
    const { body, payload } = buildNotification(sandbox, 'v2.refund');
    const message = Transformer.toArray(body);
    assert.equal(message.sign, undefined);
    const plaintext = AesEcb.decrypt(message.req_info as string, Hash.md5(sandbox.secret));
    assert.match(plaintext, /^<root><transaction_id>/);
    assert.deepEqual(Transformer.toArray(plaintext), payload);
  });
});

describe('sendNotification', () => {
  it('POSTs exactly the built request on a fresh connection and returns what the handler answered', async () => {
    let received: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string } | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        res.writeHead(418, { 'X-Handler': 'teapot' }).end('short and stout');
      });
    });
    const url = await listen(server);
    try {
      const reply = await sendNotification(sandbox, 'mall.refund', `${url}/callbacks/wxpay?x=1`);
      assert.equal(reply.status, 418);
      assert.equal(reply.body, 'short and stout');
      assert.equal(reply.headers['x-handler'], 'teapot');
      assert.equal(received?.method, 'POST');
      assert.equal(received?.url, '/callbacks/wxpay?x=1');
      assert.equal(received?.body, reply.sent.body);
      assert.equal(received?.headers.connection, 'close');
      for (const [name, value] of Object.entries(reply.sent.headers)) assert.equal(received?.headers[name.toLowerCase()], value);
    } finally {
      await close(server);
    }
  });

  it('rejects when nothing listens at the URL', async () => {
    const server = createServer();
    const url = await listen(server);
    await close(server);
    await assert.rejects(sendNotification(sandbox, 'v2.payment', url), { code: 'ECONNREFUSED' });
  });
});

describe('sandbox.notify()', () => {
  it('sends a callback to a handler, which verifies and decrypts it with the Notification class', async () => {
    const { Notification } = await import('../../lib/index.js');
    const notification = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key });
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const event = notification.v3<{ transaction_id: string }>(req.headers, Buffer.concat(chunks));
        seen.push(`${event.event_type} ${event.resource.transaction_id}`);
        res.writeHead(204).end();
      });
    });
    const url = await listen(server);
    try {
      const reply = await sandbox.notify('mall.transaction', url, { resource: { transaction_id: '4200000000000000000000000042' } });
      assert.equal(reply.status, 204);
      assert.deepEqual(seen, ['MALL_TRANSACTION.SUCCESS 4200000000000000000000000042']);
    } finally {
      await close(server);
    }
  });
});
