/**
 * The sandbox's callback sender: builds a callback (回调通知) exactly as WeChat Pay sends it — APIv3 JSON signed with the
 * platform key and its `resource` encrypted with the APIv3 key, or APIv2 XML signed or with an encrypted `req_info` —
 * and POSTs it to your handler, so a handler can be tested end to end, tamper cases included.
 *
 * @module
 */

import { randomUUID, type KeyObject } from 'node:crypto';
import { request } from 'undici';
import { AesEcb } from '../crypto/aes-ecb.js';
import { AesGcm } from '../crypto/aes-gcm.js';
import { Hash, type SignType } from '../crypto/hash.js';
import { Rsa } from '../crypto/rsa.js';
import { Formatter } from '../formatter.js';
import { MALL_AUTHORIZATION_EVENT, MALL_REFUND_EVENT, MALL_TRANSACTION_EVENT } from '../notification/mall.js';
import { RESOURCE_ALGORITHM } from '../notification/v3-envelope.js';
import { SIGNATURE_TYPE } from '../notification/v3-signature.js';
import { Transformer } from '../transformer/transformer.js';
import { PAYMENT_KINDS } from './payments/callback-kinds.js';

/**
 * What the notifier needs from a sandbox: its platform key and serial, its APIv3 and APIv2 keys, its merchant ID.
 * A `Sandbox` has all of them.
 */
export interface NotifierSource {
  /** The platform private key, which signs APIv3 callbacks. */
  readonly pki: { readonly platform: { readonly key: KeyObject } };
  /** The `Wechatpay-Serial` announced: a `PUB_KEY_ID_…` or the platform certificate serial. */
  readonly platformSerial: string;
  /** The APIv3 key (32 characters) that encrypts `resource`. */
  readonly apiv3Key: string;
  /** The APIv2 key (32 characters) that signs payments and encrypts `req_info`. */
  readonly secret: string;
  /** The merchant ID put in the payloads. */
  readonly mchid: string;
}

/**
 * The callbacks the sandbox can send: the three 智慧商圈 APIv3 callbacks (授权结果, 场内支付结果, 场内退款), the APIv2
 * payment result (signed MD5) and the APIv2 refund result (encrypted `req_info`, no `sign`), and the APIv3 支付成功
 * (`TRANSACTION.SUCCESS`) and 退款 (`REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`) callbacks.
 */
export type NotificationKind =
  | 'mall.authorization'
  | 'mall.transaction'
  | 'mall.refund'
  | 'v2.payment'
  | 'v2.refund'
  | 'transaction.success'
  | 'refund.success'
  | 'refund.abnormal'
  | 'refund.closed';

/** Every {@link NotificationKind}. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'mall.authorization',
  'mall.transaction',
  'mall.refund',
  'v2.payment',
  'v2.refund',
  'transaction.success',
  'refund.success',
  'refund.abnormal',
  'refund.closed',
];

/** Changes to a callback, to test a handler's reaction; all optional. */
export interface NotificationOverrides {
  /**
   * Fields merged into the payload (the APIv3 decrypted resource, the APIv2 payment fields, or the APIv2 refund
   * `req_info` fields); a field set to `undefined` is removed. For APIv3 a string is encrypted as the exact plaintext.
   */
  readonly resource?: Readonly<Record<string, unknown>> | string;
  /** APIv3: rewrites the envelope before it is serialised and signed; return a string to send that text as the body. */
  readonly envelope?: (envelope: Record<string, unknown>) => unknown;
  /** APIv3: `Wechatpay-Timestamp`, signed as such; default now. */
  readonly timestamp?: number;
  /** APIv3: the `Wechatpay-Serial` announced; default the sandbox's `platformSerial`. */
  readonly serial?: string;
  /** APIv3: the private key that signs; default the platform key. */
  readonly signingKey?: KeyObject;
  /** APIv3: the key `resource` is encrypted with; default the sandbox's `apiv3Key`. */
  readonly apiv3Key?: string;
  /** APIv2: the key the payment is signed with, or `req_info` encrypted with; default the sandbox's `secret`. */
  readonly secret?: string;
  /** APIv2 payment: the sign type; default `MD5`. `HMAC-SHA256` also adds `sign_type` to the message. */
  readonly signType?: SignType;
  /** Headers merged last (case-insensitively); `undefined` removes one. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** Rewrites the body text after signing, as a proxy or a re-serialising framework would. */
  readonly tamper?: (body: string) => string;
}

