import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  Formatter,
  Notification,
  NotificationDecryptError,
  NotificationFormatError,
  NotificationHeadersError,
  NotificationInputError,
  NotificationSerialError,
  NotificationSignatureError,
  NotificationTimestampError,
  type NotificationEvent,
  type NotificationV2Message,
} from '../../lib/index.js';
import { createTestPki, Sandbox, sendNotification, type NotificationKind, type NotificationOverrides, type SandboxMode } from '../../lib/sandbox/index.js';
import { close, expressRecipe, listen, nodeHttpRecipe, region, serve, type Handlers } from './recipes.js';

const root = join(import.meta.dirname, '..', '..');
const docs = readFileSync(join(root, 'docs', 'notifications.md'), 'utf8');
const recipes = readFileSync(join(import.meta.dirname, 'recipes.ts'), 'utf8');
const pki = createTestPki();
const V3_KINDS = ['mall.authorization', 'mall.transaction', 'mall.refund'] as const;
const EVENT_TYPES = { 'mall.authorization': 'MALL_AUTH.ACTIVATE_CARD', 'mall.transaction': 'MALL_TRANSACTION.SUCCESS', 'mall.refund': 'MALL_REFUND.SUCCESS' };
const V2_SUCCESS = '<xml><return_code>SUCCESS</return_code><return_msg>OK</return_msg></xml>';

/** A recipe server started with a Notification for one sandbox, recording what the business logic received. */
interface Harness {
  readonly sandbox: Sandbox;
  readonly url: string;
  readonly events: NotificationEvent[];
  readonly messages: NotificationV2Message[];
  readonly errors: unknown[];
  readonly server: Server;
}

type Recipe = 'node-http' | 'express';

async function start(recipe: Recipe, mode: SandboxMode): Promise<Harness> {
  const sandbox = await Sandbox.start({ pki, mode });
  const notification = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key, secret: sandbox.secret });
  const events: NotificationEvent[] = [];
  const messages: NotificationV2Message[] = [];
  const errors: unknown[] = [];
  const handlers: Handlers = {
    onV3Event: async (event) => void events.push(event),
    onV2Message: async (message) => void messages.push(message),
    onError: (error) => void errors.push(error),
  };
  const server = recipe === 'node-http' ? nodeHttpRecipe(notification, handlers) : serve(expressRecipe(notification, handlers));
  return { sandbox, url: await listen(server), events, messages, errors, server };
}

async function stop(harness: Harness): Promise<void> {
  await close(harness.server);
  await harness.sandbox.close();
}

/** Sends one callback to the recipe's route for its protocol, after clearing what was recorded. */
function send(harness: Harness, kind: NotificationKind, overrides?: NotificationOverrides) {
  harness.events.length = 0;
  harness.messages.length = 0;
  harness.errors.length = 0;
  const path = kind.startsWith('v2.') ? '/notify/v2' : '/notify';
  return sendNotification(harness.sandbox, kind, `${harness.url}${path}`, overrides);
}

/** A base64 ciphertext with one bit of its first byte flipped. */
function flipped(ciphertext: string): string {
  const bytes = Buffer.from(ciphertext, 'base64');
  bytes[0] ^= 1;
  return bytes.toString('base64');
}

/** Rewrites the envelope's `resource` before signing. */
function editResource(edit: (resource: Record<string, string>) => Record<string, string>): NotificationOverrides['envelope'] {
  return (envelope) => ({ ...envelope, resource: edit(envelope.resource as Record<string, string>) });
}

describe('the docs recipes are the code under test', () => {
  for (const name of ['node-http', 'express']) {
    it(`docs/notifications.md's ${name} region is recipes.ts's, character for character`, () => {
      assert.equal(region(docs, name), region(recipes, name));
      assert.ok(region(docs, name).split('\n').length > 15);
    });
  }
});

