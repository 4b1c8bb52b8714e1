import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { Rsa, type KeyLike } from './crypto/rsa.js';
import { ConfigError } from './errors/config-error.js';
import { MESSAGES, format } from './errors/messages.js';
import { KeyFileError } from './errors/key-file-error.js';
import type { AutoCertificatesOptions } from './v3/auto-certificates.js';
import { loadPlatformKeys, type PlatformKeys } from './v3/platform-keys.js';
import { isRecord } from './is-record.js';

export { resolveCa, resolveMerchant } from './transport/tls-material.js';

/** The merchant's API client certificate, for the APIv2 endpoints that need mutual TLS (`security: true`). */
export interface MerchantTls {
  /**
   * The certificate (`apiclient_cert.pem`): PEM text or a Buffer, or a file: a plain path (absolute, or relative to
   * the working directory), a `file://` path or a file URL; or `[file, passphrase]`, as Guzzle's `cert` takes it.
   */
  cert?: string | Buffer | URL | readonly [string | Buffer | URL, string];
  /** Its private key (`apiclient_key.pem`), in the same forms; `[file, passphrase]` for an encrypted key (Guzzle's `ssl_key`). */
  key?: string | Buffer | URL | readonly [string | Buffer | URL, string];
  /** Or a PKCS#12 bundle (`apiclient_cert.p12`): bytes, or a path (plain, relative, `file://`) or file URL. */
  pfx?: string | Buffer | URL;
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
  /**
   * Overall deadline per call, in seconds: DNS, connect, TLS, 1xx answers and the whole body (for `stream: true`,
   * until the headers). Default 30; `0` or `Infinity`: none.
   */
  timeout?: number;
  /** Connect (DNS, TCP and TLS handshake) deadline, in seconds. Default 10. */
  connect_timeout?: number;
  /** Idle limit between two chunks of a streamed body (Guzzle's `read_timeout`), in seconds. Default 30; `0` or `Infinity`: none. */
  read_timeout?: number;
  /** Largest buffered answer, in bytes. Default 4 MiB for APIv3, 256 KiB for APIv2; `Infinity`: none. */
  max_response_size?: number;
  /** Extra attempts a call may make for 429, 5xx and network failures; default 2, `0` for none. */
  retries?: number;
  /**
   * Where a request goes when the primary (`base_uri`) cannot be reached before anything was sent. Default
   * `https://api2.mch.weixin.qq.com/` when `base_uri` is the main domain, none otherwise; `false`: none.
   */
  backup_uri?: string | false;
  /** `false`: 4xx/5xx answers resolve instead of rejecting. */
  http_errors?: boolean;
  /**
   * Guzzle's `verify`: the CA certificate(s) to trust for TLS instead of Node's bundled roots, e.g. a TLS-inspecting
   * proxy's, or the sandbox's test CA: PEM text or a Buffer, or a file (a plain path, absolute or relative to the
   * working directory, a `file://` path or a file URL). Checked when the client is built: a file must exist and hold
   * a certificate.
   */
  verify?: string | Buffer | URL;
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
    if (cause instanceof KeyFileError) throw cause;
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
  if (isRecord(config) && typeof config.mchid === 'number') {
    const given = String(config.mchid);
    throw new ConfigError('mchid', `\`mchid\` must be a string: give '${given}' (in quotes), not the number ${given}.`);
  }
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
