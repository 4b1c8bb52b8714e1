import { QueryError } from '../errors/query-error.js';
import { encodeReserved, encodeUnreserved } from './percent-encode.js';

/**
 * A query value: scalars, lists (`d[0]=…`) and nested maps (`d[k]=…`), as PHP's `http_build_query`; a `Date` is
 * sent as its ISO 8601 UTC text (`toISOString()`), as `JSON.stringify` writes it in a `json` body.
 */
export type QueryValue = string | number | bigint | boolean | Date | null | undefined | readonly QueryValue[] | { readonly [key: string]: QueryValue };

/** The deepest nesting a query value may have (`a[b][c]…`). */
const MAX_DEPTH = 8;

function refuse(prefix: string, why: string): never {
  throw new QueryError(`The query value at \`${prefix}\` ${why}; give text, a number, a boolean, a Date, or a list or map of those.`, prefix);
}

function pairs(prefix: string, value: unknown, out: string[], parents: unknown[]): void {
  if (value === null || value === undefined) return;
  switch (typeof value) {
    case 'string':
      out.push(`${encodeUnreserved(prefix)}=${encodeUnreserved(value)}`);
      return;
    case 'number':
    case 'bigint':
      out.push(`${encodeUnreserved(prefix)}=${encodeUnreserved(String(value))}`);
      return;
    case 'boolean':
      out.push(`${encodeUnreserved(prefix)}=${value ? '1' : '0'}`);
      return;
    case 'object':
      break;
    default:
      refuse(prefix, `is a ${typeof value}, which has no text form to send`);
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) refuse(prefix, 'is an invalid Date');
    out.push(`${encodeUnreserved(prefix)}=${encodeUnreserved(value.toISOString())}`);
    return;
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) refuse(prefix, 'is bytes (a Buffer), which have no single text form: encode them first (hex, base64)');
  if (parents.includes(value)) refuse(prefix, 'refers to itself (a circular object)');
  if (parents.length >= MAX_DEPTH) refuse(prefix, `is nested more than ${String(MAX_DEPTH)} levels deep`);
  parents.push(value);
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      pairs(`${prefix}[${String(index)}]`, item, out, parents);
    });
  } else {
    for (const [key, item] of Object.entries(value)) pairs(`${prefix}[${key}]`, item, out, parents);
  }
  parents.pop();
}

/**
 * Encodes a `query` option per RFC 3986 with UTF-8, in the object's key order: `粤` → `%E7%B2%A4`, space → `%20`,
 * `true` → `1`, `false` → `0`, `null`/`undefined` dropped, `''` → `k=`, `{d: [0]}` → `d%5B0%5D=0`.
 * A string is taken as an already-built query: reserved characters and `%XX` triplets are kept, anything else
 * (a space, non-ASCII) is encoded. The result has no leading `?`.
 * @throws QueryError for a value with no text form (a function, a symbol, bytes, an invalid Date, a circular or more
 * than 8 levels deep object), before anything is signed or sent
 */
export function encodeQuery(query: Readonly<Record<string, QueryValue>> | string): string {
  if (typeof query === 'string') return encodeReserved(query.startsWith('?') ? query.slice(1) : query);
  const out: string[] = [];
  for (const [key, value] of Object.entries(query)) pairs(key, value, out, []);
  return out.join('&');
}
