/**
 * A throwaway public-key infrastructure for the loopback sandbox and the tests: a CA, an
 * HTTPS server certificate for the loopback addresses, a merchant client certificate for
 * mutual TLS, and a WeChat Pay platform (response-signing) certificate, all signed by the CA.
 *
 * @module
 */

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createCertificate, type CertificateOptions, type DistinguishedName } from './certificate.js';

/** The sandbox merchant ID used when none is given. */
export const DEFAULT_SANDBOX_MCHID = '1900000100';

/** The RSA modulus size of every generated key. */
const RSA_MODULUS_BITS = 2048;

/** The subject of the sandbox CA. */
export const SANDBOX_CA_SUBJECT: DistinguishedName = {
  C: 'CN',
  O: 'wechatpay-ts sandbox',
  CN: 'WeChat Pay Sandbox Root CA',
};

/** The subject of the sandbox platform certificate, modelled on WeChat Pay's `Tenpay.com sign`. */
export const SANDBOX_PLATFORM_SUBJECT: DistinguishedName = {
  C: 'CN',
  O: 'Tenpay.com',
  OU: 'Tenpay.com CA Center',
  CN: 'Tenpay.com sign',
};

/** The names the sandbox HTTPS server certificate is valid for. */
export const SANDBOX_SERVER_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '::1'];

/** A key pair and the certificate issued for it. */
export interface PkiMember {
  /** The private key. */
  readonly key: KeyObject;
  /** The private key as an unencrypted PKCS #8 PEM. */
  readonly keyPem: string;
  /** The certificate as PEM. */
  readonly cert: string;
  /** The certificate serial number, as Node's `X509Certificate#serialNumber` prints it. */
  readonly serial: string;
}

/** The roles {@link createTestPki} issues a certificate for. */
export type PkiRole = 'ca' | 'server' | 'merchant' | 'platform';

/** Options of {@link createTestPki}. */
export interface TestPkiOptions {
  /** The merchant ID put in the merchant certificate's subject; defaults to {@link DEFAULT_SANDBOX_MCHID}. */
  readonly mchid?: string;
  /** RSA private keys to reuse instead of generating new ones, by role. */
  readonly keys?: Partial<Readonly<Record<PkiRole, KeyObject>>>;
}

/** Everything {@link createTestPki} generates. */
export interface TestPki {
  /** The self-signed CA that issued the other three certificates. */
  readonly ca: PkiMember;
  /** The HTTPS server certificate for 127.0.0.1, localhost and ::1 (serverAuth). */
  readonly server: PkiMember;
  /** The merchant client certificate for mutual TLS (clientAuth). */
  readonly merchant: PkiMember;
  /** A WeChat Pay platform certificate, whose key signs sandbox responses. */
  readonly platform: PkiMember;
}

/** Returns the given key, or a freshly generated RSA-2048 private key. */
function rsaKey(given: KeyObject | undefined): KeyObject {
  return given ?? generateKeyPairSync('rsa', { modulusLength: RSA_MODULUS_BITS }).privateKey;
}

/** Issues a certificate for `key` and packages it with the key as a {@link PkiMember}. */
function issue(key: KeyObject, options: Omit<CertificateOptions, 'publicKey'>): PkiMember {
  const { pem, serial } = createCertificate({ ...options, publicKey: key });
  return { key, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: pem, serial };
}

/**
 * Returns the subject of a sandbox merchant certificate, shaped like WeChat Pay's merchant
 * API certificates: the merchant ID as both common name and organizational unit.
 *
 * @param mchid - the merchant ID
 * @returns `CN=<mchid>, O=WeChat Pay Sandbox Merchant, OU=<mchid>`
 */
export function merchantSubject(mchid: string): DistinguishedName {
  return { O: 'WeChat Pay Sandbox Merchant', OU: mchid, CN: mchid };
}

/**
 * Generates a complete sandbox PKI: a CA (10 years, CA:TRUE), and signed by it a server
 * certificate for `127.0.0.1`, `localhost` and `::1` (serverAuth), a merchant client
 * certificate (clientAuth) and a platform certificate. Each key is RSA-2048, generated
 * synchronously (roughly 0.1–0.3 s each) unless passed in `options.keys`.
 *
 * @param options - the merchant ID and any keys to reuse
 * @returns the four keys with their certificates
 * @throws {CryptoError} when a reused key cannot sign (the CA key must be an RSA private key)
 */
export function createTestPki(options: TestPkiOptions = {}): TestPki {
  const keys = options.keys ?? {};
  const mchid = options.mchid ?? DEFAULT_SANDBOX_MCHID;
  const caKey = rsaKey(keys.ca);
  const ca = issue(caKey, { subject: SANDBOX_CA_SUBJECT, signingKey: caKey, isCA: true });
  const signed = { issuer: SANDBOX_CA_SUBJECT, signingKey: ca.key };
  return {
    ca,
    server: issue(rsaKey(keys.server), {
      ...signed,
      subject: { O: 'wechatpay-ts sandbox', CN: 'localhost' },
      altNames: SANDBOX_SERVER_NAMES,
      extKeyUsage: ['serverAuth'],
    }),
    merchant: issue(rsaKey(keys.merchant), { ...signed, subject: merchantSubject(mchid), extKeyUsage: ['clientAuth'] }),
    platform: issue(rsaKey(keys.platform), { ...signed, subject: SANDBOX_PLATFORM_SUBJECT }),
  };
}
