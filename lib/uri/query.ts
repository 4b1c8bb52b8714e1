import { encodeReserved, encodeUnreserved } from './percent-encode.js';

/** A query value: scalars, lists (`d[0]=…`) and nested maps (`d[k]=…`), as PHP's `http_build_query`. */
export type QueryValue = string | number | bigint | boolean | null | undefined | readonly QueryValue[] | { readonly [key: string]: QueryValue };

function pairs(prefix: string, value: QueryValue, out: string[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    (value as readonly QueryValue[]).forEach((item, index) => {
      pairs(`${prefix}[${index}]`, item, out);
    });
    return;
  }
  if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, QueryValue>)) pairs(`${prefix}[${key}]`, item, out);
    return;
  }
  const text = value === true ? '1' : value === false ? '0' : String(value);
  out.push(`${encodeUnreserved(prefix)}=${encodeUnreserved(text)}`);
}

/**
 * Encodes a `query` option per RFC 3986 with UTF-8, in the object's key order: `粤` → `%E7%B2%A4`, space → `%20`,
 * `true` → `1`, `false` → `0`, `null`/`undefined` dropped, `''` → `k=`, `{d: [0]}` → `d%5B0%5D=0`.
 * A string is taken as an already-built query: reserved characters and `%XX` triplets are kept, anything else
 * (a space, non-ASCII) is encoded. The result has no leading `?`.
 */
export function encodeQuery(query: Readonly<Record<string, QueryValue>> | string): string {
  if (typeof query === 'string') return encodeReserved(query.startsWith('?') ? query.slice(1) : query);
  const out: string[] = [];
  for (const [key, value] of Object.entries(query)) pairs(key, value, out);
  return out.join('&');
}
