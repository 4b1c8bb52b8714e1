import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  ConfigError,
  decryptResource,
  Formatter,
  Notification,
  NotificationDecryptError,
  NotificationError,
  NotificationFormatError,
  NotificationHeadersError,
  NotificationSerialError,
  NotificationSignatureError,
  NotificationTimestampError,
  PlatformKeys,
  WechatpayError,
  type MallTransactionResource,
  type NotificationOptions,
} from '../../lib/index.js';
import { buildNotification, createTestPki, Sandbox, type BuiltNotification, type NotificationOverrides } from '../../lib/sandbox/index.js';
import { refused } from './refused.js';

const pki = createTestPki();
let sandbox: Sandbox;
let notification: Notification;
let options: NotificationOptions;

before(async () => {
  sandbox = await Sandbox.start({ pki });
  options = { certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key, secret: sandbox.secret };
  notification = new Notification(options);
});
after(() => sandbox.close());

function built(overrides?: NotificationOverrides): BuiltNotification {
  return buildNotification(sandbox, 'mall.transaction', overrides);
}

describe('new Notification()', () => {
  it('refuses options it cannot use with a ConfigError naming the setting, never the key', () => {
    const cases: readonly [unknown, string, RegExp][] = [
      [undefined, 'certs', /options object/],
      [{}, 'certs', /needs `certs` and `apiv3Key`.*and\/or `secret`/],
      [{ ...options, apiv3Key: 'x'.repeat(31) }, 'apiv3Key', /exactly 32 bytes, got 31 bytes/],
      [{ ...options, apiv3Key: undefined }, 'apiv3Key', /must be a string of 32 characters/],
      [{ ...options, apiv3Key: '中'.repeat(32) }, 'apiv3Key', /got 96 bytes/],
      [{ ...options, secret: 's'.repeat(33) }, 'secret', /the APIv2 key.*got 33 bytes/],
      [{ ...options, certs: {} }, 'certs', /PUB_KEY_ID_/],
      [{ ...options, certs: undefined }, 'certs', /PUB_KEY_ID_/],
      [{ ...options, certs: { PUB_KEY_ID_1: 'not a key' } }, 'certs', /entry `PUB_KEY_ID_1` could not be loaded/],
      [{ ...options, clockOffset: -1 }, 'clockOffset', /finite number >= 0/],
      [{ ...options, clockOffset: Number.NaN }, 'clockOffset', /finite number >= 0/],
      [{ ...options, clock: 5 }, 'clock', /function/],
    ];
    for (const [given, setting, message] of cases) {
      const error = refused(() => new Notification(given as NotificationOptions), ConfigError);
      assert.equal(error.setting, setting, String(message));
      assert.match(error.message, message);
      assert.ok(!error.message.includes(sandbox.apiv3Key) && !error.message.includes(sandbox.secret));
    }
  });

  it('an APIv2-only instance refuses v3() and an APIv3-only one refuses v2(), with a ConfigError', () => {
    const v2Only = new Notification({ secret: sandbox.secret });
    assert.equal(refused(() => v2Only.v3(built().headers, built().body), ConfigError).setting, 'certs');
    const v3Only = new Notification({ certs: options.certs, apiv3Key: sandbox.apiv3Key });
    assert.equal(refused(() => v3Only.v2('<xml/>'), ConfigError).setting, 'secret');
  });

  it('neither util.inspect nor JSON.stringify shows a key', () => {
    const shown = inspect(notification, { showHidden: true, depth: 5 });
    assert.equal(shown, `Notification { v3: ${sandbox.platformSerial}; v2: on }`);
    assert.equal(JSON.stringify(notification), '{}');
    assert.equal(inspect(new Notification({ secret: sandbox.secret })), 'Notification { v3: off; v2: on }');
  });

  it('shares a PlatformKeys: a key added at runtime verifies from then on', () => {
    const keys = new PlatformKeys();
    const shared = new Notification({ certs: keys, apiv3Key: sandbox.apiv3Key });
    const callback = built();
    refused(() => shared.v3(callback.headers, callback.body), NotificationSerialError);
    keys.set(sandbox.platformSerial, createPublicKey(pki.platform.key));
    assert.equal(shared.v3(callback.headers, callback.body).event_type, 'MALL_TRANSACTION.SUCCESS');
  });
});