/** A callback ready to POST. */
export interface BuiltNotification {
  readonly kind: NotificationKind;
  /** The request headers, `Content-Type` included. */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body. */
  readonly body: string;
  /** What was encrypted or signed: the APIv3 resource (object, or the exact plaintext), the APIv2 payment fields, or the refund `req_info` fields. */
  readonly payload: Readonly<Record<string, unknown>> | string;
}

/** What the handler answered, and what was sent. */
export interface NotifierReply {
  /** The handler's HTTP status. */
  readonly status: number;
  /** The handler's headers (lower-case names). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The handler's body, as text. */
  readonly body: string;
  /** The callback that was sent. */
  readonly sent: BuiltNotification;
}

type Payload = Record<string, unknown>;

/** An APIv3 callback kind: its event, how WeChat Pay describes it, and a sample resource. */
export interface V3Kind {
  readonly eventType: string;
  readonly summary: string;
  readonly originalType: string;
  readonly sample: (source: NotifierSource, now: number) => Payload;
}

const APPID = 'wxd678efh567hg6787';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const SHOP = { merchant_name: '腾讯广场', shop_name: '微信支付', shop_number: '123456', appid: APPID, openid: OPENID };
const TRANSACTION_ID = '4200001234202405201234567890';

/** RFC 3339 in Beijing time (+08:00), as WeChat Pay writes times. */
function beijingTime(seconds: number): string {
  return `${new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`;
}

/** `yyyyMMddHHmmss` in Beijing time, as APIv2 writes `time_end`. */
function compactBeijingTime(seconds: number): string {
  return beijingTime(seconds).slice(0, 19).replace(/\D/g, '');
}

const MALL_KINDS: Readonly<Record<'mall.authorization' | 'mall.transaction' | 'mall.refund', V3Kind>> = {
  'mall.authorization': {
    eventType: MALL_AUTHORIZATION_EVENT,
    summary: '商圈会员积分服务授权结果',
    originalType: 'mall_auth',
    sample: (source) => ({ mchid: source.mchid, openid: OPENID, code: '1234567890123', auth_type: 'REGISTERED_AND_AUTHORIZATION_MODE' }),
  },
  'mall.transaction': {
    eventType: MALL_TRANSACTION_EVENT,
    summary: '商圈会员场内支付结果',
    originalType: 'mall_transaction',
    sample: (source, now) => ({ mchid: source.mchid, ...SHOP, time_end: beijingTime(now - 60), amount: 200, transaction_id: TRANSACTION_ID, commit_tag: 'AABBCC' }),
  },
  'mall.refund': {
    eventType: MALL_REFUND_EVENT,
    summary: '商圈会员场内退款结果',
    originalType: 'mall_refund',
    sample: (source, now) => ({
      mchid: source.mchid,
      ...SHOP,
      refund_time: beijingTime(now - 60),
      pay_amount: 200,
      refund_amount: 100,
      transaction_id: TRANSACTION_ID,
      refund_id: '50300000012024052012345678901',
    }),
  },
};

/** Every APIv3 callback kind. */
const V3_KINDS = { ...MALL_KINDS, ...PAYMENT_KINDS };

