/**
 * A minimal DER (ITU-T X.690 Distinguished Encoding Rules) encoder: just enough ASN.1 to
 * build X.509 v3 certificates, plus a one-element reader to pick fields out of DER that
 * `node:crypto` exports (a SubjectPublicKeyInfo, for instance).
 *
 * Every encoder returns a complete TLV (tag, length, value) as a `Buffer`, so results nest
 * directly: `sequence(integer(2n), oid('2.5.4.3'))`.
 *
 * @module
 */

import { CryptoError } from '../../errors/crypto-error.js';

/** Universal tag numbers (with the constructed bit where applicable) used by this module. */
const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** The highest tag number that fits the low-tag-number (single identifier octet) form. */
const MAX_LOW_TAG_NUMBER = 30;

/** Characters allowed in an ASN.1 PrintableString. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/**
 * Encodes a DER length: the short form (one octet) below 128, otherwise the long form
 * (`0x80 | n` followed by `n` big-endian octets, with no leading zero octet).
 *
 * @param length - the number of content octets; a non-negative safe integer
 * @returns the length octets
 * @throws {CryptoError} when `length` is negative or not a safe integer
 */
export function encodeLength(length: number): Buffer {
  if (!Number.isSafeInteger(length) || length < 0) throw new CryptoError(`invalid DER length: ${length}`);
  if (length < 0x80) return Buffer.from([length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([0x80 | octets.length, ...octets]);
}

/**
 * Wraps content octets in a tag and a DER length.
 *
 * @param tag - the complete identifier octet (class, constructed bit and tag number)
 * @param content - the content octets
 * @returns the TLV encoding
 */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

/**
 * Returns the minimal two's-complement octets of an integer: no redundant leading `0x00`
 * (or `0xff` for negatives), and a `0x00` sign octet when a positive value's top bit is set.
 */
function twosComplement(value: bigint): Buffer {
  let hex = (value < 0n ? -value - 1n : value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let octets = Buffer.from(hex, 'hex');
  if ((octets[0] ?? 0) >= 0x80) octets = Buffer.concat([Buffer.from([0]), octets]);
  if (value < 0n) for (let i = 0; i < octets.length; i++) octets[i] = ~(octets[i] ?? 0) & 0xff;
  return octets;
}

/**
 * Encodes an ASN.1 INTEGER.
 *
 * A `bigint` may be negative and is encoded in minimal two's complement. A `Buffer` is read
 * as an unsigned big-endian magnitude (a certificate serial number, an RSA modulus): leading
 * zero octets are dropped and a `0x00` sign octet is added when the top bit is set, so the
 * result is always non-negative. An empty `Buffer` encodes zero.
 *
 * @param value - the integer, or its unsigned big-endian octets
 * @returns the INTEGER TLV
 */
export function integer(value: bigint | Uint8Array): Buffer {
  const number = typeof value === 'bigint' ? value : BigInt(`0x${Buffer.from(value).toString('hex') || '0'}`);
  return tlv(TAG.integer, twosComplement(number));
}

/** Encodes one OID arc in base 128, most significant group first, continuation bit on all but the last. */
function base128(arc: bigint): number[] {
  const groups = [Number(arc & 0x7fn)];
  for (let rest = arc >> 7n; rest > 0n; rest >>= 7n) groups.unshift(Number(rest & 0x7fn) | 0x80);
  return groups;
}

/**
 * Encodes an OBJECT IDENTIFIER from its dotted form, e.g. `'1.2.840.113549.1.1.11'`.
 *
 * @param dotted - at least two arcs; the first 0, 1 or 2, the second below 40 unless the first is 2
 * @returns the OBJECT IDENTIFIER TLV
 * @throws {CryptoError} when the string is not a valid dotted OID
 */
export function oid(dotted: string): Buffer {
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(dotted)) throw new CryptoError(`invalid OID: ${dotted}`);
  const [first = 0n, second = 0n, ...rest] = dotted.split('.').map(BigInt);
  if (first < 2n && second >= 40n) throw new CryptoError(`invalid OID: ${dotted}`);
  const arcs = [first * 40n + second, ...rest];
  return tlv(TAG.oid, Buffer.from(arcs.flatMap(base128)));
}

/**
 * Encodes a SEQUENCE of already-encoded elements, in the order given.
 *
 * @param elements - DER-encoded elements
 * @returns the SEQUENCE TLV
 */
export function sequence(...elements: Uint8Array[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(elements));
}

/**
 * Encodes a SET OF already-encoded elements, sorting them by their encodings as DER requires.
 *
 * @param elements - DER-encoded elements
 * @returns the SET TLV
 */
export function set(...elements: Uint8Array[]): Buffer {
  const sorted = elements.map((element) => Buffer.from(element)).sort((a, b) => Buffer.compare(a, b));
  return tlv(TAG.set, Buffer.concat(sorted));
}

/**
 * Encodes a BIT STRING whose content is whole octets (a public key, a signature) or whose
 * last octet carries `unusedBits` padding bits at its least significant end.
 *
 * @param content - the bits, most significant first
 * @param unusedBits - the number of padding bits in the last octet, 0 to 7 (0 for empty content)
 * @returns the BIT STRING TLV
 * @throws {CryptoError} when `unusedBits` is out of range
 */
export function bitString(content: Uint8Array, unusedBits = 0): Buffer {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (content.length === 0 && unusedBits !== 0)) {
    throw new CryptoError(`invalid BIT STRING unused bit count: ${unusedBits}`);
  }
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), content]));
}