describe('notification.v3: the result', () => {
  it('has the envelope fields, the decrypted resource, original_type and the verified headers', () => {
    const callback = built();
    const envelope = JSON.parse(callback.body) as Record<string, unknown>;
    const event = notification.v3<MallTransactionResource>(callback.headers, callback.body);
    const amount: number = event.resource.amount;
    assert.equal(amount, 200);
    assert.deepEqual(event.resource, callback.payload);
    assert.equal(event.id, envelope.id);
    assert.equal(event.create_time, envelope.create_time);
    assert.equal(event.resource_type, 'encrypt-resource');
    assert.equal(event.summary, envelope.summary);
    assert.equal(event.original_type, 'mall_transaction');
    assert.deepEqual(event.headers, {
      serial: sandbox.platformSerial,
      timestamp: Number(callback.headers['Wechatpay-Timestamp']),
      nonce: callback.headers['Wechatpay-Nonce'],
      requestId: callback.headers['Request-ID'],
    });
  });

  it('takes the body as a Buffer, a Uint8Array view into a larger buffer, or a string', () => {
    const callback = built();
    const framed = Buffer.concat([Buffer.from('xx'), Buffer.from(callback.body), Buffer.from('yy')]);
    const view = new Uint8Array(framed.buffer, framed.byteOffset + 2, framed.length - 4);
    for (const body of [Buffer.from(callback.body), view, callback.body]) {
      assert.deepEqual(notification.v3(callback.headers, body).resource, callback.payload);
    }
  });

  it('refuses a body that is not raw, or no headers, with a NotificationInputError that says why', () => {
    const callback = built();
    assert.throws(() => notification.v3(callback.headers, JSON.parse(callback.body) as string), { name: 'NotificationInputError', message: /parsed already/ });
    assert.throws(() => notification.v3(callback.headers, undefined as unknown as string), { name: 'NotificationInputError', message: /no body was read/ });
    assert.throws(() => notification.v3(callback.headers, 42 as unknown as string), { name: 'NotificationInputError', message: /got a number/ });
    assert.throws(() => notification.v3(undefined as unknown as Record<string, string>, callback.body), { name: 'NotificationInputError', message: /headers object/ });
  });
});

describe('notification.v3: headers as frameworks give them', () => {
  it('a fetch Headers, a Map keyed by the canonical names, upper-case keys, Node arrays (first value)', () => {
    const { headers, body } = built();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const forms = [
      new Headers(headers),
      new Map(Object.entries(headers)),
      Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v])),
      { ...lower, 'wechatpay-signature': [headers['Wechatpay-Signature'], 'bogus'] },
    ];
    for (const form of forms) assert.equal(notification.v3(form, body).event_type, 'MALL_TRANSACTION.SUCCESS');
  });

  it('names every missing header, and a header with only the second value right does not pass', () => {
    const { headers, body } = built({ headers: { 'Wechatpay-Nonce': undefined, 'Wechatpay-Timestamp': undefined } });
    const error = refused(() => notification.v3(headers, body), NotificationHeadersError);
    assert.deepEqual(error.missing, ['Wechatpay-Nonce', 'Wechatpay-Timestamp']);
    assert.match(error.message, /missing: Wechatpay-Nonce, Wechatpay-Timestamp/);
    assert.equal(error.requestId, headers['Request-ID']);
    const good = built();
    const swapped = { ...good.headers, 'Wechatpay-Signature': ['bogus', good.headers['Wechatpay-Signature']] };
    refused(() => notification.v3(swapped, good.body), NotificationSignatureError);
  });
});

