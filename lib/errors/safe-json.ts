/**
 * A bounded, JSON-safe copy of what an error carries, for `JSON.stringify(error)`: strings clipped, lists and maps
 * cut short, nesting limited, Buffers and streams described by their size instead of serialised byte by byte.
 *
 * @module
 */

import { clip } from './clip.js';

/** The longest string kept. */
const MAX_STRING = 1000;
/** The most items of a list, or keys of a map, kept. */
const MAX_ITEMS = 50;
/** The deepest nesting kept. */
const MAX_DEPTH = 5;

/**
 * A bounded JSON-safe copy of `value`. Objects with their own `toJSON` (a response, an error) give what it returns.
 *
 * @param value - anything an error carries
 * @param depth - the nesting level (internal)
 */
export function safeJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return clip(value, MAX_STRING);
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return value === undefined ? undefined : `[${typeof value}]`;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${String(value.length)} bytes]`;
  if (depth >= MAX_DEPTH) return '[…]';
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function' && !Array.isArray(value)) return safeJson((toJSON as () => unknown).call(value), depth + 1);
  if (typeof (value as { pipe?: unknown }).pipe === 'function') return '[stream]';
  if (value instanceof Error) return { name: value.name, message: clip(value.message, MAX_STRING), ...codeOf(value) };
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item: unknown) => safeJson(item, depth + 1));
    return value.length > MAX_ITEMS ? [...items, `[${String(value.length - MAX_ITEMS)} more]`] : items;
  }
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value);
  for (const [key, item] of entries.slice(0, MAX_ITEMS)) out[key] = safeJson(item, depth + 1);
  if (entries.length > MAX_ITEMS) out['…'] = `${String(entries.length - MAX_ITEMS)} more keys`;
  return out;
}

function codeOf(error: Error): { code?: string } {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? { code } : {};
}