/**
 * Encodes a named-bit-list BIT STRING (X.509 `KeyUsage`, for instance) with DER's rule that
 * trailing zero bits are removed.
 *
 * @param bits - the positions of the set bits; bit 0 is the most significant bit of the first octet
 * @returns the BIT STRING TLV
 * @throws {CryptoError} when a position is negative or not an integer
 */
export function namedBitString(bits: readonly number[]): Buffer {
  if (bits.some((bit) => !Number.isInteger(bit) || bit < 0)) throw new CryptoError('invalid named bit position');
  const length = bits.length === 0 ? 0 : Math.max(...bits) + 1;
  const octets = Buffer.alloc(Math.ceil(length / 8));
  for (const bit of bits) octets[bit >> 3] = (octets[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return bitString(octets, octets.length * 8 - length);
}

/**
 * Encodes an OCTET STRING.
 *
 * @param content - the octets
 * @returns the OCTET STRING TLV
 */
export function octetString(content: Uint8Array): Buffer {
  return tlv(TAG.octetString, content);
}

/**
 * Encodes the ASN.1 NULL value (`05 00`).
 *
 * @returns the NULL TLV
 */
export function nullValue(): Buffer {
  return tlv(TAG.null, Buffer.alloc(0));
}

/**
 * Encodes a BOOLEAN; DER requires `0xff` for true.
 *
 * @param value - the boolean
 * @returns the BOOLEAN TLV
 */
export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/**
 * Encodes a UTF8String.
 *
 * @param text - any Unicode text
 * @returns the UTF8String TLV
 */
export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
}

/**
 * Encodes a PrintableString (letters, digits, space and `'()+,-./:=?`).
 *
 * @param text - the text
 * @returns the PrintableString TLV
 * @throws {CryptoError} when `text` has a character outside the PrintableString set
 */
export function printableString(text: string): Buffer {
  if (!PRINTABLE.test(text)) throw new CryptoError(`not a PrintableString: ${JSON.stringify(text)}`);
  return tlv(TAG.printableString, Buffer.from(text, 'latin1'));
}

/** Formats the UTC fields of a date as `YYYYMMDDHHMMSS`, dropping milliseconds. */
function utcDigits(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new CryptoError('invalid date');
  return date.toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/**
 * Encodes a UTCTime, `YYMMDDHHMMSSZ` (seconds precision; milliseconds are dropped).
 *
 * @param date - a date from 1950 through 2049
 * @returns the UTCTime TLV
 * @throws {CryptoError} when the date is invalid or outside 1950–2049
 */
export function utcTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (!(year >= 1950 && year < 2050)) throw new CryptoError(`UTCTime cannot hold the year ${year}`);
  return tlv(TAG.utcTime, Buffer.from(`${utcDigits(date).slice(2)}Z`, 'latin1'));
}

/**
 * Encodes a GeneralizedTime, `YYYYMMDDHHMMSSZ` (seconds precision; milliseconds are dropped).
 *
 * @param date - a date from year 0 through 9999
 * @returns the GeneralizedTime TLV
 * @throws {CryptoError} when the date is invalid or its year does not have four digits
 */
export function generalizedTime(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) throw new CryptoError(`GeneralizedTime cannot hold the year ${year}`);
  return tlv(TAG.generalizedTime, Buffer.from(`${utcDigits(date)}Z`, 'latin1'));
}