/** The sample APIv2 payment result (支付结果通知) fields, before `sign`. */
function v2PaymentSample(source: NotifierSource, now: number): Payload {
  return {
    return_code: 'SUCCESS',
    return_msg: 'OK',
    appid: APPID,
    mch_id: source.mchid,
    nonce_str: Formatter.nonce(),
    result_code: 'SUCCESS',
    openid: OPENID,
    is_subscribe: 'N',
    trade_type: 'JSAPI',
    bank_type: 'OTHERS',
    total_fee: '200',
    fee_type: 'CNY',
    cash_fee: '200',
    transaction_id: TRANSACTION_ID,
    out_trade_no: '1217752501201407033233368018',
    time_end: compactBeijingTime(now - 60),
  };
}

/** The sample APIv2 refund result (退款结果通知) `req_info` fields. */
function v2RefundSample(now: number): Payload {
  return {
    transaction_id: TRANSACTION_ID,
    out_trade_no: '1217752501201407033233368018',
    refund_id: '50300000012024052012345678901',
    out_refund_no: '1217752501201407033233368019',
    total_fee: '200',
    refund_fee: '100',
    settlement_total_fee: '200',
    settlement_refund_fee: '100',
    refund_status: 'SUCCESS',
    success_time: beijingTime(now - 60).slice(0, 19).replace('T', ' '),
    refund_recv_accout: '支付用户零钱',
    refund_account: 'REFUND_SOURCE_RECHARGE_FUNDS',
    refund_request_source: 'API',
  };
}

/** The defaults merged with the overrides; fields set to `undefined` removed. */
function merged(defaults: Payload, changes: Readonly<Record<string, unknown>> | undefined): Payload {
  return Object.fromEntries(Object.entries({ ...defaults, ...changes }).filter(([, value]) => value !== undefined));
}

