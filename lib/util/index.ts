/**
 * The helpers beside the client: uploads (`MediaUtil`), certificates (`PemUtil`, `downloadCertificates`), bills
 * (`downloadBill`, `CsvBillReader`), sensitive fields (`encryptSensitiveFields`) and their errors.
 *
 * @module
 */

export type { CsvBill } from '../formatter.js';
export { DigestMismatchError } from '../errors/digest-mismatch-error.js';
export { MediaError } from '../errors/media-error.js';
export { NoPlatformCertificateError } from '../errors/no-platform-certificate-error.js';
export { SensitiveFieldError } from '../errors/sensitive-field-error.js';
export {
  CERTIFICATE_ALGORITHM,
  decryptCertificates,
  downloadCertificates,
  type DownloadCertificatesOptions,
  type PlatformCertificate,
} from '../v3/certificates.js';
export {
  decryptSensitiveFields,
  encryptSensitiveFields,
  selectPlatformKey,
  type EncryptOptions,
  type EncryptedRequest,
  type PlatformKeyChoice,
} from '../v3/sensitive.js';
export { asciiJson } from './ascii-json.js';
export {
  downloadBill,
  openBill,
  requestBill,
  type BillDownload,
  type BillProgress,
  type BillRequestOptions,
  type BillTicket,
  type DownloadBillOptions,
  type RequestBillOptions,
} from './bill-download.js';
export type { ClientLike } from './client.js';
export { CsvBillReader } from './csv-bill-reader.js';
export { DigestCheck } from './digest-check.js';
export { MediaUtil, type MediaRequestOptions, type MediaSource, type MediaUtilOptions } from './media-util.js';
export { DEFAULT_MEDIA_TYPE, guessMediaType } from './mime.js';
export { PemUtil, type CertificateLike } from './pem-util.js';
