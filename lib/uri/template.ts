import { TemplateError } from '../errors/template-error.js';
import { encodeReserved, encodeUnreserved } from './percent-encode.js';

/** A value a template variable may take. Lists and maps follow RFC 6570 (`{list}` → `x,y`, `{?keys*}` → `?k=v`). */
export type TemplateValue = string | number | bigint | boolean | readonly unknown[] | Record<string, unknown> | null | undefined;

interface Operator {
  readonly first: string;
  readonly separator: string;
  readonly named: boolean;
  readonly ifEmpty: string;
  readonly reserved: boolean;
}

const OPERATORS: Readonly<Record<string, Operator>> = {
  '': { first: '', separator: ',', named: false, ifEmpty: '', reserved: false },
  '+': { first: '', separator: ',', named: false, ifEmpty: '', reserved: true },
  '#': { first: '#', separator: ',', named: false, ifEmpty: '', reserved: true },
  '.': { first: '.', separator: '.', named: false, ifEmpty: '', reserved: false },
  '/': { first: '/', separator: '/', named: false, ifEmpty: '', reserved: false },
  ';': { first: ';', separator: ';', named: true, ifEmpty: '', reserved: false },
  '?': { first: '?', separator: '&', named: true, ifEmpty: '=', reserved: false },
  '&': { first: '&', separator: '&', named: true, ifEmpty: '=', reserved: false },
};

const VARSPEC = /^([A-Za-z0-9_.%-]+)(?::([1-9]\d{0,3})|(\*))?$/;
const EXPRESSION = /\{([^{}]*)\}/g;

function scalar(value: unknown): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return typeof value === 'object' ? JSON.stringify(value) : '';
}

function expandVariable(op: Operator, name: string, value: unknown, prefix: number | undefined, explode: boolean): string | undefined {
  const encode = op.reserved ? encodeReserved : encodeUnreserved;
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) {
    const pairs: [string | undefined, string][] = Array.isArray(value)
      ? value.filter((v) => v !== null && v !== undefined).map((v) => [undefined, encode(scalar(v))])
      : Object.entries(value)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [encode(k), encode(scalar(v))]);
    if (pairs.length === 0) return undefined;
    if (explode) {
      return pairs
        .map(([k, v]) => (k !== undefined ? `${k}=${v}` : op.named ? (v === '' ? `${name}${op.ifEmpty}` : `${name}=${v}`) : v))
        .join(op.separator);
    }
    const joined = pairs.map(([k, v]) => (k !== undefined ? `${k},${v}` : v)).join(',');
    return op.named ? `${name}=${joined}` : joined;
  }
  let text = scalar(value);
  if (prefix !== undefined) text = Array.from(text).slice(0, prefix).join('');
  const encoded = encode(text);
  if (!op.named) return encoded;
  return encoded === '' ? `${name}${op.ifEmpty}` : `${name}=${encoded}`;
}

function expandExpression(template: string, body: string, variables: Readonly<Record<string, unknown>>): string {
  const opChar = /^[+#./;?&]/.test(body) ? body.charAt(0) : '';
  const op = OPERATORS[opChar];
  const list = opChar === '' ? body : body.slice(1);
  if (op === undefined || list === '') {
    throw new TemplateError(template, `The URI template \`${template}\` has an empty or invalid expression \`{${body}}\`.`);
  }
  const parts: string[] = [];
  for (const spec of list.split(',')) {
    const match = VARSPEC.exec(spec);
    if (match === null) {
      throw new TemplateError(template, `The URI template \`${template}\` has an invalid variable \`${spec}\` in \`{${body}}\`.`, spec);
    }
    const name = match[1] ?? '';
    // only the options' own keys are variables: `{constructor}` must not find Object.prototype's
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value === undefined || value === null) {
      throw new TemplateError(
        template,
        `The URI template \`${template}\` needs the variable \`${name}\`: pass it as a top-level request option, e.g. { ${JSON.stringify(name)}: '…' }.`,
        name,
      );
    }
    const expanded = expandVariable(op, name, value, match[2] === undefined ? undefined : Number(match[2]), match[3] === '*');
    if (expanded !== undefined) parts.push(expanded);
  }
  return parts.length === 0 ? '' : op.first + parts.join(op.separator);
}

/**
 * RFC 6570 (level 4) expansion of `template` with `variables` (the request options).
 *
 * - `{x}` percent-encodes everything outside the unreserved set, including `/` and `%`.
 * - `{+x}` and `{#x}` keep reserved characters **and existing `%XX` triplets**: a deliberate fix over PHP's
 *   guzzle/uri-template, which double-encodes them (`%2F` → `%252F`) and breaks complaint-image media IDs.
 * - A variable that is missing, `undefined` or `null` is an error (PHP silently expands it to nothing and sends
 *   a wrong URL); an empty string expands to nothing. Only the options' own keys are variables.
 * - A value that would make a `.` or `..` path segment (`{x}` with `..`, `{+x}` with `a/../b` or `%2e%2e`) is an
 *   error: URL resolution would drop or climb that segment and so call another endpoint. Encoding the dots cannot
 *   help, since resolution treats `%2E` as a dot too.
 * @throws TemplateError naming the missing variable, or for a dot segment, before anything is signed or sent.
 */
export function expandTemplate(template: string, variables: Readonly<Record<string, unknown>>): string {
  if (!template.includes('{')) return template;
  const expanded = template.replace(EXPRESSION, (_, body: string) => expandExpression(template, body, variables));
  if (DOT_SEGMENT.test(pathOf(expanded)) && !DOT_SEGMENT.test(pathOf(template.replace(EXPRESSION, '')))) {
    throw new TemplateError(
      template,
      `The URI template \`${template}\` expands to a path with a \`.\` or \`..\` segment, which would change the endpoint called: a path variable may not be \`.\` or \`..\` (nor their %2E forms).`,
    );
  }
  if (ABSOLUTE.test(expanded) && !ABSOLUTE.test(template.replace(EXPRESSION, ''))) {
    throw new TemplateError(template, `The URI template \`${template}\` expands to an absolute URL (a scheme or \`//host\`), which would send the signed request to another host: a variable may not supply one.`);
  }
  return expanded;
}

/** The start of an absolute URL or a network-path reference: `https:`, `//host`. */
const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** A `.` or `..` path segment, also percent-encoded (`%2e`, `.%2E` …), as URL resolution removes it. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** The path part of a URI reference: before `?` or `#`. */
function pathOf(uri: string): string {
  const end = uri.search(/[?#]/);
  return end === -1 ? uri : uri.slice(0, end);
}
