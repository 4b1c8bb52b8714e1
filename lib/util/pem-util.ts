/**
 * X.509 certificate loading and serial numbers, PHP's `WeChatPay\Util\PemUtil`.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CryptoError } from '../errors/crypto-error.js';

/** A certificate as `parseCertificateSerialNo` takes it: loaded, PEM text or bytes, or a `file://` path. */
export type CertificateLike = X509Certificate | string | Buffer | URL;

/** Reads a file named by a plain path, a `file://` string or a file URL. */
function readCertificateFile(pathOrUrl: string | URL): Buffer {
  const path = pathOrUrl instanceof URL || pathOrUrl.startsWith('file://') ? fileURLToPath(pathOrUrl) : pathOrUrl;
  return readFileSync(path);
}

/**
 * Certificate helpers mirroring PHP's `PemUtil` (the deprecated private-key loaders are left to `Rsa.from`).
 * Every failure is a {@link CryptoError} whose message names the input, never its content.
 */
export class PemUtil {
  /**
   * Loads a certificate (`apiclient_cert.pem`, `wechatpay_<serial>.pem`) from a plain path, a `file://` path or a
   * file URL.
   *
   * Deviation from PHP: content that is not a certificate throws, where PHP's `loadCertificate` returns `false`.
   * @throws CryptoError `Loading the certificate failed, please checking your <path> input.` (PHP's wording)
   */
  static loadCertificate(pathOrFileUrl: string | URL): X509Certificate {
    const where = String(pathOrFileUrl);
    let content: Buffer;
    try {
      content = readCertificateFile(pathOrFileUrl);
    } catch (cause) {
      throw new CryptoError(`Loading the certificate failed, please checking your ${where} input.`, { cause });
    }
    return parse(content, `The file ${where} holds no X.509 certificate (expected -----BEGIN CERTIFICATE----- PEM or DER).`);
  }

  /**
   * Parses a certificate from PEM (or DER) text or bytes.
   *
   * Deviation from PHP: content that is not a certificate throws, where PHP returns `false`.
   * @throws CryptoError when the content is not a certificate
   */
  static loadCertificateFromString(content: string | Buffer): X509Certificate {
    return parse(content, 'The content holds no X.509 certificate (expected -----BEGIN CERTIFICATE----- PEM or DER).');
  }

  /**
   * The serial number of a certificate as WeChat Pay writes it (`serial_no`, `Wechatpay-Serial`, the merchant
   * `serial`): upper-case hexadecimal. Takes a loaded certificate, PEM text or bytes, or a `file://` path (a
   * plain path is not read: it would be ambiguous with PEM text; PHP is the same).
   *
   * Node's `X509Certificate#serialNumber` (OpenSSL `BN_bn2hex`) gives whole octets with the leading zero octets
   * dropped, so `0A1B…` stays `0A1B…` (its first octet is `0A`) and a serial whose DER carries the sign octet
   * `00` (`00 8F …`) reads `8F…`: the same as PHP's `serialNumberHex` for every DER-valid certificate. (They
   * differ only for a zero or negative serial, which RFC 5280 forbids.)
   * @throws CryptoError `Read the certificate failed, please check it whether or nor correct` (PHP's wording)
   */
  static parseCertificateSerialNo(certificate: CertificateLike): string {
    try {
      const cert = certificate instanceof X509Certificate ? certificate : toCertificate(certificate);
      return cert.serialNumber.toUpperCase();
    } catch (cause) {
      throw new CryptoError('Read the certificate failed, please check it whether or nor correct', { cause });
    }
  }
}

function toCertificate(thing: string | Buffer | URL): X509Certificate {
  if (thing instanceof URL || (typeof thing === 'string' && thing.startsWith('file://'))) return new X509Certificate(readCertificateFile(thing));
  return new X509Certificate(thing);
}

function parse(content: string | Buffer, message: string): X509Certificate {
  try {
    return new X509Certificate(content);
  } catch (cause) {
    throw new CryptoError(message, { cause });
  }
}
