/**
 * 下载平台证书 (`GET /v3/certificates`): the platform certificates, decrypted with the APIv3 key and verified with
 * themselves, PHP's `CertificateDownloader` as a function.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { AesGcm } from '../crypto/aes-gcm.js';
import { ClientError } from '../errors/client-error.js';
import { CryptoError } from '../errors/crypto-error.js';
import { NoPlatformCertificateError } from '../errors/no-platform-certificate-error.js';
import { summarize } from '../errors/request-summary.js';
import { VerificationError } from '../errors/verification-error.js';
import { Formatter } from '../formatter.js';
import type { WechatpayResponse } from '../response.js';
import { driverOf, type ClientLike } from '../util/client.js';
import { PlatformKeys } from './platform-keys.js';
import { verifyResponse } from './verifier.js';
import { isRecord } from '../is-record.js';

/** The only algorithm `encrypt_certificate` uses. */
export const CERTIFICATE_ALGORITHM = 'AEAD_AES_256_GCM';

/** A platform certificate, decrypted. */
export interface PlatformCertificate {
  /** Its serial number, upper-case hex: the `Wechatpay-Serial` of the answers it verifies. */
  readonly serial: string;
  /** Start of validity, as WeChat Pay wrote it (`2024-03-01T10:00:00+08:00`). */
  readonly effective_time: string;
  /** End of validity, as WeChat Pay wrote it. */
  readonly expire_time: string;
  /** The certificate as PEM, as decrypted (save it as `wechatpay_<serial>.pem`). */
  readonly pem: string;
  /** The certificate, parsed. */
  readonly certificate: X509Certificate;
}

/** Options of {@link downloadCertificates}. */
export interface DownloadCertificatesOptions {
  /**
   * `true`: add every certificate to the client's `certs` under its serial (oldest first), so the client verifies
   * answers with them from now on. Default `false`.
   */
  readonly install?: boolean;
  /** Overall deadline in seconds. */
  readonly timeout?: number;
  /** Aborts the download. */
  readonly signal?: AbortSignal;
}

/** One row of `data[]`, as far as it matters. */
interface CertificateRow {
  readonly serial_no: string;
  readonly effective_time: string;
  readonly expire_time: string;
  readonly encrypt_certificate: { readonly algorithm: string; readonly nonce: string; readonly associated_data: string; readonly ciphertext: string };
}


function hasStrings(value: unknown, names: readonly string[]): boolean {
  return isRecord(value) && names.every((name) => typeof value[name] === 'string');
}

function isRow(row: unknown): row is CertificateRow {
  return hasStrings(row, ['serial_no', 'effective_time', 'expire_time']) && isRecord(row) && hasStrings(row.encrypt_certificate, ['algorithm', 'nonce', 'associated_data', 'ciphertext']);
}

