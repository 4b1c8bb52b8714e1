/**
 * The TLS material of a client's configuration, as PHP (Guzzle) users write it: the merchant's API client certificate
 * (`merchant: { cert, key }` or `{ pfx, passphrase }`) and the CA to trust (`verify`). Each may be PEM text, a
 * Buffer, or a file: a plain path (absolute, or relative to the working directory), a `file://` path or a file URL;
 * `cert` and `key` may also be `[file, passphrase]`. Everything is read and checked once, when the client is built.
 *
 * @module
 */

import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';
import { KeyFileError } from '../errors/key-file-error.js';
import { isRecord } from '../is-record.js';
import { certificateFromFile, fileReference, isInlineContent, keyFileError, privateKeyFromFile, readKeyFile, type FileReference } from '../util/key-file.js';
import { checkClientCertificate, type ClientCertificate } from './mtls.js';

/** Key material as given: its bytes, and the file it came from (none for PEM text or a Buffer). */
interface Material {
  readonly bytes: Buffer;
  readonly file?: FileReference;
  /** A passphrase given with it as `[file, passphrase]`. */
  readonly passphrase?: string;
}

const FORMS = 'PEM text, a Buffer, a path (absolute, relative to the working directory, or file://), or [path, passphrase]';
const MERCHANT_SHAPE = `\`merchant\` is the API client certificate for mutual TLS: \`{ cert, key }\` (each ${FORMS}) or \`{ pfx, passphrase }\`.`;

/** Reads one setting's material: PEM text or a Buffer as it is; a path, `file://` path or file URL from disk. */
function material(setting: string, value: unknown, expected: string, tuple = true): Material {
  if (tuple && Array.isArray(value) && value.length === 2 && typeof value[1] === 'string') {
    const [inner, passphrase] = value as [unknown, string];
    return { ...material(setting, inner, expected, false), ...(passphrase === '' ? {} : { passphrase }) };
  }
  if (Buffer.isBuffer(value)) return { bytes: value };
  if (typeof value === 'string' && isInlineContent(value)) return { bytes: Buffer.from(value) };
  if ((typeof value !== 'string' || value === '') && !(value instanceof URL)) throw new ConfigError(setting, expected);
  const file = fileReference(value);
  return { bytes: readKeyFile(setting, `\`${setting}\``, file), file };
}

function certificateOf(setting: string, given: Material): X509Certificate {
  if (given.file !== undefined) return certificateFromFile(setting, `\`${setting}\``, given.file, given.bytes);
  try {
    return new X509Certificate(given.bytes);
  } catch (cause) {
    throw new ConfigError(setting, `\`${setting}\` holds no X.509 certificate in PEM (a CERTIFICATE block).`, { cause });
  }
}

function privateKeyOf(setting: string, given: Material, passphrase: string | undefined): KeyObject {
  if (given.file !== undefined) return privateKeyFromFile(setting, `\`${setting}\``, given.file, given.bytes, passphrase);
  try {
    return createPrivateKey(passphrase === undefined ? given.bytes : { key: given.bytes, passphrase });
  } catch (cause) {
    throw new ConfigError(setting, `\`${setting}\` holds no PEM private key that ${passphrase === undefined ? 'opens without a passphrase' : 'the passphrase opens'} (an RSA key such as apiclient_key.pem).`, { cause });
  }
}

/** Where a piece of material came from, for a message: `merchant.key (/abs/apiclient_key.pem)`. */
function origin(setting: string, given: Material): string {
  return given.file === undefined ? `\`${setting}\`` : `\`${setting}\` (${given.file.path})`;
}

