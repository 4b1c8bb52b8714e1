/**
 * Builds X.509 v3 certificates signed with sha256WithRSAEncryption, using only `node:crypto`
 * and the DER encoder in `./der.js` (no `openssl` binary, no npm package).
 *
 * @module
 */

import { createHash, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { CryptoError } from '../../errors/crypto-error.js';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  namedBitString,
  nullValue,
  octetString,
  oid,
  printableString,
  readElement,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

/** A distinguished name; attributes are encoded in the order C, ST, L, O, OU, CN. */
export interface DistinguishedName {
  /** countryName: two letters, e.g. `'CN'`. */
  readonly C?: string;
  /** stateOrProvinceName. */
  readonly ST?: string;
  /** localityName. */
  readonly L?: string;
  /** organizationName. */
  readonly O?: string;
  /** organizationalUnitName. */
  readonly OU?: string;
  /** commonName. */
  readonly CN?: string;
}

/** An extended key usage purpose this builder can put in a certificate. */
export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

/** What {@link createCertificate} needs to build one certificate. */
export interface CertificateOptions {
  /** The subject: a distinguished name, or just its common name. */
  readonly subject: DistinguishedName | string;
  /** The issuer; defaults to the subject (a self-signed certificate). */
  readonly issuer?: DistinguishedName | string;
  /** The subject's public key (a private key is accepted and its public half used). */
  readonly publicKey: KeyObject;
  /** The issuer's RSA private key, which signs the certificate. */
  readonly signingKey: KeyObject;
  /**
   * The serial number as hexadecimal (case-insensitive; a positive value of at most 20 DER
   * octets). Defaults to 20 random octets whose first octet is in 0x01..0x7f.
   */
  readonly serial?: string;
  /** Start of validity (seconds precision); defaults to one hour ago. */
  readonly notBefore?: Date;
  /** End of validity (seconds precision); defaults to ten years from now. */
  readonly notAfter?: Date;
  /** Whether this is a CA certificate (basicConstraints CA:TRUE, keyUsage keyCertSign and cRLSign). */
  readonly isCA?: boolean;
  /** subjectAltName entries: IPv4/IPv6 literals become iPAddress, anything else dNSName. */
  readonly altNames?: readonly string[];
  /** extendedKeyUsage purposes; omitted when empty. */
  readonly extKeyUsage?: readonly ExtendedKeyUsage[];
}

/** A certificate built by {@link createCertificate}. */
export interface CertificateResult {
  /** The certificate as PEM (`-----BEGIN CERTIFICATE-----`, 64-column base64, trailing newline). */
  readonly pem: string;
  /** The certificate as DER. */
  readonly der: Buffer;
  /**
   * The serial number in the format of Node's `X509Certificate#serialNumber`: upper-case hex
   * of the unsigned value, an even number of digits, without the DER sign octet `00` or any
   * other leading `00` octet (e.g. DER content `00 8F 01` gives `'8F01'`, `00 0A` gives `'0A'`).
   */
  readonly serial: string;
}

/** sha256WithRSAEncryption (PKCS #1). */
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/** Attribute type OIDs, in the order attributes are encoded. */
const NAME_ATTRIBUTES = [
  ['C', '2.5.4.6'],
  ['ST', '2.5.4.8'],
  ['L', '2.5.4.7'],
  ['O', '2.5.4.10'],
  ['OU', '2.5.4.11'],
  ['CN', '2.5.4.3'],
] as const;

/** Certificate extension OIDs. */
const EXTENSION = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
} as const;

/** KeyUsage bit positions (RFC 5280 §4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

/** extendedKeyUsage purpose OIDs (RFC 5280 §4.2.1.12). */
const EXTENDED_KEY_USAGE: Readonly<Record<ExtendedKeyUsage, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** RFC 5280 caps a serial number at 20 octets, sign octet included. */
const MAX_SERIAL_OCTETS = 20;

const HOUR_MS = 60 * 60 * 1000;
const DEFAULT_VALIDITY_YEARS = 10;

/**
 * Generates a default serial number: 20 random octets with the first forced into 0x01..0x7f,
 * so the DER INTEGER is positive, needs no sign octet and is exactly 20 octets long.
 *
 * @returns 40 upper-case hexadecimal digits
 */
export function randomSerial(): string {
  const octets = randomBytes(MAX_SERIAL_OCTETS);
  octets[0] = ((octets[0] ?? 0) % 0x7f) + 1;
  return octets.toString('hex').toUpperCase();
}

