/**
 * 敏感信息加解密: encrypting the sensitive fields of a request with a platform public key (and naming that key in
 * `Wechatpay-Serial`), and decrypting those of an answer with the merchant private key.
 *
 * @module
 */

import { KeyObject } from 'node:crypto';
import { Rsa, type KeyLike } from '../crypto/rsa.js';
import { SensitiveFieldError } from '../errors/sensitive-field-error.js';
import { driverOf, type ClientLike } from '../util/client.js';
import { PlatformKeys } from './platform-keys.js';

/** The prefix of a WeChat Pay public key ID. */
const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_';

/** A platform public key, and the serial (`PUB_KEY_ID_…` or certificate serial) that names it in `Wechatpay-Serial`. */
export interface PlatformKeyChoice {
  /** The `Wechatpay-Serial` to send. */
  readonly serial: string;
  /** The public key. */
  readonly key: KeyObject;
}

/** A request body with its sensitive fields encrypted, and the header naming the key: pass both to the call. */
// A type alias, not an interface, so that it is assignable to `RequestOptions` and its index signature.
export type EncryptedRequest<T> = {
  /** The body, sensitive fields replaced by their base64 ciphertext. */
  readonly json: T;
  /** `Wechatpay-Serial`: the serial of the key the fields are encrypted with. */
  readonly headers: { readonly 'Wechatpay-Serial': string };
};

/** Options of {@link encryptSensitiveFields}. */
export interface EncryptOptions {
  /** Encrypt with this serial's key (a `PUB_KEY_ID_…` or a certificate serial) instead of the one chosen for you. */
  readonly serial?: string;
}

/**
 * The platform key to encrypt sensitive fields with: the given `serial`'s; else the WeChat Pay public key
 * (`PUB_KEY_ID_…`, preferred as WeChat Pay's current scheme, also during a switch from certificates); else the
 * platform certificate set last (`downloadCertificates` installs the newest last). Placeholders (`null`) are skipped.
 *
 * @param certs - the client's platform keys (`wxpay.getDriver().certs`)
 * @param serial - a serial to use
 * @throws SensitiveFieldError when there is no usable key (or none under `serial`)
 */
export function selectPlatformKey(certs: PlatformKeys, serial?: string): PlatformKeyChoice {
  const usable = certs.serials().filter((s) => (serial === undefined || s === serial) && certs.get(s) != null);
  const chosen = usable.filter((s) => s.startsWith(PUBLIC_KEY_ID_PREFIX)).at(-1) ?? usable.at(-1);
  const key = chosen === undefined ? undefined : certs.get(chosen);
  if (chosen === undefined || key == null) {
    const what = serial === undefined ? 'no WeChat Pay public key or platform certificate' : `no usable key under ${serial}`;
    throw new SensitiveFieldError('', `Cannot encrypt sensitive fields: \`certs\` has ${what} (it has: ${certs.serials().join(', ') || 'none'}). Configure the WeChat Pay public key under its PUB_KEY_ID_…, or download the platform certificates.`);
  }
  return { serial: chosen, key };
}

/** The segments of a dot path; `*` stands for every element of a list (or every member of an object). */
function segmentsOf(path: string): string[] {
  const segments = path.split('.');
  if (segments.some((segment) => segment === '')) throw new SensitiveFieldError(path, `The field path \`${path}\` has an empty segment: write paths as contact_info.contact_name, or ubo_info_list.*.ubo_id_doc_name.`);
  return segments;
}

/**
 * A copy of `node` with every string at `segments` replaced by `transform(value, path)`; absent fields are left
 * alone, a present value that is not a string is an error. Only the objects along the path are copied.
 */
