/**
 * The sandbox's platform identities over time: its platform certificates (a new one issued by {@link
 * PlatformRotation.rotate}, the old ones listed until retired) and its WeChat Pay public key, and which of them
 * signs the next answer or callback — the certificate, the public key, or both in turn during a migration.
 *
 * @module
 */

import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createCertificate } from './pki/certificate.js';
import { SANDBOX_CA_SUBJECT, SANDBOX_PLATFORM_SUBJECT, type PkiMember, type TestPki } from './pki/test-pki.js';

/**
 * What signs the sandbox's answers and callbacks: the newest platform certificate, the WeChat Pay public key
 * (`PUB_KEY_ID_…`), or `'both'`: each in turn, one answer by the certificate and the next by the public key, as
 * during a merchant's migration from one to the other.
 */
export type SigningScheme = 'certificate' | 'public-key' | 'both';

/** A key that signs, and the `Wechatpay-Serial` it is announced under. */
export interface PlatformSigner {
  /** The private key. */
  readonly key: KeyObject;
  /** The certificate serial or `PUB_KEY_ID_…`. */
  readonly serial: string;
}

/** Options of {@link PlatformRotation.rotate}. */
export interface RotateOptions {
  /** End of the new certificate's validity; default ten years from now. */
  readonly notAfter?: Date;
  /** `true`: stop listing the certificates issued before (default `false`: both are listed, as WeChat Pay does during a switch). */
  readonly retire?: boolean;
}

/** The platform key of a certificate, as {@link PkiMember} describes it. */
function issuePlatformCertificate(pki: TestPki, notAfter: Date | undefined): PkiMember {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const { pem, serial } = createCertificate({
    subject: SANDBOX_PLATFORM_SUBJECT,
    issuer: SANDBOX_CA_SUBJECT,
    signingKey: pki.ca.key,
    publicKey: key,
    ...(notAfter === undefined ? {} : { notAfter }),
  });
  return { key, keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: pem, serial };
}

/**
 * The sandbox's platform certificates and public key, and the scheme that picks the signer of each answer. Reach it
 * as `sandbox.rotation`:
 *
 * ```ts
 * sandbox.rotation.rotate();            // a new platform certificate signs from now on; /v3/certificates lists both
 * sandbox.rotation.use('both');         // answers alternate between the certificate and the public key
 * ```
 */
export class PlatformRotation {
  readonly #pki: TestPki;
  readonly #publicKey: PlatformSigner;
  #certificates: PkiMember[];
  #scheme: SigningScheme;
  #turn = 0;

  /**
   * @param pki - the test PKI: its CA issues new certificates, its platform member is the first certificate and the public key
   * @param publicKeyId - the `PUB_KEY_ID_…` of the platform key
   * @param scheme - what signs at first
   */
  constructor(pki: TestPki, publicKeyId: string, scheme: SigningScheme) {
    this.#pki = pki;
    this.#publicKey = { key: pki.platform.key, serial: publicKeyId };
    this.#certificates = [pki.platform];
    this.#scheme = scheme;
  }

  /** What signs now. */
  get scheme(): SigningScheme {
    return this.#scheme;
  }

  /** The platform certificates `/v3/certificates` lists, oldest first (none while only the public key signs). */
  get certificates(): readonly PkiMember[] {
    return this.#scheme === 'public-key' ? [] : [...this.#certificates];
  }

  /** The newest platform certificate (the one that signs in certificate mode). */
  get current(): PkiMember {
    return this.#certificates[this.#certificates.length - 1] as PkiMember;
  }

  /** The WeChat Pay public key and its `PUB_KEY_ID_…`. */
  get publicKey(): PlatformSigner {
    return this.#publicKey;
  }

  /** The serial the next answer is announced under (without taking a turn). */
  get serial(): string {
    return this.#scheme === 'public-key' || (this.#scheme === 'both' && this.#turn % 2 === 1) ? this.#publicKey.serial : this.current.serial;
  }

  /**
   * Issues a new platform certificate (a new RSA key, signed by the sandbox CA), which signs from now on.
   *
   * @param options - its expiry, and whether the older certificates stop being listed
   * @returns the new certificate and its key
   */
  rotate(options: RotateOptions = {}): PkiMember {
    const issued = issuePlatformCertificate(this.#pki, options.notAfter);
    this.#certificates = options.retire === true ? [issued] : [...this.#certificates, issued];
    return issued;
  }

  /**
   * Chooses what signs from now on.
   *
   * @param scheme - `'certificate'`, `'public-key'` or `'both'` (in turn)
   * @throws TypeError for another value
   */
  use(scheme: SigningScheme): this {
    if (scheme !== 'certificate' && scheme !== 'public-key' && scheme !== 'both') throw new TypeError(`Unknown signing scheme ${JSON.stringify(scheme)}.`);
    this.#scheme = scheme;
    this.#turn = 0;
    return this;
  }

  /** The signer of the next answer or callback (with `'both'`, each call takes a turn). */
  next(): PlatformSigner {
    const serial = this.serial;
    this.#turn += 1;
    return serial === this.#publicKey.serial ? this.#publicKey : { key: this.current.key, serial };
  }
}