/** Decrypts one row, checking the certificate is the one `serial_no` names. */
function decryptRow(row: CertificateRow, apiv3Key: string): PlatformCertificate {
  const { algorithm, nonce, associated_data: aad, ciphertext } = row.encrypt_certificate;
  if (algorithm !== CERTIFICATE_ALGORITHM) throw new CryptoError(`The platform certificate ${row.serial_no} is encrypted with ${algorithm}; only ${CERTIFICATE_ALGORITHM} is supported.`);
  let pem: string;
  try {
    pem = AesGcm.decrypt(ciphertext, apiv3Key, nonce, aad);
  } catch (cause) {
    throw new CryptoError(`Decrypting the platform certificate ${row.serial_no} failed: check the APIv3 key (the 32 characters set under 商户平台 → 账户中心 → API安全 → APIv3密钥).`, { cause });
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (cause) {
    throw new CryptoError(`The platform certificate ${row.serial_no} decrypted to something that is not an X.509 certificate.`, { cause });
  }
  if (certificate.serialNumber.toUpperCase() !== row.serial_no.toUpperCase()) {
    throw new CryptoError(`The certificate listed as ${row.serial_no} has the serial ${certificate.serialNumber}.`);
  }
  return { serial: row.serial_no.toUpperCase(), effective_time: row.effective_time, expire_time: row.expire_time, pem, certificate };
}

/**
 * Decrypts the answer of `GET /v3/certificates` (`{ data: [{ serial_no, effective_time, expire_time,
 * encrypt_certificate }] }`) with the APIv3 key: each `encrypt_certificate` is AEAD_AES_256_GCM with its `nonce` and
 * `associated_data`. Does not verify the answer's signature (see {@link downloadCertificates}). Sorted oldest first.
 *
 * @param body - the parsed answer
 * @param apiv3Key - the merchant's APIv3 key (32 characters)
 * @throws CryptoError for a wrong APIv3 key, an unknown algorithm, or a certificate whose serial is not its `serial_no`
 * @throws TypeError when the body is not a certificate list
 */
export function decryptCertificates(body: unknown, apiv3Key: string): PlatformCertificate[] {
  const data = isRecord(body) ? body.data : undefined;
  if (!Array.isArray(data) || !data.every(isRow)) throw new TypeError('The answer of /v3/certificates is not a certificate list ({ data: [{ serial_no, effective_time, expire_time, encrypt_certificate }] }).');
  return data.map((row) => decryptRow(row, apiv3Key)).sort((a, b) => Date.parse(a.effective_time) - Date.parse(b.effective_time));
}

/** The keys that verify the answer: the client's configured ones, and the certificates it carries (bootstrap). */
function bootstrapKeys(configured: PlatformKeys, certificates: readonly PlatformCertificate[]): PlatformKeys {
  const keys = new PlatformKeys();
  for (const serial of configured.serials()) {
    const key = configured.get(serial);
    if (key !== null && key !== undefined) keys.set(serial, key);
  }
  for (const { serial, certificate } of certificates) keys.set(serial, certificate);
  return keys;
}

/** The certificate list of an answer, or the verification error saying why it is not one. */
function parseAnswer(response: WechatpayResponse, apiv3Key: string): PlatformCertificate[] {
  try {
    return decryptCertificates(response.json(), apiv3Key);
  } catch (cause) {
    if (cause instanceof CryptoError) throw cause;
    throw new VerificationError('The answer of /v3/certificates is not a certificate list: it cannot be verified.', response, summarize('GET', 'v3/certificates', {}), { cause });
  }
}

/**
 * Downloads the platform certificates (`GET v3/certificates`), decrypts them with the APIv3 key, and verifies the
 * answer with the certificates it carries (and any key the client already has): the bootstrap that lets a client
 * with no platform certificate yet trust its first one, as PHP's `CertificateDownloader` does — done here by one
 * request with `verify_signature: false` followed by `verifyResponse` against the decrypted certificates, instead
 * of PHP's injector middleware. The client's own `certs` are not used to verify the request's answer unless they
 * hold the signing key, and are only changed with `{ install: true }`.
 *
 * A merchant in public-key mode (registered since late 2024) gets `404 RESOURCE_NOT_EXISTS 无可用的平台证书`: that
 * rejects with a {@link NoPlatformCertificateError} explaining to configure the WeChat Pay public key instead.
 *
 * ```ts
 * const certificates = await downloadCertificates(wxpay, apiv3Key, { install: true });
 * for (const { serial, expire_time, pem } of certificates) await writeFile(`wechatpay_${serial}.pem`, pem);
 * ```
 *
 * @param client - the chain root (or its `ClientDecorator`), configured for APIv3
 * @param apiv3Key - the merchant's APIv3 key (32 characters)
 * @param options - `install`, `timeout`, `signal`
 * @returns the certificates, oldest first
 * @throws NoPlatformCertificateError for a merchant in public-key mode
 * @throws CryptoError for a wrong APIv3 key
 * @throws VerificationError (its subclasses) when the answer is not signed by a certificate it carries
 * @throws HttpError | NetworkError as any request
 */
export async function downloadCertificates(client: ClientLike, apiv3Key: string, options: DownloadCertificatesOptions = {}): Promise<PlatformCertificate[]> {
  const driver = driverOf(client);
  const { timeout, signal } = options;
  let response: WechatpayResponse;
  try {
    response = await driver.request('GET', 'v3/certificates', { verify_signature: false, http_errors: true, ...(timeout === undefined ? {} : { timeout }), ...(signal === undefined ? {} : { signal }) });
  } catch (error) {
    if (error instanceof ClientError && error.status === 404 && error.code === 'RESOURCE_NOT_EXISTS') throw new NoPlatformCertificateError(driver.mchid, error.code, error.response, { cause: error });
    throw error;
  }
  const certificates = parseAnswer(response, apiv3Key);
  const body = response.body ?? Buffer.alloc(0);
  verifyResponse(response, body, { certs: bootstrapKeys(driver.certs, certificates), request: summarize('GET', 'v3/certificates', {}), pathname: '/v3/certificates', now: Formatter.timestamp() });
  if (options.install === true) for (const { serial, certificate } of certificates) driver.certs.set(serial, certificate);
  return certificates;
}
