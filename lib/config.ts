import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dispatcher } from 'undici';
import { Rsa, type KeyLike } from './crypto/rsa.js';
import { ConfigError } from './errors/config-error.js';
import { MESSAGES, format } from './errors/messages.js';
import { PlatformKeys } from './v3/platform-keys.js';

/** The merchant's API client certificate, for the APIv2 endpoints that need mutual TLS (`security: true`). */
export interface MerchantTls {
  /** The certificate: a PEM string or Buffer, or a `file://` path. */
  cert?: string | Buffer;
  /** Its private key: a PEM string or Buffer, or a `file://` path. */
  key?: string | Buffer;
  /** Or a PKCS#12 bundle (`apiclient_cert.p12`), as bytes or a `file://` path. */
  pfx?: string | Buffer;
  /** The PKCS#12 passphrase (WeChat Pay's default is the mchid). */
  passphrase?: string;
}

/** What `Builder.factory` takes. */
export interface ClientConfig {
  /** The merchant ID (商户号), a string. */
  mchid: string;
  /** APIv3: the serial number of the merchant's API certificate. */
  serial?: string;
  /** APIv3: the merchant's private key (`apiclient_key.pem`): anything `Rsa.from` accepts; parsed once, here. */
  privateKey?: KeyLike;
  /** APIv3: WeChat Pay's public keys by `Wechatpay-Serial`: `{ 'PUB_KEY_ID_…': publicKey }` and/or `{ platformCertSerial: cert }`. */
  certs?: Readonly<Record<string, KeyLike | null>>;
  /** APIv2: the 32-byte APIv2 key. */
  secret?: string;
  /** APIv2: the client certificate for mutual TLS. */
  merchant?: MerchantTls;
  /** Default `https://api.mch.weixin.qq.com/`; the backup `https://api2.mch.weixin.qq.com/`, overseas hosts, or the sandbox. */
  base_uri?: string;
  /** Headers added to every request (they override the defaults). */
  headers?: Readonly<Record<string, string>>;
  /** Overall deadline per request, in seconds. */
  timeout?: number;
  /** Connect (TCP + TLS) deadline, in seconds. */
  connect_timeout?: number;
  /** `false`: 4xx/5xx answers resolve instead of rejecting. */
  http_errors?: boolean;
  /**
   * Guzzle's `verify`: the CA certificate(s) to trust for TLS (a PEM string or Buffer, or a `file://` path) instead of
   * Node's bundled roots, e.g. a TLS-inspecting proxy's, or the sandbox's test CA.
   */
  verify?: string | Buffer;
  /** The undici dispatcher to send through (a `ProxyAgent`, a custom `Agent` …); by default a keep-alive `Agent`. */
  dispatcher?: Dispatcher;
}

/** The APIv3 part of a validated configuration. */
export interface V3Settings {
  readonly mchid: string;
  readonly serial: string;
  readonly privateKey: KeyObject;
  readonly certs: PlatformKeys;
}