describe('notification.v3: the clock window', () => {
  const T = 1_795_329_705;
  const at = (now: number, clockOffset?: number) => new Notification({ ...options, clock: () => now, clockOffset });

  it('±300 s passes (inclusive), 301 s either way fails and says by how much', () => {
    const callback = built({ timestamp: T });
    for (const now of [T, T + 300, T - 300]) assert.ok(at(now).v3(callback.headers, callback.body));
    for (const now of [T + 301, T - 301]) {
      const error = refused(() => at(now).v3(callback.headers, callback.body), NotificationTimestampError);
      assert.equal(error.timestamp, String(T));
      assert.equal(error.now, now);
      assert.match(error.message, /is 301 s away from the local clock.*±300 s/);
    }
  });

  it('clockOffset narrows or widens the window', () => {
    const callback = built({ timestamp: T });
    assert.ok(at(T + 60, 60).v3(callback.headers, callback.body));
    refused(() => at(T + 61, 60).v3(callback.headers, callback.body), NotificationTimestampError);
    assert.ok(at(T + 900, 900).v3(callback.headers, callback.body));
  });

  it('a timestamp that is not Unix seconds fails, quoted and clipped', () => {
    for (const bad of ['soon', '', '1795329705.5', '-1', `1${'0'.repeat(100)}`]) {
      const callback = built({ headers: { 'Wechatpay-Timestamp': bad } });
      const error = refused(() => notification.v3(callback.headers, callback.body), NotificationTimestampError);
      assert.ok(error.message.length < 200);
    }
  });

  it('is checked before the serial and the signature', () => {
    const callback = built({ timestamp: Formatter.timestamp() - 3600, serial: 'PUB_KEY_ID_0', signingKey: pki.merchant.key });
    refused(() => notification.v3(callback.headers, callback.body), NotificationTimestampError);
  });
});

describe('notification.v3: serial and signature', () => {
  it('an unknown serial names it and lists the configured ones', () => {
    const callback = built({ serial: 'PUB_KEY_ID_0114232134912410000000000000' });
    const error = refused(() => notification.v3(callback.headers, callback.body), NotificationSerialError);
    assert.equal(error.serial, 'PUB_KEY_ID_0114232134912410000000000000');
    assert.ok(error.message.includes(`configured: ${sandbox.platformSerial}`));
  });

  it('the serial is checked before the signature', () => {
    const callback = built({ serial: 'PUB_KEY_ID_0', signingKey: pki.merchant.key });
    refused(() => notification.v3(callback.headers, callback.body), NotificationSerialError);
  });

  it('a placeholder (null) key verifies nothing', () => {
    const placeholder = new Notification({ certs: { [sandbox.platformSerial]: null }, apiv3Key: sandbox.apiv3Key });
    const callback = built();
    refused(() => placeholder.v3(callback.headers, callback.body), NotificationSignatureError);
  });

  it('a signature that is not base64, and an unsupported Wechatpay-Signature-Type, are bad signatures', () => {
    const garbled = built({ headers: { 'Wechatpay-Signature': '%%%' } });
    refused(() => notification.v3(garbled.headers, garbled.body), NotificationSignatureError);
    const sm2 = built({ headers: { 'Wechatpay-Signature-Type': 'WECHATPAY2-SM2-WITH-SM3' } });
    assert.match(refused(() => notification.v3(sm2.headers, sm2.body), NotificationSignatureError).message, /WECHATPAY2-SM2-WITH-SM3.*not supported/);
  });

  it('one byte more or less in the body fails: the exact bytes are verified', () => {
    const callback = built();
    refused(() => notification.v3(callback.headers, `${callback.body}\n`), NotificationSignatureError);
    refused(() => notification.v3(callback.headers, callback.body.slice(0, -1)), NotificationSignatureError);
  });
});

