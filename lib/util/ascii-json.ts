/**
 * JSON with every non-ASCII character escaped, as PHP's `json_encode` writes it by default.
 *
 * @module
 */

/**
 * `JSON.stringify(value)` with each UTF-16 code unit above U+007F written as `\uXXXX` (lower-case hex), so the
 * text is pure ASCII and byte-identical to PHP's `json_encode` with its default flags — except that `/` is not
 * escaped (PHP writes `\/`; both decode alike).
 *
 * @param value - a JSON-serialisable value
 */
export function asciiJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