/** The default `base_uri`. */
export const DEFAULT_BASE_URI = 'https://api.mch.weixin.qq.com/';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validateSerial(serial: unknown): string {
  if (typeof serial !== 'string' || serial.trim() === '') throw new ConfigError('serial', MESSAGES.ERR_INIT_SERIAL_IS_MANDATORY);
  const trimmed = serial.trim();
  if (/[\s\p{Cc}"]/u.test(trimmed)) {
    throw new ConfigError('serial', `${MESSAGES.ERR_INIT_SERIAL_IS_MANDATORY} The given one contains whitespace or a control character.`);
  }
  return trimmed;
}

function loadPrivateKey(privateKey: unknown): KeyObject {
  if (privateKey === undefined || privateKey === null || privateKey === '') throw new ConfigError('privateKey', MESSAGES.ERR_INIT_PRIVATEKEY_IS_MANDATORY);
  try {
    return Rsa.from(privateKey as KeyLike, Rsa.KEY_TYPE_PRIVATE);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : 'unreadable';
    throw new ConfigError('privateKey', `${MESSAGES.ERR_INIT_PRIVATEKEY_IS_MANDATORY} It could not be loaded: ${reason} (use a PEM string, a Buffer, a KeyObject or a file:// path).`, { cause });
  }
}

function loadCerts(certs: unknown, serial: string): PlatformKeys {
  if (!isRecord(certs) || Object.keys(certs).length === 0) throw new ConfigError('certs', MESSAGES.ERR_INIT_CERTS_IS_MANDATORY);
  const serials = Object.keys(certs);
  if (serials.includes(serial)) {
    throw new ConfigError(
      'certs',
      `${format(MESSAGES.ERR_INIT_CERTS_EXCLUDE_MCHSERIAL, serials.join(','), serial)} \`serial\` is your merchant certificate's serial; \`certs\` holds WeChat Pay's keys: the WeChat Pay public key under its PUB_KEY_ID_… ID, or the platform certificates (download them with \`wxpay crt\`).`,
    );
  }
  const keys = new PlatformKeys();
  for (const [id, key] of Object.entries(certs)) {
    try {
      keys.set(id, key as KeyLike | null);
    } catch (cause) {
      throw new ConfigError('certs', `The \`certs\` entry \`${id}\` could not be loaded as a public key or certificate (use a PEM string, a Buffer, a KeyObject or a file:// path).`, { cause });
    }
  }
  return keys;
}

/**
 * Validates the APIv3 settings in PHP's order and with PHP's messages (mchid, serial, privateKey, certs, and the
 * merchant serial inside certs), parsing every key once. Returns `undefined` for an APIv2-only client: one that
 * has a `secret` and none of `serial`, `privateKey`, `certs` (PHP demands dummy APIv3 values; we don't).
 * @throws ConfigError naming the setting to fix.
 */
export function resolveV3Settings(config: ClientConfig): V3Settings | undefined {
  if (!isRecord(config) || typeof config.mchid !== 'string' || config.mchid === '') {
    throw new ConfigError('mchid', MESSAGES.ERR_INIT_MCHID_IS_MANDATORY);
  }
  const { mchid, serial, privateKey, certs, secret } = config;
  if (secret !== undefined && serial === undefined && privateKey === undefined && certs === undefined) return undefined;
  const trimmed = validateSerial(serial);
  return { mchid, serial: trimmed, privateKey: loadPrivateKey(privateKey), certs: loadCerts(certs, trimmed) };
}

/** Validates `base_uri` as an absolute http(s) URL. */
export function resolveBaseUri(baseUri: unknown): string {
  if (baseUri === undefined) return DEFAULT_BASE_URI;
  if (typeof baseUri !== 'string') throw new ConfigError('base_uri', `\`base_uri\` must be a string such as ${DEFAULT_BASE_URI}.`);
  let url: URL;
  try {
    url = new URL(baseUri);
  } catch {
    throw new ConfigError('base_uri', `\`base_uri\` must be an absolute URL such as ${DEFAULT_BASE_URI}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('base_uri', '`base_uri` must be an http(s) URL.');
  return url.href;
}

/** Reads `verify` (a CA PEM, Buffer or `file://` path) into PEM bytes. */
export function resolveCa(verify: unknown): Buffer | undefined {
  if (verify === undefined) return undefined;
  if (Buffer.isBuffer(verify)) return verify;
  if (typeof verify !== 'string') throw new ConfigError('verify', '`verify` is the CA certificate(s) to trust: a PEM string or Buffer, or a file:// path.');
  if (!verify.startsWith('file://')) return Buffer.from(verify);
  try {
    return readFileSync(fileURLToPath(verify));
  } catch (cause) {
    throw new ConfigError('verify', `\`verify\` names a file that cannot be read: ${verify}`, { cause });
  }
}

/** Checks the numeric transport options. */
export function validateSeconds(name: 'timeout' | 'connect_timeout', value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(name, `\`${name}\` is in seconds and must be a positive number.`);
  }
  return value;
}