/**
 * Normalises a hexadecimal serial number to Node's `X509Certificate#serialNumber` format
 * (upper case, even length, no leading `00` octets) and checks RFC 5280's limits.
 *
 * @param hex - the serial number in hexadecimal, any case, optionally with leading zeros
 * @returns the normalised serial number
 * @throws {CryptoError} when it is not hexadecimal, is zero, or needs more than 20 DER octets
 */
export function normalizeSerial(hex: string): string {
  if (!/^[0-9A-Fa-f]+$/.test(hex)) throw new CryptoError('the certificate serial must be hexadecimal');
  const digits = hex.replace(/^0+/, '').toUpperCase();
  if (digits === '') throw new CryptoError('the certificate serial must be positive');
  const even = digits.length % 2 === 1 ? `0${digits}` : digits;
  const derOctets = even.length / 2 + (Number.parseInt(even.slice(0, 2), 16) >= 0x80 ? 1 : 0);
  if (derOctets > MAX_SERIAL_OCTETS) throw new CryptoError('the certificate serial must fit in 20 DER octets');
  return even;
}

/** Encodes one AttributeTypeAndValue; countryName is a PrintableString, the rest UTF8String. */
function nameAttribute(type: string, key: keyof DistinguishedName, value: string): Buffer {
  if (key === 'C' && !/^[A-Za-z]{2}$/.test(value)) throw new CryptoError('the country name (C) must be two letters');
  return sequence(oid(type), key === 'C' ? printableString(value) : utf8String(value));
}

/**
 * Encodes a distinguished name as an X.501 `Name` with one attribute per RDN.
 *
 * @param name - the distinguished name, or a bare common name
 * @returns the `Name` SEQUENCE
 * @throws {CryptoError} when the name has no attribute or an invalid country
 */
export function encodeName(name: DistinguishedName | string): Buffer {
  const dn: DistinguishedName = typeof name === 'string' ? { CN: name } : name;
  const rdns = NAME_ATTRIBUTES.flatMap(([key, type]) => {
    const value = dn[key];
    return value === undefined ? [] : [set(nameAttribute(type, key, value))];
  });
  if (rdns.length === 0) throw new CryptoError('a distinguished name needs at least one attribute');
  return sequence(...rdns);
}

/** Returns the public half of a key, which may be given as a public or a private key. */
function publicOf(key: KeyObject): KeyObject {
  if (key.type === 'secret') throw new CryptoError('a certificate key must be asymmetric, not a secret key');
  return key.type === 'public' ? key : createPublicKey(key);
}

/**
 * Computes the RFC 5280 §4.2.1.2 method-1 key identifier: the SHA-1 of the
 * `subjectPublicKey` BIT STRING's value (without tag, length and unused-bits octet).
 *
 * @param key - a public or private asymmetric key
 * @returns the 20-octet key identifier
 */
export function keyIdentifier(key: KeyObject): Buffer {
  const spki = publicOf(key).export({ type: 'spki', format: 'der' });
  const { content } = readElement(spki);
  const algorithm = readElement(content);
  const subjectPublicKey = readElement(content, algorithm.end);
  return createHash('sha1').update(subjectPublicKey.content.subarray(1)).digest();
}

/** Returns the 4 or 16 network-order octets of an IP literal (no IPv6 zone index). */
function ipOctets(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  const hex = isIPv4(tail)
    ? `${address.slice(0, lastColon + 1)}${ipOctets(tail).toString('hex').replace(/^(.{4})/, '$1:')}`
    : address;
  const [head = '', rest] = hex.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = rest === undefined ? 0 : 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill('0'), ...restGroups];
  const octets = Buffer.alloc(16);
  groups.forEach((group, index) => octets.writeUInt16BE(Number.parseInt(group, 16), index * 2));
  return octets;
}

/** Encodes one GeneralName: `iPAddress [7]` for an IP literal, `dNSName [2]` otherwise. */
function generalName(name: string): Buffer {
  if (isIPv4(name) || (isIPv6(name) && !name.includes('%'))) return implicit(7, ipOctets(name));
  if (!/^[\x21-\x7e]+$/.test(name) || name.includes('%')) {
    throw new CryptoError(`subjectAltName ${JSON.stringify(name)} is neither an IP address nor an ASCII DNS name`);
  }
  return implicit(2, Buffer.from(name, 'latin1'));
}

/** Encodes one Extension; `critical` is omitted when false, as DER requires for a DEFAULT. */
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** The inputs {@link extensions} needs, resolved from {@link CertificateOptions}. */
interface ExtensionInputs {
  readonly isCA: boolean;
  readonly subjectKeyId: Buffer;
  readonly authorityKeyId: Buffer | undefined;
  readonly altNames: readonly string[];
  readonly extKeyUsage: readonly ExtendedKeyUsage[];
}

