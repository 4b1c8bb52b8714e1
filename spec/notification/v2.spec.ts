import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  AesEcb,
  Formatter,
  Hash,
  Notification,
  NotificationDecryptError,
  NotificationFormatError,
  NotificationSignatureError,
  Transformer,
  XmlError,
} from '../../lib/index.js';
import { buildNotification, createTestPki, Sandbox, type NotificationOverrides } from '../../lib/sandbox/index.js';
import { refused } from './refused.js';

let sandbox: Sandbox;
let notification: Notification;
const OTHER_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBA012345';

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  notification = new Notification({ secret: sandbox.secret });
});
after(() => sandbox.close());

function payment(overrides?: NotificationOverrides) {
  return buildNotification(sandbox, 'v2.payment', overrides);
}

function refund(overrides?: NotificationOverrides) {
  return buildNotification(sandbox, 'v2.refund', overrides);
}

/** A signed APIv2 message made here, independently of the notifier. */
function signedXml(fields: Record<string, string>, type: string, key = sandbox.secret): string {
  return Transformer.toXml({ ...fields, sign: Hash.sign(type, Formatter.queryStringLike(Formatter.ksort(fields)), key) });
}

describe('notification.v2: signed messages (支付结果通知)', () => {
  it('an MD5 sign verifies: every field is returned, authentication is sign', () => {
    const callback = payment();
    const result = notification.v2(callback.body);
    assert.equal(result.authentication, 'sign');
    assert.equal(result.req_info, undefined);
    const { sign, ...fields } = result.message;
    assert.deepEqual(fields, callback.payload);
    assert.match(sign as string, /^[0-9A-F]{32}$/);
  });

  it('HMAC-SHA256 verifies with sign_type, and without it (told by the 64-digit sign)', () => {
    assert.equal(notification.v2(payment({ signType: 'HMAC-SHA256' }).body).authentication, 'sign');
    const bare = payment({ signType: 'HMAC-SHA256', resource: { sign_type: undefined } });
    assert.ok(!bare.body.includes('sign_type'));
    assert.equal(notification.v2(bare.body).authentication, 'sign');
  });

  it('takes a Buffer as well as a string', () => {
    assert.equal(notification.v2(Buffer.from(payment().body)).authentication, 'sign');
  });

  it('a sign made with another key, or a field changed, or an emptied sign does not match', () => {
    const wrongKey = refusedWith(payment({ secret: OTHER_KEY }).body, NotificationSignatureError);
    assert.match(wrongKey.message, /MD5 sign does not match: wrong APIv2 key \(secret\), or the message was altered/);
    refusedWith(payment({ tamper: (xml) => xml.replace('<total_fee>200</total_fee>', '<total_fee>2</total_fee>') }).body, NotificationSignatureError);
    refusedWith(payment({ tamper: (xml) => xml.replace(/<sign>\w+<\/sign>/, '<sign></sign>') }).body, NotificationSignatureError);
    refusedWith(payment({ tamper: (xml) => xml.replace(/<sign>(\w+)<\/sign>/, (_, s: string) => `<sign>${s.toLowerCase()}</sign>`) }).body, NotificationSignatureError);
  });

  it('a sign_type other than MD5 or HMAC-SHA256 (case-sensitive) is refused by name', () => {
    const lower = signedXml({ appid: 'wx1', sign_type: 'md5' }, 'MD5');
    assert.match(refusedWith(lower, NotificationSignatureError).message, /sign_type "md5" is not supported/);
  });

  it('a signed message with nested elements cannot be checked: a NotificationFormatError', () => {
    const nested = '<xml><appid>wx1</appid><detail><a>1</a></detail><sign>ABC</sign></xml>';
    assert.match(refusedWith(nested, NotificationFormatError).message, /nested elements/);
    refusedWith('<xml><appid>wx1</appid><sign><a>1</a></sign></xml>', NotificationFormatError);
  });

  it('a sign and a req_info are both checked', () => {
    const reqInfo = AesEcb.encrypt('<root><refund_id>1</refund_id></root>', Hash.md5(sandbox.secret));
    const both = notification.v2(signedXml({ return_code: 'SUCCESS', req_info: reqInfo }, 'MD5'));
    assert.equal(both.authentication, 'sign');
    assert.deepEqual(both.req_info, { refund_id: '1' });
    refusedWith(signedXml({ return_code: 'SUCCESS', req_info: AesEcb.encrypt('<root/>', Hash.md5(OTHER_KEY)) }, 'MD5'), NotificationDecryptError);
  });
});