/** The headers merged with the overrides, case-insensitively; `undefined` removes one. */
function withHeaders(base: Record<string, string>, changes: NotificationOverrides['headers']): Record<string, string> {
  const headers = { ...base };
  for (const [name, value] of Object.entries(changes ?? {})) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

/** A `Request-ID` in WeChat Pay's style (upper-case hex). */
function requestId(): string {
  return `${randomUUID().replace(/-/g, '').toUpperCase()}-0`;
}

/** Builds an APIv3 callback: the resource encrypted (AES-256-GCM), the envelope signed (SHA256withRSA). */
function buildV3(source: NotifierSource, kind: keyof typeof V3_KINDS, overrides: NotificationOverrides, now: number): BuiltNotification {
  const meta = V3_KINDS[kind];
  const payload = typeof overrides.resource === 'string' ? overrides.resource : merged(meta.sample(source, now), overrides.resource);
  const nonce = Formatter.nonce(12);
  const ciphertext = AesGcm.encrypt(typeof payload === 'string' ? payload : JSON.stringify(payload), overrides.apiv3Key ?? source.apiv3Key, nonce, meta.originalType);
  const resource = { original_type: meta.originalType, algorithm: RESOURCE_ALGORITHM, ciphertext, associated_data: meta.originalType, nonce };
  const envelope = { id: randomUUID(), create_time: beijingTime(now), resource_type: 'encrypt-resource', event_type: meta.eventType, summary: meta.summary, resource };
  const edited = overrides.envelope === undefined ? envelope : overrides.envelope(envelope);
  const body = typeof edited === 'string' ? edited : JSON.stringify(edited);
  const timestamp = overrides.timestamp ?? now;
  const signatureNonce = Formatter.nonce();
  const signature = Rsa.sign(Formatter.response(timestamp, signatureNonce, body), overrides.signingKey ?? source.pki.platform.key);
  const headers = {
    'Content-Type': 'application/json',
    'Request-ID': requestId(),
    'Wechatpay-Nonce': signatureNonce,
    'Wechatpay-Serial': overrides.serial ?? source.platformSerial,
    'Wechatpay-Signature': signature,
    'Wechatpay-Signature-Type': SIGNATURE_TYPE,
    'Wechatpay-Timestamp': String(timestamp),
  };
  return { kind, headers: withHeaders(headers, overrides.headers), body: overrides.tamper?.(body) ?? body, payload };
}

/** Builds an APIv2 callback: the payment result signed, or the refund result with its `req_info` encrypted (AES-256-ECB). */
function buildV2(source: NotifierSource, kind: 'v2.payment' | 'v2.refund', overrides: NotificationOverrides, now: number): BuiltNotification {
  const secret = overrides.secret ?? source.secret;
  const changes = typeof overrides.resource === 'string' ? undefined : overrides.resource;
  let payload: Payload;
  let message: Payload;
  if (kind === 'v2.payment') {
    const signType = overrides.signType ?? Hash.ALGO_MD5;
    payload = merged({ ...v2PaymentSample(source, now), ...(signType === Hash.ALGO_MD5 ? {} : { sign_type: signType }) }, changes);
    message = { ...payload, sign: Hash.sign(signType, Formatter.queryStringLike(Formatter.ksort(payload)), secret) };
  } else {
    payload = merged(v2RefundSample(now), changes);
    const reqInfo = AesEcb.encrypt(Transformer.toXml(payload, true, false, 'root'), Hash.md5(secret));
    message = { return_code: 'SUCCESS', appid: APPID, mch_id: source.mchid, nonce_str: Formatter.nonce(), req_info: reqInfo };
  }
  const body = Transformer.toXml(message);
  return { kind, headers: withHeaders({ 'Content-Type': 'text/xml' }, overrides.headers), body: overrides.tamper?.(body) ?? body, payload };
}

/**
 * Builds a callback of the given kind as WeChat Pay would send it, without sending it.
 *
 * @param source - the sandbox (or anything with its keys, see {@link NotifierSource})
 * @param kind - which callback
 * @param overrides - changes, to test tamper cases
 * @throws TypeError for an unknown kind
 */
export function buildNotification(source: NotifierSource, kind: NotificationKind, overrides: NotificationOverrides = {}): BuiltNotification {
  const now = Formatter.timestamp();
  if (kind === 'v2.payment' || kind === 'v2.refund') return buildV2(source, kind, overrides, now);
  if (!Object.hasOwn(V3_KINDS, kind)) throw new TypeError(`Unknown notification kind ${JSON.stringify(kind)}; one of ${NOTIFICATION_KINDS.join(', ')}.`);
  return buildV3(source, kind, overrides, now);
}

/** How long the sandbox waits for a callback handler's answer, in milliseconds (WeChat Pay gives up after a few seconds). */
export const NOTIFY_TIMEOUT_MS = 10_000;

/**
 * Sends a callback of the given kind to `url` (an HTTP POST, on a fresh connection) and returns what the handler
 * answered, with what was sent.
 *
 * ```ts
 * const reply = await sendNotification(sandbox, 'mall.transaction', 'http://127.0.0.1:3000/notify');
 * reply.status; // what your handler answered, e.g. 200
 * ```
 *
 * @param source - the sandbox (or anything with its keys, see {@link NotifierSource})
 * @param kind - which callback
 * @param url - your handler's URL
 * @param overrides - changes, to test tamper cases
 * @throws TypeError for an unknown kind; undici's errors when the handler cannot be reached or does not answer within
 * {@link NOTIFY_TIMEOUT_MS} (as WeChat Pay, the sandbox does not wait for a handler for ever)
 */
export async function sendNotification(source: NotifierSource, kind: NotificationKind, url: string | URL, overrides: NotificationOverrides = {}): Promise<NotifierReply> {
  const sent = buildNotification(source, kind, overrides);
  const limit = { headersTimeout: NOTIFY_TIMEOUT_MS, bodyTimeout: NOTIFY_TIMEOUT_MS, signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS) };
  const response = await request(url, { method: 'POST', headers: sent.headers, body: sent.body, reset: true, ...limit });
  const body = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body, sent };
}
