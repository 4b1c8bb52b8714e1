import { Readable } from 'node:stream';
import { Rsa } from '../crypto/rsa.js';
import { HeadersIncompleteError } from '../errors/headers-incomplete-error.js';
import { MESSAGES, format } from '../errors/messages.js';
import type { RequestSummary } from '../errors/request-summary.js';
import { SignatureMismatchError } from '../errors/signature-mismatch-error.js';
import { TimestampOffsetError } from '../errors/timestamp-offset-error.js';
import { UnknownSerialError } from '../errors/unknown-serial-error.js';
import { Formatter } from '../formatter.js';
import type { Middleware } from '../pipeline/middleware.js';
import { WechatpayResponse } from '../response.js';
import type { PlatformKeys } from './platform-keys.js';

/** The largest allowed difference, in seconds, between `Wechatpay-Timestamp` and the local clock (inclusive). */
export const MAXIMUM_CLOCK_OFFSET = 300;

const REQUIRED = ['Wechatpay-Nonce', 'Wechatpay-Serial', 'Wechatpay-Signature', 'Wechatpay-Timestamp'] as const;
const STATEMENT_PATHS = new Set(['/hk/v3/statements', '/v3/global/statements']);
const IMAGES = '/v3/merchant-service/images/';

/**
 * Whether WeChat Pay answers this path unsigned (so nothing is verified), as in PHP: `/v3/billdownload/file`,
 * and `/v3/merchant-service/images/…` except `…/upload` (case-insensitive, exact path: a base-path prefix such as
 * `/hk` does not match).
 */
export function isUnsignedPath(pathname: string): boolean {
  const path = pathname.toLowerCase();
  return path === '/v3/billdownload/file' || (path.startsWith(IMAGES) && path !== `${IMAGES}upload`);
}

/**
 * The bytes WeChat Pay signed: the body, except for the overseas statements (`/hk/v3/statements`,
 * `/v3/global/statements`) answered with `Wechatpay-Statement-Sha1`, where it is `{"sha1":"<that header>"}`.
 */
export function signedBody(pathname: string, response: WechatpayResponse, body: Buffer): Buffer {
  const sha1 = response.header('wechatpay-statement-sha1');
  if (sha1 !== undefined && STATEMENT_PATHS.has(pathname.toLowerCase())) return Buffer.from(JSON.stringify({ sha1 }));
  return body;
}

/** What `verifyResponse` checks against. */
export interface VerifyContext {
  readonly certs: PlatformKeys;
  readonly request: RequestSummary;
  /** The request path (for the statements rule). */
  readonly pathname: string;
  /** The local clock in Unix seconds. */
  readonly now: number;
}

/**
 * Verifies one buffered answer, in PHP's order: the four `Wechatpay-*` headers, the clock window (±300 s,
 * inclusive), the serial, then SHA256withRSA over `TIMESTAMP\nNONCE\nBODY\n` with the exact bytes received.
 * @throws HeadersIncompleteError | TimestampOffsetError | UnknownSerialError | SignatureMismatchError
 */
export function verifyResponse(response: WechatpayResponse, body: Buffer, context: VerifyContext): void {
  const { certs, request, now } = context;
  const missing = REQUIRED.filter((name) => response.header(name) === undefined);
  if (missing.length > 0) {
    throw new HeadersIncompleteError(`${format(MESSAGES.EV3_RES_HEADERS_INCOMPLETE, ...REQUIRED)} Missing: ${missing.join(', ')}.`, response, request);
  }
  const nonce = response.header('wechatpay-nonce') as string;
  const serial = response.header('wechatpay-serial') as string;
  const signature = response.header('wechatpay-signature') as string;
  const timestamp = response.header('wechatpay-timestamp') as string;
  const seconds = /^\d+$/.test(timestamp) ? Number(timestamp) : 0;
  if (Math.abs(now - seconds) > MAXIMUM_CLOCK_OFFSET) {
    throw new TimestampOffsetError(format(MESSAGES.EV3_RES_HEADER_TIMESTAMP_OFFSET, MAXIMUM_CLOCK_OFFSET, timestamp, now), response, request);
  }
  if (!certs.has(serial)) {
    const hint = ' Configure the WeChat Pay public key under its `PUB_KEY_ID_…` ID, or the platform certificate with that serial, in `certs`.';
    throw new UnknownSerialError(`${format(MESSAGES.EV3_RES_HEADER_PLATFORM_SERIAL, serial, 'Wechatpay-Serial', certs.serials().join(','))}${hint}`, response, request);
  }
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), signedBody(context.pathname, response, body), Buffer.from('\n')]);
  const key = certs.get(serial);
  let verified = false;
  let cause: unknown;
  try {
    verified = key !== null && key !== undefined && Rsa.verify(message, signature, key);
  } catch (error) {
    cause = error;
  }
  if (!verified) {
    throw new SignatureMismatchError(format(MESSAGES.EV3_RES_HEADER_SIGNATURE_DIGEST, timestamp, nonce, signature, serial), response, request, { cause });
  }
}

async function buffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The APIv3 verifier middleware. It checks every answer that reaches it (2xx, or every status with
 * `http_errors: false`), except the unsigned download paths and requests with `verify_signature: false`. A streamed answer
 * on a signed path is buffered, verified, then handed on as a stream of the verified bytes.
 */
export function verifier(certs: PlatformKeys, clock: () => number = () => Formatter.timestamp()): Middleware {
  return async (request, next) => {
    const response = await next(request);
    if (request.options.verify_signature === false || isUnsignedPath(request.url.pathname)) return response;
    const body = response.stream === null ? (response.body ?? Buffer.alloc(0)) : await buffer(response.stream);
    verifyResponse(response, body, { certs, request: request.summary(), pathname: request.url.pathname, now: clock() });
    if (response.stream === null) return response;
    return new WechatpayResponse({ status: response.status, statusText: response.statusText, headers: response.headers, stream: Readable.from([body]) });
  };
}
