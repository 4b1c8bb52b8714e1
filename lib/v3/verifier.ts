import { clip } from '../errors/clip.js';
import { HeadersIncompleteError } from '../errors/headers-incomplete-error.js';
import { HttpError } from '../errors/http-error.js';
import { MESSAGES, format } from '../errors/messages.js';
import type { RequestSummary } from '../errors/request-summary.js';
import { SignatureMismatchError } from '../errors/signature-mismatch-error.js';
import { TimestampOffsetError } from '../errors/timestamp-offset-error.js';
import { UnknownSerialError } from '../errors/unknown-serial-error.js';
import { Formatter } from '../formatter.js';
import { bufferedBody } from '../pipeline/buffered.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { WechatpayResponse } from '../response.js';
import type { KeySource } from './key-source.js';
import type { PlatformKeys } from './platform-keys.js';
import { verifySignature } from './response-signature.js';

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
  /** The request, or a function that summarises it (called only when a check fails). */
  readonly request: RequestSummary | (() => RequestSummary);
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
  const { certs, now } = context;
  const summary = (): RequestSummary => (typeof context.request === 'function' ? context.request() : context.request);
  const missing = REQUIRED.filter((name) => response.header(name) === undefined);
  if (missing.length > 0) {
    throw new HeadersIncompleteError(`${format(MESSAGES.EV3_RES_HEADERS_INCOMPLETE, ...REQUIRED)} Missing: ${missing.join(', ')}.`, response, summary());
  }
  const nonce = response.header('wechatpay-nonce') as string;
  const serial = response.header('wechatpay-serial') as string;
  const signature = response.header('wechatpay-signature') as string;
  const timestamp = response.header('wechatpay-timestamp') as string;
  const seconds = /^\d+$/.test(timestamp) ? Number(timestamp) : 0;
  if (Math.abs(now - seconds) > MAXIMUM_CLOCK_OFFSET) {
    throw new TimestampOffsetError(format(MESSAGES.EV3_RES_HEADER_TIMESTAMP_OFFSET, MAXIMUM_CLOCK_OFFSET, clip(timestamp), now), response, summary());
  }
  if (!certs.has(serial)) {
    const hint = ' Configure the WeChat Pay public key under its `PUB_KEY_ID_…` ID, or the platform certificate with that serial, in `certs`.';
    throw new UnknownSerialError(`${format(MESSAGES.EV3_RES_HEADER_PLATFORM_SERIAL, clip(serial), 'Wechatpay-Serial', certs.serials().join(','))}${hint}`, response, summary());
  }
  const { verified, cause } = verifySignature(certs.get(serial), timestamp, nonce, signedBody(context.pathname, response, body), signature);
  if (!verified) {
    throw new SignatureMismatchError(format(MESSAGES.EV3_RES_HEADER_SIGNATURE_DIGEST, clip(timestamp), clip(nonce), clip(signature), clip(serial)), response, summary(), { cause });
  }
}

/** Whether an answer carries any of WeChat Pay's signature headers (so it claims to come from WeChat Pay). */
function carriesSignature(response: WechatpayResponse): boolean {
  return REQUIRED.some((name) => response.header(name) !== undefined);
}

/**
 * The APIv3 verifier middleware. It checks every answer that reaches it (2xx, or every status with
 * `http_errors: false`), and the 4xx/5xx answers rejected by `http_errors` that carry any `Wechatpay-*` signature
 * header (WeChat Pay signs its error answers too): one that fails verification rejects with the verification error
 * (whose `response` is that 4xx/5xx answer), never as an ordinary HTTP error. An error answer with none of those
 * headers (a proxy's or gateway's page) is not WeChat Pay's and rejects unverified, as `ClientError`/`ServerError`.
 * Not checked: the unsigned download paths and requests with `verify_signature: false`. A streamed answer on a
 * signed path is buffered, verified, then handed on as a stream of the verified bytes. With a `keys` source, an answer's
 * `Wechatpay-Serial` is first handed to it (which may download the platform certificates).
 */
export function verifier(certs: PlatformKeys, clock: () => number = () => Formatter.timestamp(), keys?: KeySource): Middleware {
  return async (request, next) => {
    const skip = request.options.verify_signature === false || isUnsignedPath(request.url.pathname);
    const check = async (response: WechatpayResponse, body: Buffer): Promise<void> => {
      const serial = keys === undefined ? undefined : response.header('wechatpay-serial');
      const pending = serial === undefined ? undefined : keys?.prepare(serial);
      if (pending !== undefined) await pending;
      verifyResponse(response, body, { certs, request: () => request.summary(), pathname: request.url.pathname, now: clock() });
    };
    let response: WechatpayResponse;
    try {
      response = await next(request);
    } catch (error) {
      if (skip || !(error instanceof HttpError) || !carriesSignature(error.response)) throw error;
      const { body } = await bufferedBody(error.response, request);
      await check(error.response, body);
      throw error;
    }
    if (skip) return response;
    const { body, again } = await bufferedBody(response, request);
    await check(response, body);
    return again();
  };
}
