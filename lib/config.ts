import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Dispatcher } from 'undici';
import { Rsa, type KeyLike } from './crypto/rsa.js';
import { ConfigError } from './errors/config-error.js';
import { MESSAGES, format } from './errors/messages.js';
import { checkClientCertificate, type ClientCertificate } from './transport/mtls.js';
import type { AutoCertificatesOptions } from './v3/auto-certificates.js';
import { loadPlatformKeys, type PlatformKeys } from './v3/platform-keys.js';
import { isRecord } from './is-record.js';

/** The merchant's API client certificate, for the APIv2 endpoints that need mutual TLS (`security: true`). */
export interface MerchantTls {
  /** The certificate: a PEM string or Buffer, or a `file://` path. */
  cert?: string | Buffer;
  /** Its private key: a PEM string or Buffer, or a `file://` path. */
  key?: string | Buffer;
  /** Or a PKCS#12 bundle (`apiclient_cert.p12`), as bytes or a `file://` path. */
  pfx?: string | Buffer;
  /**
   * The PKCS#12 passphrase, or the passphrase of an encrypted `key`. A `pfx` without one is opened with the mchid,
   * the password WeChat Pay gives every `apiclient_cert.p12`.
   */
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
  /**
   * APIv3: the APIv3 key (APIv3密钥, 32 characters). With it, the client downloads the platform certificates
   * itself (`/v3/certificates`) when it meets a serial it has no key for, and keeps them fresh: `certs` may then be
   * left out (see `autoCertificates`).
   */
  apiv3Key?: string;
  /**
   * With `apiv3Key`: `false` turns the automatic platform certificates off; an object sets their intervals, the
   * serials to pin, and the clock. Default on.
   */
  autoCertificates?: boolean | AutoCertificatesOptions;
  /** APIv2: the APIv2 key (API密钥), exactly 32 bytes. With it, `v2/…` paths go through the APIv2 pipeline. */
  secret?: string;
  /**
   * The merchant's API client certificate, for the requests sent with `security: true` (APIv2 refunds, reversals,
   * red packets, transfers): loaded and checked once, when the client is built.
   */
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
  /**
   * Where APIv3 request signatures are computed. `true` (the default): in libuv's threadpool while other calls are
   * in flight, at most `UV_THREADPOOL_SIZE − 1` at once for the whole process, else on the event loop; a number:
   * this client's own limit of signatures in the threadpool at once; `false` (or 0): always on the event loop.
   */
  offload_signing?: boolean | number;
}

/** The APIv3 part of a validated configuration. */
export interface V3Settings {
  readonly mchid: string;
  readonly serial: string;
  readonly privateKey: KeyObject;
  readonly certs: PlatformKeys;
  /** The APIv3 key, when given (it lets the client download platform certificates). */
  readonly apiv3Key: string | undefined;
}

/** The default `base_uri`. */
export const DEFAULT_BASE_URI = 'https://api.mch.weixin.qq.com/';


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
  return loadPlatformKeys(certs);
}

/**
 * Validates the APIv3 settings in PHP's order and with PHP's messages (mchid, serial, privateKey, certs, and the
 * merchant serial inside certs), parsing every key once. Returns `undefined` for an APIv2-only client: one that
 * has a `secret` and none of `serial`, `privateKey`, `certs` (PHP demands dummy APIv3 values; we don't). With
 * `apiv3Key`, `certs` may be left out: the platform certificates are then downloaded when first needed.
 * @throws ConfigError naming the setting to fix.
 */
export function resolveV3Settings(config: ClientConfig): V3Settings | undefined {
  if (!isRecord(config) || typeof config.mchid !== 'string' || config.mchid === '') {
    throw new ConfigError('mchid', MESSAGES.ERR_INIT_MCHID_IS_MANDATORY);
  }
  const { mchid, serial, privateKey, certs, secret, apiv3Key } = config;
  if (secret !== undefined && serial === undefined && privateKey === undefined && certs === undefined) return undefined;
  const trimmed = validateSerial(serial);
  const loaded = loadPrivateKey(privateKey);
  const key = validateApiv3Key(apiv3Key);
  const none = certs === undefined || (isRecord(certs) && Object.keys(certs).length === 0);
  return { mchid, serial: trimmed, privateKey: loaded, certs: key !== undefined && none ? loadPlatformKeys({}) : loadCerts(certs, trimmed), apiv3Key: key };
}

/**
 * Validates `apiv3Key`: a string of exactly 32 bytes; `undefined` when not given.
 * @throws ConfigError (setting `apiv3Key`), which tells the length found and never shows the key.
 */
