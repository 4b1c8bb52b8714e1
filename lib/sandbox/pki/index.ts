/**
 * Dependency-free X.509 tooling for the loopback sandbox: a DER encoder, a certificate
 * builder and a ready-made test PKI.
 *
 * @module
 */

export * as der from './der.js';
export {
  createCertificate,
  encodeName,
  keyIdentifier,
  normalizeSerial,
  randomSerial,
  type CertificateOptions,
  type CertificateResult,
  type DistinguishedName,
  type ExtendedKeyUsage,
} from './certificate.js';
export {
  createTestPki,
  merchantSubject,
  DEFAULT_SANDBOX_MCHID,
  SANDBOX_CA_SUBJECT,
  SANDBOX_PLATFORM_SUBJECT,
  SANDBOX_SERVER_NAMES,
  type PkiMember,
  type PkiRole,
  type TestPki,
  type TestPkiOptions,
} from './test-pki.js';
