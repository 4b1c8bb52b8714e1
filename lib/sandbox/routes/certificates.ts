/**
 * 下载平台证书: the platform certificate, encrypted with the merchant's APIv3 key.
 *
 * @module
 */

import { X509Certificate } from 'node:crypto';
import { AesGcm } from '../../crypto/aes-gcm.js';
import { Formatter } from '../../formatter.js';
import { json, problem, type Answer } from '../answer.js';
import type { Route, RouteInput, SandboxPlatform } from '../router.js';
import { formatBeijingTime, type JsonObject } from '../validation.js';
import { withPlatform } from './platform.js';

/** The `associated_data` WeChat Pay encrypts certificates with. */
export const CERTIFICATE_ASSOCIATED_DATA = 'certificate';

/** One row of the list: the certificate's serial and validity, and the PEM encrypted with the APIv3 key. */
function row(pem: string, apiv3Key: string): JsonObject {
  const cert = new X509Certificate(pem);
  const nonce = Formatter.nonce(12);
  return {
    serial_no: cert.serialNumber.toUpperCase(),
    effective_time: formatBeijingTime(new Date(cert.validFrom)),
    expire_time: formatBeijingTime(new Date(cert.validTo)),
    encrypt_certificate: {
      algorithm: 'AEAD_AES_256_GCM',
      nonce,
      associated_data: CERTIFICATE_ASSOCIATED_DATA,
      ciphertext: AesGcm.encrypt(pem, apiv3Key, nonce, CERTIFICATE_ASSOCIATED_DATA),
    },
  };
}

/** The certificate list (every certificate of a rotation), or the 404 of a merchant in public-key mode. */
function certificates(platform: SandboxPlatform): Answer {
  const listed = platform.rotation?.certificates.map((member) => member.cert) ?? (platform.mode === 'certificate' ? [platform.pki.platform.cert] : []);
  if (listed.length === 0) return problem(404, 'RESOURCE_NOT_EXISTS', '无可用的平台证书');
  return json(200, { data: listed.map((pem) => row(pem, platform.apiv3Key)) });
}

/**
 * `GET /v3/certificates` (下载平台证书): in certificate mode, the platform certificate (serial, validity, and the PEM
 * encrypted with AEAD_AES_256_GCM under the APIv3 key, a 12-character nonce and `associated_data` `certificate`),
 * signed by that certificate's key; in public-key mode `404 RESOURCE_NOT_EXISTS 无可用的平台证书`, as WeChat Pay
 * answers merchants that have no platform certificate.
 *
 * @param input - the sandbox's platform
 */
export function platformCertificates(input: RouteInput): Answer {
  return withPlatform(input, certificates);
}

/** The certificate endpoint. */
export const certificateRoutes: readonly Route[] = [{ method: 'GET', path: '/v3/certificates', handle: platformCertificates }];