describe('notification.v2: the refund notification (退款结果通知), no sign', () => {
  it('req_info decrypts (AES-256-ECB, key = md5(secret)) and is returned parsed; the raw one is kept', () => {
    const callback = refund();
    const result = notification.v2(callback.body);
    assert.equal(result.authentication, 'req_info');
    assert.deepEqual(result.req_info, callback.payload);
    assert.equal(result.message.sign, undefined);
    assert.match(result.message.req_info as string, /^[A-Za-z0-9+/]+=*$/);
    assert.equal(result.message.mch_id, sandbox.mchid);
  });

  it('a req_info encrypted with another APIv2 key is a NotificationDecryptError, whatever the key', () => {
    for (const key of [OTHER_KEY, 'a'.repeat(32), 'b'.repeat(32)]) {
      const error = refusedWith(refund({ secret: key }).body, NotificationDecryptError);
      assert.match(error.message, /wrong APIv2 key \(secret\), or req_info was altered/);
      assert.ok(!error.message.includes(sandbox.secret) && !inspect(error).includes(sandbox.secret));
    }
  });

  it('a wrong key whose padding happens to check out still fails: the plaintext is not XML', () => {
    const callback = refund();
    const reqInfo = /<req_info>([^<]+)<\/req_info>/.exec(callback.body)![1];
    let lucky: string | undefined;
    while (lucky === undefined) {
      const candidate = Formatter.nonce(32);
      try {
        AesEcb.decrypt(reqInfo, Hash.md5(candidate));
        lucky = candidate;
      } catch {
        // bad padding: the usual wrong-key case, covered above
      }
    }
    const error = refused(() => new Notification({ secret: lucky }).v2(callback.body), NotificationDecryptError);
    assert.match(error.message, /decrypted, but not to an XML document/);
    assert.equal(error.cause, undefined, 'no cause: the parser would quote the decrypted plaintext');
  });

  it('a req_info that is not base64, is cut, or is not text is refused', () => {
    refusedWith(refund({ tamper: (xml) => xml.replace(/<req_info>[^<]+/, '<req_info>not base64!') }).body, NotificationDecryptError);
    refusedWith(refund({ tamper: (xml) => xml.replace(/<req_info>([^<]{20})[^<]+/, '<req_info>$1') }).body, NotificationDecryptError);
    assert.equal(refusedWith('<xml><req_info><a>1</a></req_info></xml>', NotificationFormatError).part, 'body');
  });
});

describe('notification.v2: unauthenticated and malformed messages', () => {
  const unsigned = '<xml><return_code>SUCCESS</return_code><out_trade_no>1217752501201407033233368018</out_trade_no></xml>';

  it('a message with neither sign nor req_info is refused by default', () => {
    assert.match(refusedWith(unsigned, NotificationSignatureError).message, /neither `sign` nor `req_info`.*allowUnsigned/);
  });

  it('allowUnsigned returns it with authentication none', () => {
    const result = notification.v2(unsigned, { allowUnsigned: true });
    assert.equal(result.authentication, 'none');
    assert.equal(result.message.out_trade_no, '1217752501201407033233368018');
    assert.equal(notification.v2(payment().body, { allowUnsigned: true }).authentication, 'sign');
  });

  it('XML the hardened Transformer refuses is a NotificationFormatError with the XmlError as cause', () => {
    for (const xml of ['', '{"return_code":"SUCCESS"}', '<!DOCTYPE xml><xml/>', '<xml><a>1</a></xml><xml/>', '<xml><a>1</b></xml>']) {
      const error = refusedWith(xml, NotificationFormatError);
      assert.equal(error.part, 'body');
      assert.ok(error.cause instanceof XmlError);
    }
  });

  it('a body that is not raw is a NotificationInputError', () => {
    assert.throws(() => notification.v2({ xml: {} } as unknown as string), { name: 'NotificationInputError', message: /parsed already/ });
  });
});

/** Asserts that `v2(xml)` throws exactly `type`, and returns the error. */
function refusedWith<E extends Error>(xml: string, type: new (...args: never[]) => E): E {
  return refused(() => notification.v2(xml), type);
}
