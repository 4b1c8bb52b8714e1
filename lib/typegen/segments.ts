import { normalizeSegment } from '../builder/normalize.js';

/**
 * Names a chain node answers itself, so the property chain cannot reach a segment of that name (the path stays
 * reachable as `wxpay['v3/…/delete']` or `chain('…')`). Mirrors `lib/builder/node.ts`.
 */
const RESERVED = new Set([
  'chain', 'getDriver', 'get', 'put', 'post', 'patch', 'delete', 'getAsync', 'putAsync', 'postAsync', 'patchAsync', 'deleteAsync',
  'then', 'catch', 'finally', 'inspect', 'asymmetricMatch', '$$typeof', 'nodeType', 'nodeName', 'tagName', '__esModule',
  '_isMockFunction', 'toAsymmetricMatcher', 'jasmineToString', '__proto__', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'toString', 'toJSON', 'valueOf', 'toLocaleString', 'constructor',
]);

const PLACEHOLDER = /^\{([^{}]+)\}$/;

/**
 * The property names that reach a path segment through the chain, by PHP's rules: `merchantService` for
 * `merchant-service`, `_out_trade_no_` and `{out_trade_no}` for a placeholder, the segment itself when it needs no
 * rewriting. Empty when the chain cannot send the segment as written (upper-case letters, a reserved name).
 */
export function accessKeys(segment: string): string[] {
  const placeholder = PLACEHOLDER.exec(segment);
  if (placeholder !== null) {
    const keys = [`_${placeholder[1] ?? ''}_`, segment].filter((key) => normalizeSegment(key) === segment);
    return keys;
  }
  const camel = segment.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const key = normalizeSegment(camel) === segment ? camel : normalizeSegment(segment) === segment ? segment : undefined;
  return key === undefined || RESERVED.has(key) ? [] : [key];
}

/** Whether the chain can send `path` as written (`chain(path)` and `wxpay[path]` normalise it to itself). */
export function reachable(path: string): boolean {
  return normalizeSegment(path) === path;
}