for (const recipe of ['node-http', 'express'] as const) {
  describe(`the ${recipe} recipe verifies and decrypts every callback the sandbox sends`, () => {
    const harnesses = new Map<SandboxMode, Harness>();
    before(async () => {
      for (const mode of ['public-key', 'certificate'] as const) harnesses.set(mode, await start(recipe, mode));
    });
    after(async () => {
      for (const harness of harnesses.values()) await stop(harness);
    });

    for (const mode of ['public-key', 'certificate'] as const) {
      for (const kind of V3_KINDS) {
        it(`${kind}, ${mode} serial: 200 with an empty body, the handler got the decrypted resource`, async () => {
          const harness = harnesses.get(mode)!;
          const reply = await send(harness, kind);
          assert.equal(reply.status, 200);
          assert.equal(reply.body, '');
          assert.deepEqual(harness.errors, []);
          const [event] = harness.events;
          assert.equal(harness.events.length, 1);
          assert.equal(event.event_type, EVENT_TYPES[kind]);
          assert.deepEqual(event.resource, reply.sent.payload);
          assert.equal(event.headers.serial, harness.sandbox.platformSerial);
          assert.equal(event.headers.requestId, reply.sent.headers['Request-ID']);
          assert.equal(event.id, (JSON.parse(reply.sent.body) as { id: string }).id);
        });
      }

      it(`${mode}: the serial is ${mode === 'public-key' ? 'a PUB_KEY_ID_' : "the platform certificate's serial"}`, async () => {
        const harness = harnesses.get(mode)!;
        await send(harness, 'mall.transaction');
        const serial = harness.events[0].headers.serial;
        if (mode === 'public-key') assert.match(serial, /^PUB_KEY_ID_\d{28}$/);
        else assert.equal(serial, pki.platform.serial);
      });
    }

    it('v2.payment: the MD5 sign verifies, SUCCESS is answered', async () => {
      const harness = harnesses.get('public-key')!;
      const reply = await send(harness, 'v2.payment');
      assert.equal(reply.status, 200);
      assert.equal(reply.body, V2_SUCCESS);
      const [message] = harness.messages;
      assert.equal(message.authentication, 'sign');
      assert.equal(message.req_info, undefined);
      assert.deepEqual({ ...message.message, sign: undefined }, { ...(reply.sent.payload as object), sign: undefined });
    });

    it('v2.refund: req_info decrypts without a sign, SUCCESS is answered', async () => {
      const harness = harnesses.get('public-key')!;
      const reply = await send(harness, 'v2.refund');
      assert.equal(reply.body, V2_SUCCESS);
      const [message] = harness.messages;
      assert.equal(message.authentication, 'req_info');
      assert.equal(message.message.sign, undefined);
      assert.deepEqual(message.req_info, reply.sent.payload);
    });
  });

  describe(`the ${recipe} recipe refuses each tampered callback with its own error`, () => {
    let harness: Harness;
    before(async () => {
      harness = await start(recipe, 'public-key');
    });
    after(() => stop(harness));

    const cases: readonly { name: string; overrides: () => NotificationOverrides; error: new (...args: never[]) => Error; check?: (error: unknown) => void }[] = [
      {
        name: 'a missing Wechatpay-Signature header',
        overrides: () => ({ headers: { 'wechatpay-signature': undefined } }),
        error: NotificationHeadersError,
        check: (error) => assert.deepEqual(error instanceof NotificationHeadersError && error.missing, ['Wechatpay-Signature']),
      },
      { name: 'a stale timestamp (301 s old, correctly signed)', overrides: () => ({ timestamp: Formatter.timestamp() - 301 }), error: NotificationTimestampError },
      { name: 'a timestamp 301 s ahead', overrides: () => ({ timestamp: Formatter.timestamp() + 301 }), error: NotificationTimestampError },
      {
        name: 'an unknown serial',
        overrides: () => ({ serial: 'PUB_KEY_ID_0000000000000000000000000001' }),
        error: NotificationSerialError,
        check: (error) => assert.equal(error instanceof NotificationSerialError && error.serial, 'PUB_KEY_ID_0000000000000000000000000001'),
      },
      { name: 'a signature made with another key', overrides: () => ({ signingKey: pki.merchant.key }), error: NotificationSignatureError },
      { name: 'a body re-serialised with other spacing', overrides: () => ({ tamper: (body) => JSON.stringify(JSON.parse(body), null, 2) }), error: NotificationSignatureError },
      { name: 'a body changed after signing', overrides: () => ({ tamper: (body) => body.replace('"MALL_TRANSACTION.SUCCESS"', '"MALL_REFUND.SUCCESS"') }), error: NotificationSignatureError },
      { name: 'a resource encrypted with another APIv3 key', overrides: () => ({ apiv3Key: 'ZYXWVUTSRQPONMLKJIHGFEDCBA012345' }), error: NotificationDecryptError },
      { name: 'a tampered ciphertext (then signed)', overrides: () => ({ envelope: editResource((r) => ({ ...r, ciphertext: flipped(r.ciphertext) })) }), error: NotificationDecryptError },
      { name: 'a body that is not JSON (signed)', overrides: () => ({ envelope: () => '{"id":"1","event_type":' }), error: NotificationFormatError },
      { name: 'a plaintext that is not JSON', overrides: () => ({ resource: 'points: 200' }), error: NotificationFormatError },
    ];

    for (const { name, overrides, error, check } of cases) {
      it(`${name} → 401 ${error.name}`, async () => {
        const reply = await send(harness, 'mall.transaction', overrides());
        assert.equal(reply.status, 401);
        assert.deepEqual(JSON.parse(reply.body), { code: 'FAIL', message: error.name });
        assert.deepEqual(harness.events, []);
        assert.equal(harness.errors.length, 1);
        const [refused] = harness.errors;
        assert.ok(refused instanceof error, `expected ${error.name}, got ${String(refused)}`);
        assert.equal(refused.constructor, error);
        check?.(refused);
      });
    }

    it('the re-serialised body carries the same JSON: only its bytes differ', async () => {
      const reply = await send(harness, 'mall.refund', { tamper: (body) => JSON.stringify(JSON.parse(body), null, 2) });
      assert.equal(reply.status, 401);
      const original = await send(harness, 'mall.refund');
      assert.equal(original.status, 200);
      assert.notEqual(reply.sent.body, JSON.stringify(JSON.parse(reply.sent.body)));
    });

    it('a JSON body that is not an object, and a plaintext that is not JSON, are told apart by part', async () => {
      await send(harness, 'mall.authorization', { envelope: () => '[1,2]' });
      assert.equal((harness.errors[0] as NotificationFormatError).part, 'body');
      await send(harness, 'mall.authorization', { resource: '{"openid":' });
      assert.equal((harness.errors[0] as NotificationFormatError).part, 'resource');
    });

    it('v2.payment signed with another APIv2 key → FAIL NotificationSignatureError', async () => {
      const reply = await send(harness, 'v2.payment', { secret: 'ZYXWVUTSRQPONMLKJIHGFEDCBA012345' });
      assert.equal(reply.status, 200);
      assert.equal(reply.body, '<xml><return_code>FAIL</return_code><return_msg>NotificationSignatureError</return_msg></xml>');
      assert.ok(harness.errors[0] instanceof NotificationSignatureError);
      assert.deepEqual(harness.messages, []);
    });

    it('v2.payment altered after signing → FAIL NotificationSignatureError', async () => {
      const reply = await send(harness, 'v2.payment', { tamper: (body) => body.replace('<total_fee>200</total_fee>', '<total_fee>1</total_fee>') });
      assert.notEqual(reply.sent.body.indexOf('<total_fee>1</total_fee>'), -1);
      assert.match(reply.body, /<return_code>FAIL<\/return_code>/);
      assert.ok(harness.errors[0] instanceof NotificationSignatureError);
    });

    it('v2.refund encrypted with another APIv2 key → FAIL NotificationDecryptError', async () => {
      const reply = await send(harness, 'v2.refund', { secret: 'ZYXWVUTSRQPONMLKJIHGFEDCBA012345' });
      assert.equal(reply.body, '<xml><return_code>FAIL</return_code><return_msg>NotificationDecryptError</return_msg></xml>');
      assert.ok(harness.errors[0] instanceof NotificationDecryptError);
      assert.deepEqual(harness.messages, []);
    });
  });
}

describe('the Express recipe and a body it cannot verify', () => {
  let harness: Harness;
  before(async () => {
    harness = await start('express', 'public-key');
  });
  after(() => stop(harness));

  it('a callback without a JSON Content-Type reaches v3 as no body: a NotificationInputError, answered 500 internal error', async () => {
    const reply = await send(harness, 'mall.transaction', { headers: { 'Content-Type': 'text/plain' } });
    assert.equal(reply.status, 500);
    assert.deepEqual(JSON.parse(reply.body), { code: 'FAIL', message: 'internal error' });
    assert.ok(harness.errors[0] instanceof NotificationInputError);
    assert.match((harness.errors[0]).message, /no body was read/);
  });
});
