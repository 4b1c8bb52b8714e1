import { XMLParser } from 'fast-xml-parser';
import type { EntityDecoderOptions } from 'fast-xml-parser';
import { WechatpayError } from '../errors/wechatpay-error.js';
import { XmlError } from '../errors/xml-error.js';
import type { XmlErrorReason } from '../errors/xml-error.js';

/**
 * What {@link Transformer.toXml} accepts, at the top level and as a nested value: a plain
 * object (keys in JavaScript's property order), an array or other iterable (children named
 * `item`), or a `Map` (keys in insertion order, which also keeps integer-like keys where they
 * were put).
 */
export type XmlData = Readonly<Record<string, unknown>> | readonly unknown[] | ReadonlyMap<unknown, unknown>;

// ---------------------------------------------------------------------------------------------
// Characters, names and references (XML 1.0, fifth edition)
// ---------------------------------------------------------------------------------------------

/** Runs of characters outside the XML 1.0 `Char` production, including lone surrogates. */
const INVALID_XML_CHARS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]+/gu;

/** The first character that is not XML white space (`S`). */
const NON_BLANK = /[^ \t\r\n]/;

const S = '[ \\t\\r\\n]';
const NAME_START_CHAR = String.raw`:A-Z_a-z\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{2FF}\u{370}-\u{37D}\u{37F}-\u{1FFF}\u{200C}-\u{200D}\u{2070}-\u{218F}\u{2C00}-\u{2FEF}\u{3001}-\u{D7FF}\u{F900}-\u{FDCF}\u{FDF0}-\u{FFFD}\u{10000}-\u{EFFFF}`;
const NAME = String.raw`[${NAME_START_CHAR}](?:[${NAME_START_CHAR}\-.0-9\u{B7}\u{203F}-\u{2040}]|[\u{300}-\u{36F}])*`;

/** A start tag `<name attr="v" …>` or `<name …/>`; groups: name, attributes, `/`. */
const START_TAG = new RegExp(String.raw`<(${NAME})((?:${S}+${NAME}${S}*=${S}*(?:"[^<"]*"|'[^<']*'))*)${S}*(/?)>`, 'uy');
/** An end tag `</name >`; group: name. */
const END_TAG = new RegExp(String.raw`</(${NAME})${S}*>`, 'uy');
/** A processing instruction `<?target …?>`, the XML declaration included; group: target. */
const PROCESSING_INSTRUCTION = new RegExp(String.raw`<\?(${NAME})(?:${S}[\s\S]*?)?\?>`, 'uy');
/** One attribute inside a start tag; groups: name, double-quoted value, single-quoted value. */
const ATTRIBUTE = new RegExp(String.raw`(${NAME})${S}*=${S}*(?:"([^<"]*)"|'([^<']*)')`, 'gu');
/** The start of an HTML page's root element. */
const HTML_ROOT = /<html[ \t\r\n/>]/iy;

/** `<!ENTITY` and `<!DOCTYPE` anywhere in the input, in any letter case. */
const ENTITY_DECLARATION = /<!ENTITY/i;
const DOCTYPE_DECLARATION = /<!DOCTYPE/i;