/**
 * Builds the extension list: basicConstraints (critical), keyUsage (critical), then
 * extendedKeyUsage and subjectAltName when asked for, subjectKeyIdentifier, and
 * authorityKeyIdentifier when the certificate is not self-issued.
 */
function extensions(inputs: ExtensionInputs): Buffer[] {
  const usage = inputs.isCA
    ? [KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]
    : [KEY_USAGE.digitalSignature, KEY_USAGE.keyEncipherment];
  const list = [
    extension(EXTENSION.basicConstraints, true, inputs.isCA ? sequence(boolean(true)) : sequence()),
    extension(EXTENSION.keyUsage, true, namedBitString(usage)),
  ];
  if (inputs.extKeyUsage.length > 0) {
    const purposes = inputs.extKeyUsage.map((purpose) => oid(EXTENDED_KEY_USAGE[purpose]));
    list.push(extension(EXTENSION.extKeyUsage, false, sequence(...purposes)));
  }
  if (inputs.altNames.length > 0) {
    list.push(extension(EXTENSION.subjectAltName, false, sequence(...inputs.altNames.map(generalName))));
  }
  list.push(extension(EXTENSION.subjectKeyIdentifier, false, octetString(inputs.subjectKeyId)));
  if (inputs.authorityKeyId !== undefined) {
    list.push(extension(EXTENSION.authorityKeyIdentifier, false, sequence(implicit(0, inputs.authorityKeyId))));
  }
  return list;
}

/** Wraps DER in PEM armour with 64-column base64 lines. */
function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Resolves the validity period, defaulting to one hour ago through ten years from now. */
function validity(notBefore: Date | undefined, notAfter: Date | undefined): Buffer {
  const now = new Date();
  const start = notBefore ?? new Date(now.getTime() - HOUR_MS);
  const end = notAfter ?? new Date(new Date(now).setUTCFullYear(now.getUTCFullYear() + DEFAULT_VALIDITY_YEARS));
  if (!(start.getTime() <= end.getTime())) throw new CryptoError('the certificate notBefore must not be after notAfter');
  return sequence(time(start), time(end));
}

/**
 * Builds and signs an X.509 v3 certificate (sha256WithRSAEncryption).
 *
 * Every certificate gets basicConstraints (critical; CA:TRUE for `isCA`, else an end entity),
 * keyUsage (critical; keyCertSign + cRLSign for a CA, digitalSignature + keyEncipherment
 * otherwise) and subjectKeyIdentifier; extendedKeyUsage and subjectAltName when given; and
 * authorityKeyIdentifier (the signing key's identifier) when the issuer name differs from
 * the subject name.
 *
 * The returned `serial` matches `new X509Certificate(pem).serialNumber` exactly: Node prints
 * the serial as upper-case hex of its unsigned value with whole octets and strips the DER
 * sign octet (a serial whose first octet is 0x80 or more is encoded `00 8F ...` but reads
 * back `'8F...'`) as well as any other leading zero octet you pass (`'00AB'` becomes `'AB'`);
 * a value below 0x10 in its first octet keeps its leading zero digit (`'0A'`).
 *
 * @param options - subject, issuer, keys, serial, validity and extensions
 * @returns the certificate as PEM and DER, and its serial in Node's format
 * @throws {CryptoError} when an option is invalid or the signing key is not an RSA private key
 */
export function createCertificate(options: CertificateOptions): CertificateResult {
  const { signingKey } = options;
  if (signingKey.type !== 'private' || signingKey.asymmetricKeyType !== 'rsa') {
    throw new CryptoError('the certificate signing key must be an RSA private key');
  }
  const serial = normalizeSerial(options.serial ?? randomSerial());
  const subject = encodeName(options.subject);
  const issuer = options.issuer === undefined ? subject : encodeName(options.issuer);
  const publicKey = publicOf(options.publicKey);
  const algorithm = sequence(oid(SHA256_WITH_RSA), nullValue());
  const tbs = sequence(
    explicit(0, integer(2n)),
    integer(Buffer.from(serial, 'hex')),
    algorithm,
    issuer,
    validity(options.notBefore, options.notAfter),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(
      3,
      sequence(
        ...extensions({
          isCA: options.isCA ?? false,
          subjectKeyId: keyIdentifier(publicKey),
          authorityKeyId: issuer.equals(subject) ? undefined : keyIdentifier(signingKey),
          altNames: options.altNames ?? [],
          extKeyUsage: options.extKeyUsage ?? [],
        }),
      ),
    ),
  );
  const der = sequence(tbs, algorithm, bitString(sign('sha256', tbs, signingKey)));
  return { pem: toPem('CERTIFICATE', der), der, serial };
}
