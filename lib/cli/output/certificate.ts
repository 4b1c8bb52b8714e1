/**
 * What `wxpay crt` prints for a platform certificate it saved: serial, validity, path, and how to check the file
 * with openssl (PHP's `CertificateDownloader` prints the same, less the PEM: it is in the file).
 *
 * @module
 */

import type { PlatformCertificate } from '../../v3/certificates.js';
import { shellQuote } from '../shell-quote.js';

/** The file name `wxpay crt` saves a certificate under: `wechatpay_<serial>.pem`, as WeChat Pay's tools name it. */
export function certificateFileName(serial: string): string {
  return `wechatpay_${serial}.pem`;
}

/**
 * The lines for one saved certificate.
 *
 * @param certificate - its serial and validity, as WeChat Pay listed them
 * @param path - where it was saved
 * @param position - its place in the list, `[1, 2]` for the first of two
 */
export function certificateReport(certificate: Pick<PlatformCertificate, 'serial' | 'effective_time' | 'expire_time'>, path: string, [index, count]: readonly [number, number]): string {
  return [
    `Certificate ${index} of ${count}`,
    `  Serial Number: ${certificate.serial}`,
    `  Not Before:    ${certificate.effective_time}`,
    `  Not After:     ${certificate.expire_time}`,
    `  Saved to:      ${path}`,
    `  Check it:      openssl x509 -in ${shellQuote(path)} -noout -serial -dates`,
    '',
  ].join('\n');
}