/**
 * Encodes an X.509 `Time` as RFC 5280 §4.1.2.5 requires: UTCTime through 2049,
 * GeneralizedTime from 2050 on.
 *
 * @param date - the instant
 * @returns a UTCTime or GeneralizedTime TLV
 * @throws {CryptoError} when the date cannot be encoded
 */
export function time(date: Date): Buffer {
  return date.getUTCFullYear() < 2050 ? utcTime(date) : generalizedTime(date);
}

/** Checks that a context-specific tag number fits in one identifier octet. */
function contextTagNumber(tagNumber: number): number {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > MAX_LOW_TAG_NUMBER) {
    throw new CryptoError(`unsupported context-specific tag number: ${tagNumber}`);
  }
  return tagNumber;
}

/**
 * Encodes an EXPLICIT context-specific tag `[n]`: a constructed element wrapping a whole
 * encoded element (the certificate `version` is `[0] EXPLICIT`, the `extensions` `[3] EXPLICIT`).
 *
 * @param tagNumber - the tag number, 0 to 30
 * @param element - the DER-encoded inner element
 * @returns the tagged TLV (identifier octet `0xa0 | n`)
 * @throws {CryptoError} when the tag number is out of range
 */
export function explicit(tagNumber: number, element: Uint8Array): Buffer {
  return tlv(0xa0 | contextTagNumber(tagNumber), element);
}

/**
 * Encodes an IMPLICIT context-specific tag `[n]` on primitive content: the tag replaces the
 * universal one (a subjectAltName `dNSName` is `[2]`, an `iPAddress` `[7]`, an
 * authorityKeyIdentifier `keyIdentifier` `[0]`).
 *
 * @param tagNumber - the tag number, 0 to 30
 * @param content - the content octets of the underlying primitive type
 * @returns the tagged TLV (identifier octet `0x80 | n`)
 * @throws {CryptoError} when the tag number is out of range
 */
export function implicit(tagNumber: number, content: Uint8Array): Buffer {
  return tlv(0x80 | contextTagNumber(tagNumber), content);
}

/** One DER element located inside a larger buffer. */
export interface DerElement {
  /** The identifier octet. */
  readonly tag: number;
  /** The content octets (a view into the source buffer). */
  readonly content: Buffer;
  /** The offset just past this element, where its next sibling starts. */
  readonly end: number;
}

/**
 * Reads the DER element that starts at `offset` (single-octet tags only, definite lengths).
 *
 * @param der - the encoded data
 * @param offset - where the element's identifier octet is
 * @returns the element's tag, content and end offset
 * @throws {CryptoError} when the data is truncated or uses an unsupported form
 */
export function readElement(der: Uint8Array, offset = 0): DerElement {
  const buffer = Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  const tag = buffer[offset];
  const first = buffer[offset + 1];
  if (tag === undefined || first === undefined) throw new CryptoError('truncated DER element');
  if ((tag & 0x1f) === 0x1f) throw new CryptoError('multi-octet DER tags are not supported');
  let start = offset + 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 6 || start + count > buffer.length) throw new CryptoError('unsupported DER length');
    length = buffer.readUIntBE(start, count);
    start += count;
  }
  const end = start + length;
  if (end > buffer.length) throw new CryptoError('truncated DER element');
  return { tag, content: buffer.subarray(start, end), end };
}
