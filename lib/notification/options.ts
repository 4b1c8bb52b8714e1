import type { KeyLike } from '../crypto/rsa.js';
import { ConfigError } from '../errors/config-error.js';
import { Formatter } from '../formatter.js';
import { MAXIMUM_CLOCK_OFFSET } from '../v3/verifier.js';
import type { KeySource } from '../v3/key-source.js';
import { loadPlatformKeys, PlatformKeys } from '../v3/platform-keys.js';
import type { ClientDecorator } from '../decorator.js';
import { driverOf, type ClientLike } from '../util/client.js';
import { isRecord } from '../is-record.js';
import { DEFAULT_MAX_BODY_SIZE } from './raw-body.js';

/** What `new Notification()` takes. */
export interface NotificationOptions {
  /**
   * APIv3: WeChat Pay's public keys by `Wechatpay-Serial`, the same shape as the client's `certs`:
   * `{ 'PUB_KEY_ID_…': publicKey }` and/or `{ platformCertSerial: certificate }`, or a {@link PlatformKeys} (shared
   * with a client, so a key added at runtime is seen by both).
   */
  readonly certs?: Readonly<Record<string, KeyLike | null>> | PlatformKeys;
  /** APIv3: the APIv3 key (32 characters) that decrypts `resource`. */
  readonly apiv3Key?: string;
  /**
   * APIv3: a client whose platform keys verify the callbacks (instead of `certs`): with its automatic certificates,
   * `notification.v3Async()` downloads a certificate it has not seen yet, once, shared with the client's calls.
   */
  readonly client?: ClientLike;
  /** APIv2: the APIv2 key (32 characters) that checks `sign` and decrypts the refund `req_info`. */
  readonly secret?: string;
  /** The largest allowed difference in seconds between `Wechatpay-Timestamp` and the local clock (inclusive); default 300. */
  readonly clockOffset?: number;
  /** The local clock in Unix seconds; default `Formatter.timestamp`. For tests, or a clock known to be off. */
  readonly clock?: () => number;
  /** The largest callback body accepted, in bytes; default 64 KiB. A larger one is refused before it is parsed. */
  readonly maxBodySize?: number;
}

/** The APIv3 part of validated options. */
export interface V3Keys {
  /** WeChat Pay's public keys by serial, loaded. */
  readonly certs: PlatformKeys;
  /** The 32-character APIv3 key. */
  readonly apiv3Key: string;
  /** Where an unknown serial is looked up (a client's), if anywhere. */
  readonly source: KeySource | undefined;
}

/** Validated options, keys parsed once. */
export interface NotificationSettings {
  /** `undefined` for an APIv2-only instance. */
  readonly v3: V3Keys | undefined;
  /** `undefined` for an APIv3-only instance. */
  readonly secret: string | undefined;
  /** The largest allowed |timestamp − now|, in seconds, inclusive. */
  readonly clockOffset: number;
  /** The local clock, in Unix seconds. */
  readonly clock: () => number;
  /** The largest callback body accepted, in bytes. */
  readonly maxBodySize: number;
}

/** The length every WeChat Pay API key has, in bytes. */
const KEY_BYTES = 32;


/** Checks that `key` is a 32-byte string; the message gives its length, never the key. */
function checkKey(setting: 'apiv3Key' | 'secret', what: string, key: unknown): string {
  if (typeof key !== 'string') throw new ConfigError(setting, `\`${setting}\` (${what}) must be a string of ${KEY_BYTES} characters.`);
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes !== KEY_BYTES) throw new ConfigError(setting, `\`${setting}\` (${what}) must be exactly ${KEY_BYTES} bytes, got ${bytes} bytes.`);
  return key;
}

/** Parses every `certs` entry once into a {@link PlatformKeys}; a given `PlatformKeys` is used as is. */
function loadCerts(certs: unknown): PlatformKeys {
  if (certs instanceof PlatformKeys) return certs;
  if (!isRecord(certs) || Object.keys(certs).length === 0) {
    throw new ConfigError('certs', "`certs` must hold WeChat Pay's public keys by serial: `{ 'PUB_KEY_ID_…': publicKey }` and/or `{ platformCertSerial: certificate }`.");
  }
  return loadPlatformKeys(certs);
}

/** The driver of the `client` option. */
function clientDriver(client: unknown): ClientDecorator {
  try {
    return driverOf(client as ClientLike);
  } catch (cause) {
    throw new ConfigError('client', '`client` must be a client made by `Builder.factory()` (or its driver).', { cause });
  }
}

function checkClockOffset(value: unknown): number {
  if (value === undefined) return MAXIMUM_CLOCK_OFFSET;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError('clockOffset', '`clockOffset` is in seconds and must be a finite number >= 0.');
  }
  return value;
}

function checkMaxBodySize(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BODY_SIZE;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError('maxBodySize', '`maxBodySize` is a positive whole number of bytes.');
  }
  return value;
}

function checkClock(clock: unknown): () => number {
  if (clock === undefined) return () => Formatter.timestamp();
  if (typeof clock !== 'function') throw new ConfigError('clock', '`clock` must be a function returning Unix seconds.');
  return clock as () => number;
}

/**
 * Validates `new Notification()` options and parses the keys once.
 *
 * APIv3 needs `certs` and `apiv3Key` together; APIv2 needs `secret`; an instance may have either or both (giving
 * neither is an error).
 * @throws ConfigError naming the setting to fix
 */
export function resolveNotificationOptions(options: NotificationOptions): NotificationSettings {
  if (!isRecord(options)) throw new ConfigError('certs', 'new Notification() takes an options object: { certs, apiv3Key, secret }.');
  const { certs, apiv3Key, secret, clockOffset, clock, client, maxBodySize } = options;
  const wantsV3 = certs !== undefined || apiv3Key !== undefined || client !== undefined;
  const driver = client === undefined ? undefined : clientDriver(client);
  if (!wantsV3 && secret === undefined) {
    throw new ConfigError('certs', 'A Notification needs `certs` and `apiv3Key` (APIv3 callbacks), and/or `secret` (APIv2 callbacks).');
  }
  return {
    v3: wantsV3
      ? { certs: certs === undefined && driver !== undefined ? driver.certs : loadCerts(certs), apiv3Key: checkKey('apiv3Key', 'the APIv3 key', apiv3Key), source: certs === undefined ? driver?.keySource : undefined }
      : undefined,
    secret: secret === undefined ? undefined : checkKey('secret', 'the APIv2 key', secret),
    clockOffset: checkClockOffset(clockOffset),
    clock: checkClock(clock),
    maxBodySize: checkMaxBodySize(maxBodySize),
  };
}
