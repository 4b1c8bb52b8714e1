/**
 * JSON re-layout that never re-encodes a value: numbers keep every digit (an amount or an ID beyond 2^53 is
 * printed exactly as WeChat Pay sent it) and strings keep their escapes.
 *
 * @module
 */

/** JSON's insignificant whitespace. */
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** The index just past the string literal that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** The index of the next non-whitespace character at or after `start`. */
function nextSignificant(text: string, start: number): number {
  let i = start;
  while (i < text.length && WHITESPACE.has(text[i] ?? '')) i += 1;
  return i;
}

/**
 * Lays JSON text out again: `indent` 0 gives one compact line, 2 the layout of `JSON.stringify(value, null, 2)`.
 * Only whitespace changes; every literal is copied as written.
 *
 * @param text - JSON text
 * @param indent - spaces per level; 0 for compact
 * @throws SyntaxError when `text` is not JSON
 */
export function reformatJson(text: string, indent: number): string {
  JSON.parse(text);
  let out = '';
  let depth = 0;
  const newline = (): string => (indent === 0 ? '' : `\n${' '.repeat(indent * depth)}`);
  for (let i = 0; i < text.length; ) {
    const char = text[i] ?? '';
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    i += 1;
    if (WHITESPACE.has(char)) continue;
    if (char === '{' || char === '[') {
      const next = nextSignificant(text, i);
      if (text[next] === (char === '{' ? '}' : ']')) {
        out += char + (text[next] ?? '');
        i = next + 1;
        continue;
      }
      depth += 1;
      out += char + newline();
    } else if (char === '}' || char === ']') {
      depth -= 1;
      out += newline() + char;
    } else if (char === ',') {
      out += char + newline();
    } else {
      out += char === ':' && indent > 0 ? ': ' : char;
    }
  }
  return out;
}
