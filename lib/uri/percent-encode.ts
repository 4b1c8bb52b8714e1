const HEX = '0123456789ABCDEF';
const UNRESERVED = /[A-Za-z0-9\-._~]/;
const RESERVED = /[:/?#[\]@!$&'()*+,;=]/;
const TRIPLET = /^%[0-9A-Fa-f]{2}/;

function encodeByte(byte: number): string {
  return `%${HEX.charAt(byte >> 4)}${HEX.charAt(byte & 15)}`;
}

function encodeChar(char: string): string {
  let out = '';
  for (const byte of Buffer.from(char, 'utf8')) out += encodeByte(byte);
  return out;
}

/**
 * RFC 3986 percent-encoding of everything outside the unreserved set (`A-Z a-z 0-9 - . _ ~`), as UTF-8:
 * `/` → `%2F`, `%` → `%25`, `粤` → `%E7%B2%A4`, space → `%20`. Unlike `encodeURIComponent`, `!'()*` are encoded too.
 */
export function encodeUnreserved(value: string): string {
  let out = '';
  for (const char of value) out += UNRESERVED.test(char) ? char : encodeChar(char);
  return out;
}

/**
 * Percent-encoding that keeps reserved characters (`:/?#[]@!$&'()*+,;=`) and existing `%XX` triplets
 * (RFC 6570 reserved expansion). A `%` that does not start a triplet is encoded.
 */
export function encodeReserved(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const rest = value.slice(i, i + 3);
    if (TRIPLET.test(rest)) {
      out += rest;
      i += 3;
      continue;
    }
    const char = String.fromCodePoint(value.codePointAt(i) ?? 0);
    out += UNRESERVED.test(char) || RESERVED.test(char) ? char : encodeChar(char);
    i += char.length;
  }
  return out;
}