/** An `&` that does not start a predefined entity or a character reference. */
const BARE_AMPERSAND = /&(?!(?:lt|gt|amp|apos|quot|#[0-9]+|#x[0-9a-fA-F]+);)/;
/** A predefined entity or a character reference; groups: entity name, hex digits, decimal digits. */
const REFERENCE = /&(?:(lt|gt|amp|apos|quot)|#x([0-9a-fA-F]+)|#([0-9]+));/g;
const PREDEFINED_ENTITIES = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' } as const;

/** Whether a code point is an XML 1.0 `Char`. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/** The code point of a character reference from its hex or decimal digits. */
function codePointOf(hex: string | undefined, decimal: string | undefined): number {
  return hex === undefined ? Number(decimal) : Number.parseInt(hex, 16);
}

/** The offset of the first bad reference (bare `&`, unknown entity, non-`Char` code point) in `text`, or -1. */
function badReferenceAt(text: string): number {
  if (!text.includes('&')) return -1;
  const bare = BARE_AMPERSAND.exec(text);
  if (bare !== null) return bare.index;
  REFERENCE.lastIndex = 0;
  for (let match = REFERENCE.exec(text); match !== null; match = REFERENCE.exec(text)) {
    if (match[1] === undefined && !isXmlChar(codePointOf(match[2], match[3]))) return match.index;
  }
  return -1;
}

/** Replaces the predefined entities and character references; the input was validated first. */
function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (_match: string, name: string | undefined, hex: string | undefined, decimal: string | undefined) =>
    name === undefined ? String.fromCodePoint(codePointOf(hex, decimal)) : PREDEFINED_ENTITIES[name as keyof typeof PREDEFINED_ENTITIES],
  );
}

/** Cuts a piece of the input short so an error message never quotes much of it. */
function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The 1-based line and column of `offset` in `text`. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    line += 1;
    lineStart = newline + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Runs a sticky regular expression at `index`. */
function matchAt(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

// ---------------------------------------------------------------------------------------------
// Input checks, all made before the parser sees the input
// ---------------------------------------------------------------------------------------------

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as strict UTF-8 (a leading BOM is dropped). */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch (cause) {
    throw new XmlError('invalid-utf8', 'The XML bytes are not valid UTF-8', { cause });
  }
}

/** Drops one leading byte order mark, which XML allows before the document. */
function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Rejects empty input and any entity or DOCTYPE declaration, wherever it appears. */
function assertNoDeclarations(xml: string): void {
  if (!NON_BLANK.test(xml)) throw new XmlError('empty', 'The XML input is empty or blank');
  const entity = ENTITY_DECLARATION.exec(xml);
  if (entity !== null) {
    throw new XmlError(
      'entity',
      'The XML input declares an entity (<!ENTITY); entity declarations are refused to prevent XXE and entity-expansion attacks',
      positionOf(xml, entity.index),
    );
  }
  const doctype = DOCTYPE_DECLARATION.exec(xml);
  if (doctype !== null) {
    throw new XmlError(
      'doctype',
      'The XML input has a DOCTYPE declaration, which WeChat Pay never sends; it is refused to prevent XXE and entity-expansion attacks',
      positionOf(xml, doctype.index),
    );
  }
}

/**
 * A single-pass well-formedness check: an optional XML declaration, then exactly one element
 * with properly nested and closed tags, unique quoted attributes, valid references, closed
 * comments and CDATA sections, and nothing but white space, comments or processing instructions
 * around it. fast-xml-parser is lenient (it accepts mismatched and unclosed tags, and text or a
 * second document after the root), so this runs first.
 */
class WellFormednessCheck {
  private readonly xml: string;
  private readonly open: string[] = [];
  private root: string | undefined;
  private position = 0;

  constructor(xml: string) {
    this.xml = xml;
  }

  /** Scans the whole input, throwing an {@link XmlError} at the first problem. */
  run(): void {
    const { xml } = this;
    while (this.position < xml.length) {
      const markup = xml.indexOf('<', this.position);
      const textEnd = markup === -1 ? xml.length : markup;
      if (textEnd > this.position) this.text(textEnd);
      if (markup !== -1) this.markup();
    }
    const unclosed = this.open.at(-1);
    if (unclosed !== undefined) this.fail('malformed', `The element <${clip(unclosed)}> is never closed`, xml.length);
    if (this.root === undefined) this.fail('not-xml', 'The input has no root element', xml.length);
  }

  private fail(reason: XmlErrorReason, message: string, offset: number): never {
    throw new XmlError(reason, message, positionOf(this.xml, offset));
  }

  /** Something other than white space, a comment or a processing instruction outside the root element. */
  private outside(offset: number, what: string): never {
    if (this.root === undefined) {
      const start = JSON.stringify(clip(this.xml.slice(offset, offset + 41)));
      this.fail('not-xml', `The input is not XML: it starts with ${start} instead of an element`, offset);
    }
    this.fail('multiple-roots', `${what} follows the end of the root element <${clip(this.root)}>`, offset);
  }

  private text(end: number): void {
    const start = this.position;
    const text = this.xml.slice(start, end);
    this.position = end;
    if (this.open.length === 0) {
      const content = NON_BLANK.exec(text);
      if (content !== null) this.outside(start + content.index, 'Text');
      return;
    }
    const bad = badReferenceAt(text);
    if (bad !== -1) this.fail('malformed', "An '&' does not start a known entity or a valid character reference", start + bad);
    const cdataEnd = text.indexOf(']]>');
    if (cdataEnd !== -1) this.fail('malformed', "The sequence ']]>' is not allowed in text", start + cdataEnd);
  }

  private markup(): void {
    const { xml, position } = this;
    if (xml.startsWith('<!--', position)) this.comment();
    else if (xml.startsWith('<![CDATA[', position)) this.cdata();
    else if (xml.startsWith('<!', position)) this.fail('malformed', "Markup declarations such as '<!ELEMENT' are not allowed", position);
    else if (xml.startsWith('<?', position)) this.processingInstruction();
    else if (xml.startsWith('</', position)) this.endTag();
    else this.startTag();
  }

  private comment(): void {
    const { xml, position } = this;
    const close = xml.indexOf('-->', position + 4);
    if (close === -1) this.fail('malformed', 'A comment is never closed', position);
    const dashes = xml.indexOf('--', position + 4);
    if (dashes < close) this.fail('malformed', "'--' is not allowed inside a comment", dashes);
    this.position = close + 3;
  }

  private cdata(): void {
    const { xml, position } = this;
    if (this.open.length === 0) this.outside(position, 'A CDATA section');
    const close = xml.indexOf(']]>', position + 9);
    if (close === -1) this.fail('malformed', 'A CDATA section is never closed', position);
    this.position = close + 3;
  }

  private processingInstruction(): void {
    const { xml, position } = this;
    const match = matchAt(PROCESSING_INSTRUCTION, xml, position);
    if (match === null) this.fail('malformed', 'A processing instruction (<?…?>) is invalid or never closed', position);
    if (position !== 0 && match[1]?.toLowerCase() === 'xml') {
      if (this.root !== undefined && this.open.length === 0) this.outside(position, 'A second XML document');
      this.fail('malformed', 'The XML declaration (<?xml …?>) is only allowed at the very start', position);
    }
    this.position = position + match[0].length;
  }

  private endTag(): void {
    const { xml, position } = this;
    const match = matchAt(END_TAG, xml, position);
    if (match === null) this.fail('malformed', 'A closing tag is invalid', position);
    const name = match[1] ?? '';
    const open = this.open.pop();
    if (open === undefined) this.fail('malformed', `The closing tag </${clip(name)}> has no opening tag`, position);
    if (open !== name) this.fail('malformed', `The closing tag </${clip(name)}> does not match the open element <${clip(open)}>`, position);
    this.position = position + match[0].length;
  }

  private startTag(): void {
    const { xml, position } = this;
    if (this.open.length === 0) this.rootStart();
    const match = matchAt(START_TAG, xml, position);
    if (match === null) this.fail('malformed', 'A start tag is invalid or never closed', position);
    const name = match[1] ?? '';
    this.attributes(name, match[2] ?? '');
    if (this.open.length === 0) this.root = name;
    if (match[3] !== '/') this.open.push(name);
    this.position = position + match[0].length;
  }

  /** Refuses a second root element, and an HTML page as the first. */
  private rootStart(): void {
    const { position } = this;
    if (this.root !== undefined) this.outside(position, 'A second root element');
    if (matchAt(HTML_ROOT, this.xml, position) !== null) {
      this.fail('not-xml', 'The input is an HTML page, not XML; the server probably answered with an error page', position);
    }
  }

  private attributes(element: string, source: string): void {
    if (source === '') return;
    const seen = new Set<string>();
    ATTRIBUTE.lastIndex = 0;
    for (let match = ATTRIBUTE.exec(source); match !== null; match = ATTRIBUTE.exec(source)) {
      const name = match[1] ?? '';
      if (seen.has(name)) this.fail('malformed', `The attribute ${clip(name)} appears twice in <${clip(element)}>`, this.position);
      seen.add(name);
      if (badReferenceAt(match[2] ?? match[3] ?? '') !== -1) {
        this.fail('malformed', `The attribute ${clip(name)} of <${clip(element)}> has an '&' that does not start a known entity or a valid character reference`, this.position);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing into PHP's array shapes
// ---------------------------------------------------------------------------------------------

/** fast-xml-parser's entity hooks, reduced to the five predefined entities and character references. */
const REFERENCE_DECODER: EntityDecoderOptions = {
  decode: decodeReferences,
  reset: () => undefined,
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  setXmlVersion: () => undefined,
};

/**
 * One parser for every call. `preserveOrder` keeps text and elements in document order, which
 * PHP's mixed-content rule needs; values stay strings; white space is kept; the declaration and
 * processing instructions are dropped; entities go through {@link REFERENCE_DECODER}; names
 * such as `toString` are kept as they are (the default would rename them `__toString`), which
 * is safe because the result objects are built by {@link define}.
 */
const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  entityDecoder: REFERENCE_DECODER,
  onDangerousProperty: (name) => name,
});

/** One node of the parser's `preserveOrder` output: `{ [tag]: children, ':@'?: attributes }` or `{ '#text': text }`. */
type OrderedNode = Readonly<Record<string, unknown>>;

interface Element {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>> | undefined;
  readonly children: readonly OrderedNode[];
}

const TEXT_KEY = '#text';
const ATTRIBUTES_KEY = ':@';
const BLANK = /^[ \t\r\n]*$/;

/** The node as an element, or `undefined` for a text node. */
function elementOf(node: OrderedNode): Element | undefined {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES_KEY && key !== TEXT_KEY);
  if (name === undefined) return undefined;
  return {
    name,
    attributes: node[ATTRIBUTES_KEY] as Readonly<Record<string, unknown>> | undefined,
    children: node[name] as readonly OrderedNode[],
  };
}

/** The concatenated text nodes (text and CDATA) among `nodes[0..end)`. */
function directText(nodes: readonly OrderedNode[], end = nodes.length): string {
  let text = '';
  for (let index = 0; index < end; index += 1) {
    const value = nodes[index]?.[TEXT_KEY];
    if (typeof value === 'string') text += value;
  }
  return text;
}

/** Adds an own, enumerable property; unlike `object[key] = value`, no key can reach a prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Adds a child value, turning repeated names into a list. */
function append(object: Record<string, unknown>, name: string, value: unknown): void {
  const previous = Object.hasOwn(object, name) ? object[name] : undefined;
  if (previous === undefined) define(object, name, value);
  else if (Array.isArray(previous)) previous.push(value);
  else define(object, name, [previous, value]);
}

/**
 * PHP's value for a child element: its direct text when it has no child elements or starts
 * with non-blank text (mixed content `<b>1<c>2</c></b>` gives `"1"`), otherwise an object of
 * its children.
 */
function valueOf(element: Element): unknown {
  const { children } = element;
  const firstElement = children.findIndex((node) => !Object.hasOwn(node, TEXT_KEY));
  if (firstElement === -1 || !BLANK.test(directText(children, firstElement))) return directText(children);
  return objectOf(element);
}

/** An element's `@attributes` (when it has any) followed by its child elements; text is ignored. */
function objectOf(element: Element): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  if (element.attributes !== undefined) define(object, '@attributes', Object.fromEntries(Object.entries(element.attributes)));
  for (const node of element.children) {
    const child = elementOf(node);
    if (child !== undefined) append(object, child.name, valueOf(child));
  }
  return object;
}

/** Parses checked input and returns the root element. */
function parseRoot(xml: string): Element | undefined {
  let nodes: readonly OrderedNode[];
  try {
    nodes = PARSER.parse(xml) as readonly OrderedNode[];
  } catch (cause) {
    throw new XmlError(
      'malformed',
      'The XML parser refused the input, typically because it uses a name reserved in JavaScript (__proto__, constructor, prototype) or nests elements more than 100 deep; see the cause',
      { cause },
    );
  }
  for (const node of nodes) {
    const element = elementOf(node);
    if (element !== undefined) return element;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/** PHP's (Symfony's) element-name rule; other keys become the `item` name. */
const ELEMENT_NAME = /^[\p{L}_][\p{L}0-9._:-]*$/u;
const NEEDS_CDATA = /[<>&"]/;
const CDATA_BREAKERS = /\]\]>|\r/g;
const TEXT_ESCAPES = /[&<>\r]/g;
const ESCAPED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

interface Layout {
  readonly indent: boolean;
  readonly item: string;
}

/** An object with its own `toString` (PHP's `Stringable`), unlike a plain object. */
interface Stringable {
  toString(): string;
}

function isStringable(value: unknown): value is Stringable {
  if (typeof value !== 'object' || value === null) return false;
  const { toString } = value as { toString?: unknown };
  return typeof toString === 'function' && toString !== Object.prototype.toString;
}

/** Arrays, maps, iterables and objects without their own `toString` become nested elements. */
function isContainer(value: unknown): value is XmlData {
  return Array.isArray(value) || (typeof value === 'object' && value !== null && !isStringable(value));
}

function isIterable(value: object): value is Iterable<unknown> {
  return Symbol.iterator in value;
}

/** A container's `[key, value]` pairs; list-like containers are keyed by index. */
function entriesOf(container: XmlData): Iterable<readonly [unknown, unknown]> {
  if (container instanceof Map) return container;
  if (isIterable(container)) return Array.from(container).entries();
  return Object.entries(container);
}

function isElementName(name: unknown): name is string {
  return typeof name === 'string' && ELEMENT_NAME.test(name);
}

/** PHP's scalar conversions: `true` → `1`; `false`, `null`, `undefined` → empty; numbers as `String()` gives them. */
function textOf(value: unknown, element: string): string {
  if (isStringable(value)) return value.toString();
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? '1' : '';
    case 'undefined':
    case 'object': // only null: other objects are containers or stringable
      return '';
    default:
      throw new WechatpayError(`Transformer.toXml cannot write a ${typeof value} as the content of <${clip(element)}>`);
  }
}

/** Wraps text in CDATA, splitting at `]]>` and writing `\r` as a reference so both survive a round trip. */
function cdata(text: string): string {
  const body = text.replace(CDATA_BREAKERS, (breaker) => (breaker === '\r' ? ']]>&#xD;<![CDATA[' : ']]]]><![CDATA[>'));
  return `<![CDATA[${body}]]>`;
}

/** Element content: invalid characters removed, then CDATA when the text has `<`, `>`, `&` or `"`, else escaped text. */
function content(raw: string): string {
  const text = raw.replace(INVALID_XML_CHARS, '');
  return NEEDS_CDATA.test(text) ? cdata(text) : text.replace(TEXT_ESCAPES, (char) => ESCAPED[char] ?? char);
}

function renderChildren(container: XmlData, depth: number, layout: Layout): string {
  let xml = '';
  for (const [key, value] of entriesOf(container)) {
    xml += renderElement(isElementName(key) ? key : layout.item, value, depth, layout);
  }
  return xml;
}

function renderElement(name: string, value: unknown, depth: number, layout: Layout): string {
  const pad = layout.indent ? ' '.repeat(depth) : '';
  const newline = layout.indent ? '\n' : '';
  if (!isContainer(value)) return `${pad}<${name}>${content(textOf(value, name))}</${name}>${newline}`;
  const children = renderChildren(value, depth + 1, layout);
  if (children === '') return `${pad}<${name}></${name}>${newline}`;
  return `${pad}<${name}>${newline}${children}${pad}</${name}>${newline}`;
}

function assertElementName(name: string, role: string): void {
  if (!isElementName(name)) throw new WechatpayError(`Transformer.toXml: the ${role} name ${JSON.stringify(clip(name))} is not a valid XML element name`);
}

// ---------------------------------------------------------------------------------------------

/**
 * XML ⇄ object conversion for APIv2, the counterpart of PHP's `WeChatPay\Transformer`.
 *
 * The shapes follow PHP. The hardening does not: where PHP returns `[]`, expands entities or
 * writes broken XML, this class throws an {@link XmlError} or writes well-formed XML instead.
 */
export class Transformer {
  /**
   * Parses an APIv2 XML document and returns the children of its root element.
   *
   * Shapes, as in PHP: leaf values are strings, never numbers (`"0010"` and 25-digit ids stay
   * intact) and keep their white space; empty elements give `''`; elements with children give
   * nested objects; repeated siblings give a list; CDATA is unwrapped; `@attributes` appears on
   * the root and on elements with children, while attributes of leaves are dropped; mixed
   * content `<b>1<c>2</c></b>` gives its text `"1"`; `<xml/>` gives `{}`. Text directly inside
   * the root is ignored (PHP returns a lone one under the key `0`). Numeric character references
   * such as `&#x4E2D;` are decoded, as libxml does. Result objects are ordinary objects whose
   * properties are defined, not assigned, so no name can touch a prototype.
   *
   * The input goes through {@link Transformer.sanitize} first (bytes must be UTF-8; one leading
   * BOM is dropped).
   *
   * **Deviation from PHP (hardening).** PHP returns `[]` for bad input and expands internal
   * entities. This method instead throws an {@link XmlError}, before the parser sees the input:
   * `'empty'` for empty or blank input; `'entity'` / `'doctype'` for any `<!ENTITY` /
   * `<!DOCTYPE` anywhere, in any case (WeChat Pay never sends either, so even one inside a CDATA
   * section is refused); `'not-xml'` when the input does not start with an element (JSON, plain
   * text) or is an HTML page (root `<html>`); `'multiple-roots'` for an element, text or a
   * second document after the root; `'malformed'` for anything not well-formed (mismatched or
   * unclosed tags, a bare `&`, an unknown entity, a duplicate attribute, `]]>` in text), and for
   * documents fast-xml-parser refuses: elements or attributes named `__proto__`, `constructor`
   * or `prototype`, or nesting deeper than 100; `'invalid-utf8'` for bytes that are not UTF-8.
   *
   * @param xml - The document, as a string or UTF-8 bytes (a `Buffer` works). Defaults to `<xml/>`.
   * @returns The root element's children (and `@attributes`), keyed by element name.
   * @throws {XmlError} When the input is not a single well-formed XML element, as described above.
   */
  static toArray(xml: string | Uint8Array = '<xml/>'): Record<string, unknown> {
    const text = withoutBom(Transformer.sanitize(xml));
    assertNoDeclarations(text);
    new WellFormednessCheck(text).run();
    const root = parseRoot(text);
    return root === undefined ? {} : objectOf(root);
  }

  /**
   * Removes every character outside the XML 1.0 `Char` production (control characters other
   * than tab, LF and CR; `U+FFFE`, `U+FFFF`; lone surrogates), keeping tabs, newlines and
   * characters beyond the BMP such as emoji.
   *
   * **Deviation from PHP:** bytes are decoded as strict UTF-8 and invalid UTF-8 throws, where
   * PHP returns `''`.
   *
   * @param xml - Text, or bytes to decode as UTF-8.
   * @returns The text without the characters XML cannot carry.
   * @throws {XmlError} With reason `'invalid-utf8'` when bytes are not valid UTF-8.
   */
  static sanitize(xml: string | Uint8Array): string {
    return (typeof xml === 'string' ? xml : decodeUtf8(xml)).replace(INVALID_XML_CHARS, '');
  }

  /**
   * Writes data as an XML document, with PHP's signature and defaults.
   *
   * Element names are the keys when they match PHP's rule `^[\p{L}_][\p{L}0-9._:-]*$`,
   * otherwise `item`: list entries, numeric keys and names with spaces all become `<item>`.
   * Note that a plain object lists integer-like keys first, in ascending order, whatever the
   * order they were written in; pass a `Map` to keep insertion order. Arrays, maps, iterables
   * and plain objects become nested elements; `true` gives `1`; `false`, `null` and `undefined`
   * give an empty element written `<x></x>`; numbers and bigints are written as `String()`
   * gives them (`1.50` → `1.5`); other objects with their own `toString` (PHP's `Stringable`,
   * e.g. `Date`, `Buffer`) are written through it.
   *
   * Text with `<`, `>`, `&` or `"` is written as CDATA, other text as is (with `&`, `<`, `>`
   * and carriage returns escaped), after removing characters XML cannot carry.
   *
   * **Deviation from PHP:** a value containing `]]>` is split over several CDATA sections
   * (`]]]]><![CDATA[>`), and a carriage return is written as `&#xD;`, so the document stays
   * well-formed and {@link Transformer.toArray} gives back exactly the original string (PHP
   * writes broken XML for `]]>`). An invalid `root` or `item` name, and a function or symbol
   * value, throw a {@link WechatpayError} instead of producing broken output.
   *
   * @param data - The element's children.
   * @param headless - `false` prepends `<?xml version="1.0" encoding="UTF-8"?>` and a newline.
   * @param indent - `true` puts each element on its own line, indented one space per level.
   * @param root - The root element's name.
   * @param item - The name used for list entries and for keys that are not valid names.
   * @returns The XML document.
   * @throws {WechatpayError} For an invalid `root`/`item` name or a function or symbol value.
   */
  static toXml(data: XmlData, headless = true, indent = false, root = 'xml', item = 'item'): string {
    assertElementName(root, 'root');
    assertElementName(item, 'item');
    const body = renderElement(root, data, 0, { indent, item });
    return headless ? body : `${XML_DECLARATION}\n${body}`;
  }
}