function mapAt(node: unknown, segments: readonly string[], path: string, transform: (value: string) => string): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) {
    if (typeof node !== 'string') throw new SensitiveFieldError(path, `The sensitive field \`${path}\` is ${node === null ? 'null' : typeof node}: only text can be encrypted or decrypted.`);
    return transform(node);
  }
  if (typeof node !== 'object' || node === null) return node;
  if (Array.isArray(node)) {
    if (head === '*') return node.map((item) => mapAt(item, rest, path, transform));
    return node;
  }
  const record = node as Record<string, unknown>;
  const keys = head === '*' ? Object.keys(record) : Object.hasOwn(record, head) && record[head] !== undefined ? [head] : [];
  if (keys.length === 0) return node;
  const copy: Record<string, unknown> = { ...record };
  for (const key of keys) copy[key] = mapAt(record[key], rest, path, transform);
  return copy;
}

/** Applies `transform` to every field of `paths` in `data`. */
function mapFields<T>(data: T, paths: readonly string[], transform: (value: string, path: string) => string): T {
  return paths.reduce<unknown>((node, path) => mapAt(node, segmentsOf(path), path, (value) => transform(value, path)), data) as T;
}

/**
 * Encrypts the sensitive fields (敏感信息) of a request body with a platform public key, RSA-OAEP (SHA-1, MGF1-SHA1)
 * as WeChat Pay requires, and returns the body with the `Wechatpay-Serial` header naming that key — so WeChat Pay
 * decrypts with the right one. The key is chosen by {@link selectPlatformKey}. Fields are dot paths
 * (`contact_info.contact_id_number`; `*` for every element of a list); a field that is absent is skipped. The input
 * is not changed.
 *
 * ```ts
 * const sealed = encryptSensitiveFields(wxpay, applyment, ['contact_info.contact_name', 'contact_info.contact_id_number']);
 * await wxpay.v3.applyment4sub.applyment._.post(sealed); // { json, headers: { 'Wechatpay-Serial': … } }
 * ```
 *
 * PHP has no such helper: encrypting and setting the header are left to the caller there.
 *
 * @param source - the client (its `certs`), or the platform keys themselves
 * @param json - the request body
 * @param fields - the paths of the sensitive fields
 * @param options - a `serial` to encrypt with
 * @throws SensitiveFieldError for a field that is not text (or too long for RSA-2048 OAEP: 214 bytes), or when no key is usable
 */
export function encryptSensitiveFields<T>(source: ClientLike | PlatformKeys, json: T, fields: readonly string[], options: EncryptOptions = {}): EncryptedRequest<T> {
  const certs = source instanceof PlatformKeys ? source : driverOf(source).certs;
  const { serial, key } = selectPlatformKey(certs, options.serial);
  const sealed = mapFields(json, fields, (value, path) => {
    try {
      return Rsa.encrypt(value, key);
    } catch (cause) {
      throw new SensitiveFieldError(path, `Encrypting the sensitive field \`${path}\` failed (${Buffer.byteLength(value)} bytes; RSA-2048 OAEP takes at most 214).`, { cause });
    }
  });
  return { json: sealed, headers: { 'Wechatpay-Serial': serial } };
}

/**
 * Decrypts the sensitive fields of an answer (e.g. a complaint's `payer_phone`) with the merchant private key,
 * RSA-OAEP (SHA-1, MGF1-SHA1). Fields are dot paths as for {@link encryptSensitiveFields}; absent ones are skipped.
 * The input is not changed.
 *
 * @param json - the answer's body
 * @param fields - the paths of the encrypted fields
 * @param privateKey - the merchant private key (`apiclient_key.pem`; anything `Rsa.from` takes)
 * @throws SensitiveFieldError for a field that is not text or does not decrypt with that key
 */
export function decryptSensitiveFields<T>(json: T, fields: readonly string[], privateKey: KeyLike): T {
  const key = privateKey instanceof KeyObject ? privateKey : Rsa.from(privateKey);
  return mapFields(json, fields, (value, path) => {
    try {
      return Rsa.decrypt(value, key);
    } catch (cause) {
      throw new SensitiveFieldError(path, `The sensitive field \`${path}\` does not decrypt with the merchant private key: it was not encrypted with this merchant's public key (or is not a ciphertext).`, { cause });
    }
  });
}
