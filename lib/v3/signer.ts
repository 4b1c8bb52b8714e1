import type { KeyObject } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';
import { Formatter } from '../formatter.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import { SigningScheduler } from './signing-scheduler.js';

/** What the APIv3 signer needs: the merchant ID, its API certificate serial and its private key (parsed once). */
export interface MerchantCredentials {
  readonly mchid: string;
  readonly serial: string;
  readonly privateKey: KeyObject;
}

/** The bytes of the body that the signature covers: `signBody`, else the body itself, else nothing. */
export function bodyToSign(request: WechatpayRequest): string | Uint8Array {
  if (request.signBody !== undefined) return request.signBody;
  const { body } = request;
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body ?? '';
  throw new ConfigError('signBody', `${request.method} ${request.url.pathname} has a stream body: pass \`signBody\` (for an upload, the \`meta\` JSON) so the signer knows what to sign.`);
}

/** `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n`, as bytes when the body is bytes. */
export function signingMessage(method: string, target: string, timestamp: number, nonce: string, body: string | Uint8Array): string | Buffer {
  if (typeof body === 'string') return Formatter.request(method, target, timestamp, nonce, body);
  return Buffer.concat([Buffer.from(`${method}\n${target}\n${String(timestamp)}\n${nonce}\n`), body, Buffer.from('\n')]);
}

/**
 * The APIv3 signer: signs `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n` (the target and body exactly as they go
 * on the wire) with SHA256withRSA and sets `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",serial_no="…",
 * timestamp="…",nonce_str="…",signature="…"`, overwriting any value the caller set. `scheduler` decides whether
 * the RSA operation runs on the event loop or in libuv's threadpool (by default the process-wide one).
 */
export function signer(
  credentials: MerchantCredentials,
  clock: () => number = () => Formatter.timestamp(),
  scheduler: SigningScheduler = SigningScheduler.shared,
): Middleware {
  const { mchid, serial, privateKey } = credentials;
  return (request, next) => {
    const timestamp = clock();
    const nonce = Formatter.nonce();
    const message = signingMessage(request.method, request.target, timestamp, nonce, bodyToSign(request));
    return scheduler.run(message, privateKey, (signature) => {
      request.headers.authorization = Formatter.authorization(mchid, nonce, signature, timestamp, serial);
      return next(request);
    });
  };
}
