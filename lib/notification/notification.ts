import { inspect } from 'node:util';
import { ConfigError } from '../errors/config-error.js';
import { readHeader, type NotificationHeaders } from './headers.js';
import { resolveNotificationOptions, type NotificationOptions, type NotificationSettings, type V3Keys } from './options.js';
import { assertBodySize, type RawBody } from './raw-body.js';
import { openV2, type NotificationV2Message, type V2Options } from './v2.js';
import { openV3, type NotificationEvent } from './v3.js';

/**
 * Verifies and decrypts WeChat Pay callbacks (回调通知) received by your server.
 *
 * ```ts
 * const notification = new Notification({ certs, apiv3Key, secret });
 * const event = notification.v3(req.headers, rawBody); // verified and decrypted: event.resource is the plaintext
 * const message = notification.v2(rawXml);             // sign verified when present, req_info decrypted when present
 * ```
 *
 * wechatpay-php has no such class, only a README recipe built from `Rsa::verify` and `AesGcm::decrypt`; this class
 * follows that recipe's checks and order, and adds what it lacks: typed errors per cause, header lookup in any casing,
 * and the decrypt-only path of the APIv2 refund notification. Keys are parsed once, here; the instance holds no
 * per-callback state, so one instance serves every request. Nothing it throws or prints contains a key.
 */
export class Notification {
  readonly #settings: NotificationSettings;

  /**
   * @param options - `certs` and `apiv3Key` for APIv3 callbacks, `secret` for APIv2 callbacks (either or both),
   * `clockOffset` (default 300 s), `clock`
   * @throws ConfigError naming the setting to fix (a key that is not 32 bytes, a `certs` entry that does not load …)
   */
  constructor(options: NotificationOptions) {
    this.#settings = resolveNotificationOptions(options);
  }

  /**
   * Verifies and decrypts an APIv3 callback, in PHP's order: the four `Wechatpay-*` headers are present →
   * `Wechatpay-Timestamp` is within `clockOffset` of the local clock → `Wechatpay-Serial` is in `certs` →
   * SHA256withRSA over `timestamp\nnonce\nbody\n` with the body bytes exactly as received → the body is JSON →
   * `resource` decrypts with AES-256-GCM (APIv3 key, `nonce`, `associated_data`, tag always checked) → the plaintext is
   * JSON.
   *
   * @typeParam T - the decrypted resource's type, e.g. `MallTransactionResource` (asserted, not checked)
   * @param headers - the request headers as the framework gives them (any casing; a plain object or a `Headers`)
   * @param rawBody - the body exactly as received: a Buffer/Uint8Array, or its text. Never a parsed object.
   * @throws NotificationInputError when `headers` is not an object or `rawBody` is not raw bytes or text
   * @throws BodyTooLargeError when the body is larger than `maxBodySize`
   * @throws ConfigError when this instance has no `certs`/`apiv3Key`
   * @throws NotificationHeadersError | NotificationTimestampError | NotificationSerialError |
   * NotificationSignatureError | NotificationFormatError | NotificationDecryptError
   */
  v3<T = Record<string, unknown>>(headers: NotificationHeaders, rawBody: RawBody): NotificationEvent<T> {
    const { clock, clockOffset, maxBodySize } = this.#settings;
    assertBodySize(rawBody, maxBodySize);
    return openV3<T>(headers, rawBody, { keys: this.#v3Keys(), now: clock(), clockOffset });
  }

  /**
   * {@link Notification.v3}, for an instance built with a `client`: a callback signed under a serial the client has
   * no key for first waits for the client's platform certificates to be downloaded (one download, shared with
   * every call and callback meeting it; none within a minute of one that did not bring it). Without a `client` it
   * is `v3` in a promise.
   *
   * @throws NoPlatformCertificateError when the download finds that the merchant has no platform certificates
   * @throws the same errors as {@link Notification.v3}
   */
  async v3Async<T = Record<string, unknown>>(headers: NotificationHeaders, rawBody: RawBody): Promise<NotificationEvent<T>> {
    const { source } = this.#v3Keys();
    const serial = source === undefined ? undefined : readHeader(headers, 'Wechatpay-Serial');
    const pending = serial === undefined ? undefined : source?.prepare(serial);
    if (pending !== undefined) await pending;
    return this.v3<T>(headers, rawBody);
  }

  /**
   * Parses and authenticates an APIv2 callback (XML), with the hardened Transformer:
   *
   * - `sign` present → verified (`sign_type` MD5 or HMAC-SHA256; without `sign_type`, told by the sign's length),
   *   compared in constant time;
   * - `req_info` present (the refund notification, which has no `sign`) → decrypted with AES-256-ECB and the MD5 of
   *   the APIv2 key, and parsed;
   * - neither → refused, unless `allowUnsigned` (see {@link V2Options}).
   *
   * @typeParam R - the decrypted `req_info`'s type (asserted, not checked)
   * @param rawXml - the body exactly as received
   * @throws NotificationInputError when `rawXml` is not raw bytes or text
   * @throws BodyTooLargeError when the body is larger than `maxBodySize`
   * @throws ConfigError when this instance has no `secret`
   * @throws NotificationFormatError | NotificationSignatureError | NotificationDecryptError
   */
  v2<R = Record<string, unknown>>(rawXml: RawBody, options?: V2Options): NotificationV2Message<R> {
    const { secret, maxBodySize } = this.#settings;
    if (secret === undefined) throw new ConfigError('secret', 'This Notification has no `secret` (the APIv2 key), so it cannot check APIv2 callbacks.');
    assertBodySize(rawXml, maxBodySize);
    return openV2<R>(rawXml, secret, options);
  }

  /** The APIv3 keys, or a ConfigError for an APIv2-only instance. */
  #v3Keys(): V3Keys {
    const { v3 } = this.#settings;
    if (v3 === undefined) throw new ConfigError('certs', 'This Notification has no `certs` and `apiv3Key`, so it cannot check APIv3 callbacks.');
    return v3;
  }

  /** Shows which protocols are configured and the serials, never a key. */
  [inspect.custom](): string {
    const { v3, secret } = this.#settings;
    const parts = [v3 === undefined ? 'v3: off' : `v3: ${v3.certs.serials().join(', ')}`, `v2: ${secret === undefined ? 'off' : 'on'}`];
    return `Notification { ${parts.join('; ')} }`;
  }
}