function loadPair(cert: unknown, key: unknown, passphrase: string | undefined): ClientCertificate {
  const certificate = material('merchant.cert', cert, `\`merchant.cert\` is the certificate (apiclient_cert.pem): ${FORMS}.`);
  const privateKey = material('merchant.key', key, `\`merchant.key\` is its private key (apiclient_key.pem): ${FORMS}.`);
  const keyPassphrase = privateKey.passphrase ?? certificate.passphrase ?? passphrase;
  const x509 = certificateOf('merchant.cert', certificate);
  const keyObject = privateKeyOf('merchant.key', privateKey, keyPassphrase);
  if (!x509.checkPrivateKey(keyObject)) {
    const wrong = `is not the private key of the certificate ${origin('merchant.cert', certificate)}: give apiclient_key.pem with apiclient_cert.pem from the same download.`;
    if (privateKey.file !== undefined) throw keyFileError('merchant', '`merchant.key`', privateKey.file, 'mismatch', `holds a key that ${wrong}`);
    throw new ConfigError('merchant', `\`merchant.key\` ${wrong}`);
  }
  const pair = { cert: certificate.bytes, key: privateKey.bytes };
  return checkClientCertificate(keyPassphrase === undefined ? pair : { ...pair, passphrase: keyPassphrase }, false);
}

function loadPfx(pfx: unknown, passphrase: string | undefined, mchid: string): ClientCertificate {
  const bundle = material('merchant.pfx', pfx, '`merchant.pfx` is the PKCS#12 bundle (apiclient_cert.p12): a Buffer, or a path (absolute, relative to the working directory, or file://).', false);
  try {
    return checkClientCertificate({ pfx: bundle.bytes, passphrase: passphrase ?? mchid }, passphrase === undefined);
  } catch (error) {
    if (bundle.file === undefined || !(error instanceof ConfigError)) throw error;
    const problem = /passphrase/.test(error.message) ? 'wrong-passphrase' : /legacy PKCS#12/.test(error.message) ? 'unsupported' : 'not-pem';
    throw new KeyFileError('merchant', '`merchant.pfx`', bundle.file.path, problem, `the file ${bundle.file.path} cannot be used: ${error.message}`, { cause: error.cause });
  }
}

/**
 * Loads `merchant`, the API client certificate for `security: true` requests, once, when the client is built:
 * `cert` + `key` (each PEM text, a Buffer, a plain, relative or `file://` path, or `[path, passphrase]`;
 * `passphrase` for an encrypted key), or `pfx` (bytes or a path) + `passphrase`. Without a `passphrase`, a `pfx` is
 * opened with the mchid, the password WeChat Pay gives every `apiclient_cert.p12` (PHP has no pfx support at all).
 * @throws KeyFileError (a `ConfigError`) naming the file and what is wrong with it: missing, unreadable, not a
 * certificate or key, a wrong passphrase, a key that is not the certificate's; ConfigError (setting `merchant…`) for
 * a wrong shape or inline content that is unusable; a legacy RC2-40 `.p12` gets the conversion command.
 */
export function resolveMerchant(merchant: unknown, mchid: string): ClientCertificate | undefined {
  if (merchant === undefined) return undefined;
  if (!isRecord(merchant)) throw new ConfigError('merchant', MERCHANT_SHAPE);
  const { cert, key, pfx, passphrase } = merchant;
  if (passphrase !== undefined && typeof passphrase !== 'string') throw new ConfigError('merchant', '`merchant.passphrase` must be a string.');
  if (pfx !== undefined) {
    if (cert !== undefined || key !== undefined) throw new ConfigError('merchant', `${MERCHANT_SHAPE} Give one or the other, not both.`);
    return loadPfx(pfx, passphrase, mchid);
  }
  if (cert === undefined || key === undefined) throw new ConfigError('merchant', `${MERCHANT_SHAPE} Both \`cert\` and \`key\` are needed.`);
  return loadPair(cert, key, passphrase);
}

/**
 * Reads `verify` (Guzzle's: the CA certificate(s) to trust) into PEM bytes, checking that it holds a certificate.
 * @throws KeyFileError for a file that is missing, unreadable or holds no certificate; ConfigError otherwise.
 */
export function resolveCa(verify: unknown): Buffer | undefined {
  if (verify === undefined) return undefined;
  const given = material('verify', verify, `\`verify\` is the CA certificate(s) to trust: PEM text, a Buffer, or a path (absolute, relative to the working directory, or file://).`, false);
  certificateOf('verify', given);
  return given.bytes;
}
