import type { NotificationHeaders } from './headers.js';
import type { V3Keys } from './options.js';
import { toRawBytes } from './raw-body.js';
import { parseEnvelope, type NotificationEnvelope } from './v3-envelope.js';
import { decryptResource } from './v3-resource.js';
import { verifyCallback, type CallbackHeaders } from './v3-signature.js';

/**
 * A verified and decrypted APIv3 callback: the envelope's fields, `resource` replaced by its decrypted plaintext, and
 * the verified headers.
 *
 * @typeParam T - the plaintext's type, e.g. {@link MallTransactionResource}. It is asserted, not checked: the
 * content is authentic (it verified), but its shape is whatever WeChat Pay sent for that `event_type`.
 */
export interface NotificationEvent<T = Record<string, unknown>> extends Omit<NotificationEnvelope, 'resource'> {
  /** The decrypted `resource`. */
  readonly resource: T;
  /** `resource.original_type` as sent, e.g. `transaction`; `undefined` when absent. */
  readonly original_type: string | undefined;
  /** The verified `Wechatpay-*` headers and `Request-ID`. */
  readonly headers: CallbackHeaders;
}

/** What {@link openV3} checks with. */
export interface V3Context {
  readonly keys: V3Keys;
  readonly now: number;
  readonly clockOffset: number;
}

/**
 * Verifies, parses and decrypts one APIv3 callback: headers → clock → serial → signature over the raw bytes → JSON
 * → AES-256-GCM → JSON.
 * @throws NotificationInputError when `rawBody` is not raw bytes or text
 * @throws NotificationError subclasses, one per cause
 */
export function openV3<T>(headers: NotificationHeaders, rawBody: unknown, context: V3Context): NotificationEvent<T> {
  const body = toRawBytes(rawBody);
  const verified = verifyCallback(headers, body, { certs: context.keys.certs, now: context.now, clockOffset: context.clockOffset });
  const envelope = parseEnvelope(body, verified.requestId);
  const resource = decryptResource(envelope.resource, context.keys.apiv3Key, verified.requestId) as T;
  return { ...envelope, resource, original_type: envelope.resource.original_type, headers: verified };
}