function validateApiv3Key(apiv3Key: unknown): string | undefined {
  if (apiv3Key === undefined) return undefined;
  if (typeof apiv3Key === 'string' && Buffer.byteLength(apiv3Key) === 32) return apiv3Key;
  const found = typeof apiv3Key === 'string' ? `${String(Buffer.byteLength(apiv3Key))} bytes` : `a ${typeof apiv3Key}`;
  throw new ConfigError('apiv3Key', `\`apiv3Key\` is the APIv3 key (APIv3密钥, set on the merchant platform): a string of exactly 32 bytes, not ${found}.`);
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

/**
 * Reads key material: a Buffer as it is, a `file://` path from disk, any other string as its text (when `text` is
 * allowed). `expected` is the message for anything else.
 */
function readMaterial(setting: string, value: unknown, expected: string, text = true): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value !== 'string' || (!text && !value.startsWith('file://'))) throw new ConfigError(setting, expected);
  if (!value.startsWith('file://')) return Buffer.from(value);
  try {
    return readFileSync(fileURLToPath(value));
  } catch (cause) {
    throw new ConfigError(setting, `\`${setting}\` names a file that cannot be read: ${value}`, { cause });
  }
}

/** Reads `verify` (a CA PEM, Buffer or `file://` path) into PEM bytes. */
export function resolveCa(verify: unknown): Buffer | undefined {
  if (verify === undefined) return undefined;
  return readMaterial('verify', verify, '`verify` is the CA certificate(s) to trust: a PEM string or Buffer, or a file:// path.');
}

/** The length of the APIv2 key, in bytes. */
const SECRET_BYTES = 32;

/**
 * Validates `secret`, the APIv2 key: exactly 32 bytes. `undefined` means the client has no APIv2 pipeline.
 * PHP accepts any string and then signs MD5 without `&key=` for an empty one (defect 7); this fails at once.
 * @throws ConfigError (setting `secret`), which tells the length found and never shows the key.
 */
export function resolveSecret(secret: unknown): string | undefined {
  if (secret === undefined) return undefined;
  if (typeof secret === 'string' && Buffer.byteLength(secret) === SECRET_BYTES) return secret;
  const found = typeof secret === 'string' ? `${String(Buffer.byteLength(secret))} bytes` : `a ${typeof secret}`;
  throw new ConfigError(
    'secret',
    `\`secret\` is the APIv2 key (API密钥, set on the merchant platform): a string of exactly ${String(SECRET_BYTES)} bytes, not ${found}. It is not the APIv3 key, though both are 32 characters.`,
  );
}

const MERCHANT_SHAPE = '`merchant` is the API client certificate for mutual TLS: `{ cert, key }` (PEM strings, Buffers or file:// paths) or `{ pfx, passphrase }`.';
const PEM_MATERIAL = 'a PEM string or Buffer, or a file:// path';

/**
 * Loads `merchant`, the API client certificate for `security: true` requests, once, when the client is built:
 * `cert` + `key` (PEM strings, Buffers or `file://` paths; `passphrase` for an encrypted key), or `pfx` (bytes or a
 * `file://` path) + `passphrase`. Without a `passphrase`, a `pfx` is opened with the mchid, which is the password
 * WeChat Pay gives every `apiclient_cert.p12` (documented; PHP has no pfx support at all).
 * @throws ConfigError (setting `merchant`) for a wrong shape, an unreadable file, or a certificate Node's TLS
 * refuses; a legacy RC2-40 `.p12` gets the conversion command (see `checkClientCertificate`).
 */
export function resolveMerchant(merchant: unknown, mchid: string): ClientCertificate | undefined {
  if (merchant === undefined) return undefined;
  if (!isRecord(merchant)) throw new ConfigError('merchant', MERCHANT_SHAPE);
  const { cert, key, pfx, passphrase } = merchant;
  if (passphrase !== undefined && typeof passphrase !== 'string') throw new ConfigError('merchant', '`merchant.passphrase` must be a string.');
  if (pfx !== undefined) {
    if (cert !== undefined || key !== undefined) throw new ConfigError('merchant', `${MERCHANT_SHAPE} Give one or the other, not both.`);
    const bundle = readMaterial('merchant.pfx', pfx, '`merchant.pfx` is the PKCS#12 bundle (apiclient_cert.p12): a Buffer or a file:// path.', false);
    return checkClientCertificate({ pfx: bundle, passphrase: passphrase ?? mchid }, passphrase === undefined);
  }
  if (cert === undefined || key === undefined) throw new ConfigError('merchant', `${MERCHANT_SHAPE} Both \`cert\` and \`key\` are needed.`);
  const pair = {
    cert: readMaterial('merchant.cert', cert, `\`merchant.cert\` is the certificate (apiclient_cert.pem): ${PEM_MATERIAL}.`),
    key: readMaterial('merchant.key', key, `\`merchant.key\` is its private key (apiclient_key.pem): ${PEM_MATERIAL}.`),
  };
  return checkClientCertificate(passphrase === undefined ? pair : { ...pair, passphrase }, false);
}

/** Checks the numeric transport options. */
export function validateSeconds(name: 'timeout' | 'connect_timeout', value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ConfigError(name, `\`${name}\` is in seconds and must be a positive number.`);
  }
  return value;
}
