import { NotificationHeadersError } from '../errors/notification-headers-error.js';
import { NotificationInputError } from '../errors/notification-input-error.js';
import { NotificationSerialError } from '../errors/notification-serial-error.js';
import { NotificationSignatureError } from '../errors/notification-signature-error.js';
import { NotificationTimestampError } from '../errors/notification-timestamp-error.js';
import type { PlatformKeys } from '../v3/platform-keys.js';
import { verifySignature } from '../v3/response-signature.js';
import { quote } from './clip.js';
import { readHeader, type NotificationHeaders } from './headers.js';

/** The four headers every APIv3 callback must carry, in their canonical spelling. */
export const REQUIRED_HEADERS = ['Wechatpay-Nonce', 'Wechatpay-Serial', 'Wechatpay-Signature', 'Wechatpay-Timestamp'] as const;

/** The only `Wechatpay-Signature-Type` supported (the header is optional; WeChat Pay's SM2 variant is not). */
export const SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';

/** The verified headers of an APIv3 callback. */
export interface CallbackHeaders {
  /** `Wechatpay-Serial`: the platform certificate serial or `PUB_KEY_ID_…` whose key verified the signature. */
  readonly serial: string;
  /** `Wechatpay-Timestamp`, in Unix seconds. */
  readonly timestamp: number;
  /** `Wechatpay-Nonce`. */
  readonly nonce: string;
  /** `Request-ID`, to quote to WeChat Pay support; `undefined` when absent. */
  readonly requestId: string | undefined;
}

/** What the signature is checked against. */
export interface SignatureContext {
  readonly certs: PlatformKeys;
  /** The local clock, in Unix seconds. */
  readonly now: number;
  /** The largest allowed |timestamp − now|, inclusive. */
  readonly clockOffset: number;
}

/** The signed headers as received, before any check but presence. */
interface SignedHeaders {
  readonly nonce: string;
  readonly serial: string;
  readonly signature: string;
  readonly timestamp: string;
  readonly signatureType: string | undefined;
  readonly requestId: string | undefined;
}

/**
 * Reads the four `Wechatpay-*` headers (any casing, first value) and `Request-ID`.
 * @throws NotificationInputError when `headers` is not an object
 * @throws NotificationHeadersError naming every missing header
 */
export function readSignedHeaders(headers: NotificationHeaders): SignedHeaders {
  if (typeof headers !== 'object' || headers === null) {
    throw new NotificationInputError(`The callback's headers must be the request's headers object as received (a plain object or a Headers), got ${headers === null ? 'null' : typeof headers}.`, 'headers');
  }
  const requestId = readHeader(headers, 'Request-ID');
  const [nonce, serial, signature, timestamp] = REQUIRED_HEADERS.map((name) => readHeader(headers, name));
  if (nonce === undefined || serial === undefined || signature === undefined || timestamp === undefined) {
    const missing = REQUIRED_HEADERS.filter((name) => readHeader(headers, name) === undefined);
    throw new NotificationHeadersError(
      `The callback's headers are incomplete, missing: ${missing.join(', ')}. WeChat Pay sends ${REQUIRED_HEADERS.join(', ')} with every APIv3 callback; pass the request's headers as received.`,
      missing,
      { requestId },
    );
  }
  return { nonce, serial, signature, timestamp, signatureType: readHeader(headers, 'Wechatpay-Signature-Type'), requestId };
}

/**
 * Checks that `Wechatpay-Timestamp` is a Unix time within `clockOffset` seconds of `now` (inclusive, as PHP).
 * @returns the timestamp in seconds
 * @throws NotificationTimestampError when it is not a number, or too far off
 */
export function checkTimestamp(timestamp: string, now: number, clockOffset: number, requestId?: string): number {
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new NotificationTimestampError(`The callback's Wechatpay-Timestamp ${quote(timestamp)} is not a Unix time in seconds.`, timestamp, now, { requestId });
  }
  const seconds = Number(timestamp);
  const offset = Math.abs(now - seconds);
  if (offset > clockOffset) {
    throw new NotificationTimestampError(
      `The callback's Wechatpay-Timestamp ${seconds} is ${offset} s away from the local clock ${now}; at most ±${clockOffset} s is allowed. Either the callback is replayed, or this server's clock needs NTP.`,
      timestamp,
      now,
      { requestId },
    );
  }
  return seconds;
}

/**
 * Checks the serial, then SHA256withRSA over `timestamp\nnonce\nbody\n` with the exact body bytes.
 * @throws NotificationSerialError when the serial is not in `certs`
 * @throws NotificationSignatureError when the signature type is unsupported or the signature does not verify
 */
export function checkSignature(signed: SignedHeaders, body: Buffer, certs: PlatformKeys): void {
  const { serial, signature, signatureType, requestId } = signed;
  if (!certs.has(serial)) {
    throw new NotificationSerialError(
      `The callback's Wechatpay-Serial ${quote(serial)} is not in \`certs\` (configured: ${certs.serials().join(', ') || 'none'}). Configure the WeChat Pay public key under its PUB_KEY_ID_… ID, or the platform certificate with that serial.`,
      serial,
      { requestId },
    );
  }
  if (signatureType !== undefined && signatureType !== SIGNATURE_TYPE) {
    throw new NotificationSignatureError(`The callback's Wechatpay-Signature-Type ${quote(signatureType)} is not supported, only ${SIGNATURE_TYPE}.`, { requestId });
  }
  const verdict = verifySignature(certs.get(serial), signed.timestamp, signed.nonce, body, signature);
  if (!verdict.verified) {
    throw new NotificationSignatureError(
      `The callback's Wechatpay-Signature does not verify with the key of ${serial} over the ${body.length}-byte body received. Pass the raw body exactly as received: a body parsed and serialised again no longer matches what WeChat Pay signed.`,
      { cause: verdict.cause, requestId },
    );
  }
}

/**
 * Verifies an APIv3 callback in PHP's order: the four headers, the clock window, the serial, then the signature over
 * the exact bytes received.
 * @throws NotificationHeadersError | NotificationTimestampError | NotificationSerialError | NotificationSignatureError
 */
export function verifyCallback(headers: NotificationHeaders, body: Buffer, context: SignatureContext): CallbackHeaders {
  const signed = readSignedHeaders(headers);
  const timestamp = checkTimestamp(signed.timestamp, context.now, context.clockOffset, signed.requestId);
  checkSignature(signed, body, context.certs);
  return { serial: signed.serial, timestamp, nonce: signed.nonce, requestId: signed.requestId };
}
