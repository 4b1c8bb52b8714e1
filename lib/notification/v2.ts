import { NotificationFormatError } from '../errors/notification-format-error.js';
import { NotificationSignatureError } from '../errors/notification-signature-error.js';
import { Transformer } from '../transformer/transformer.js';
import { toRawBytes } from './raw-body.js';
import { decryptReqInfo } from './v2-req-info.js';
import { checkSign } from './v2-sign.js';

/**
 * What proved an APIv2 message authentic: `'sign'` (its signature verified: every field is authentic), `'req_info'`
 * (no `sign`, but `req_info` decrypted with the APIv2 key: only `req_info` is authentic, the outer fields are not), or
 * `'none'` (neither; returned only with `allowUnsigned`).
 */
export type V2Authentication = 'sign' | 'req_info' | 'none';

/** A parsed APIv2 callback (XML). */
export interface NotificationV2Message<R = Record<string, unknown>> {
  /** Every element of the XML as the Transformer parses it (leaves are strings); `req_info`, if any, still encrypted. */
  readonly message: Readonly<Record<string, unknown>>;
  /** The decrypted `req_info` (the children of its `<root>`), or `undefined` when the message has none. */
  readonly req_info: R | undefined;
  /** What proved the message authentic. */
  readonly authentication: V2Authentication;
}

/** Options of `Notification.v2`. */
export interface V2Options {
  /**
   * Return a message that carries neither `sign` nor `req_info` (with `authentication: 'none'`) instead of throwing.
   * Default `false`: nothing in such a message proves it comes from WeChat Pay, so act on it only after confirming
   * with an API call (e.g. querying the order).
   */
  readonly allowUnsigned?: boolean;
}

/** Parses raw XML with the hardened Transformer, turning an `XmlError` into a format error. */
function parseXml(rawXml: unknown): Record<string, unknown> {
  const bytes = toRawBytes(rawXml);
  try {
    return Transformer.toArray(bytes);
  } catch (cause) {
    throw new NotificationFormatError('The APIv2 notification body is not a single well-formed XML document.', 'body', { cause });
  }
}

/**
 * Parses and authenticates one APIv2 callback: `sign` verified when present, `req_info` decrypted when present (the
 * refund notification carries no `sign`, so this decrypt-only path is what authenticates it; PHP's recipe, which
 * requires a `sign`, cannot handle it).
 * @throws TypeError when `rawXml` is not raw bytes or text
 * @throws NotificationFormatError | NotificationSignatureError | NotificationDecryptError
 */
export function openV2<R>(rawXml: unknown, secret: string, options: V2Options = {}): NotificationV2Message<R> {
  const message = parseXml(rawXml);
  const signed = message.sign !== undefined;
  if (signed) checkSign(message, secret);
  const encrypted = message.req_info !== undefined;
  if (!signed && !encrypted && options.allowUnsigned !== true) {
    throw new NotificationSignatureError(
      'The APIv2 notification carries neither `sign` nor `req_info`, so nothing proves it comes from WeChat Pay. Refuse it, or pass { allowUnsigned: true } and confirm it with an API call before acting on it.',
    );
  }
  const reqInfo = encrypted ? (decryptReqInfo(message.req_info, secret) as R) : undefined;
  return { message, req_info: reqInfo, authentication: signed ? 'sign' : encrypted ? 'req_info' : 'none' };
}