describe('notification.v3: envelope and resource', () => {
  const cases: readonly [string, NotificationOverrides, RegExp][] = [
    ['a JSON array', { envelope: () => '[]' }, /not a JSON object/],
    ['no event_type', { envelope: (e) => ({ ...e, event_type: undefined }) }, /lacks the `id` and `event_type`/],
    ['no resource', { envelope: (e) => ({ ...e, resource: undefined }) }, /no `resource` with a `ciphertext` and a `nonce`/],
    ['a resource without a nonce', { envelope: (e) => ({ ...e, resource: { ...(e.resource as object), nonce: undefined } }) }, /`nonce`/],
    ['another algorithm', { envelope: (e) => ({ ...e, resource: { ...(e.resource as object), algorithm: 'AEAD_SM4_GCM' } }) }, /"AEAD_SM4_GCM" is not supported/],
    ['a numeric algorithm', { envelope: (e) => ({ ...e, resource: { ...(e.resource as object), algorithm: 1 } }) }, /\(a number\) is not supported/],
  ];
  for (const [name, overrides, message] of cases) {
    it(`a signed body with ${name} is a NotificationFormatError of the body`, () => {
      const callback = built(overrides);
      const error = refused(() => notification.v3(callback.headers, callback.body), NotificationFormatError);
      assert.equal(error.part, 'body');
      assert.match(error.message, message);
    });
  }

  it('missing create_time, resource_type and summary read as empty strings', () => {
    const callback = built({ envelope: (e) => ({ ...e, create_time: undefined, resource_type: undefined, summary: undefined }) });
    const event = notification.v3(callback.headers, callback.body);
    assert.deepEqual([event.create_time, event.resource_type, event.summary], ['', '', '']);
  });

  it('an altered nonce or associated_data fails decryption like a wrong key, with the CryptoError as cause', () => {
    for (const field of ['nonce', 'associated_data']) {
      const callback = built({ envelope: (e) => ({ ...e, resource: { ...(e.resource as object), [field]: 'changed00000' } }) });
      const error = refused(() => notification.v3(callback.headers, callback.body), NotificationDecryptError);
      assert.match(error.message, /wrong APIv3 key, or the resource was altered/);
      assert.equal((error.cause as Error).name, 'CryptoError');
      assert.equal(error.requestId, callback.headers['Request-ID']);
    }
  });

  it('a plaintext that is not JSON is a NotificationFormatError of the resource that never quotes it', () => {
    const callback = built({ resource: 'secret plaintext {' });
    const error = refused(() => notification.v3(callback.headers, callback.body), NotificationFormatError);
    assert.equal(error.part, 'resource');
    assert.ok(!error.message.includes('secret plaintext'));
    assert.equal(error.cause, undefined);
  });

  it('every refusal is a NotificationError (a WechatpayError) whose message contains no key', () => {
    const tampers: readonly [NotificationOverrides, new (...args: never[]) => NotificationError][] = [
      [{ apiv3Key: 'A'.repeat(32) }, NotificationDecryptError],
      [{ headers: { 'Wechatpay-Serial': undefined } }, NotificationHeadersError],
      [{ signingKey: pki.merchant.key }, NotificationSignatureError],
    ];
    for (const [overrides, type] of tampers) {
      const callback = built(overrides);
      const error = refused(() => notification.v3(callback.headers, callback.body), type);
      assert.ok(error instanceof NotificationError && error instanceof WechatpayError);
      for (const text of [error.message, inspect(error)]) {
        assert.ok(!text.includes(sandbox.apiv3Key) && !text.includes(sandbox.secret) && !text.includes(pki.platform.keyPem.slice(40, 80)));
      }
    }
  });
});

describe('decryptResource', () => {
  it('decrypts a resource on its own, and treats a missing associated_data as empty', () => {
    const callback = built();
    const { resource } = JSON.parse(callback.body) as { resource: { ciphertext: string; nonce: string; associated_data: string } };
    assert.deepEqual(decryptResource(resource, sandbox.apiv3Key), callback.payload);
    refused(() => decryptResource({ ciphertext: resource.ciphertext, nonce: resource.nonce }, sandbox.apiv3Key), NotificationDecryptError);
  });
});
