import type { SchemaModel } from './model.js';

/** How schemas are written. */
export interface TypeStyle {
  /** Written before a named schema (`S.` when the schemas live in another module). */
  readonly refPrefix: string;
  /** APIv2 answers as `res.toArray()` reads them: every scalar is text. */
  readonly text?: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property name as written in a type: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** A TSDoc comment (one line when it can be), or nothing; a `*` `/` in the text cannot close it early. */
export function docComment(lines: readonly string[], indent: string): string {
  const text = lines.filter((line) => line !== '').map((line) => line.replace(/\*\//g, '*\u200b/'));
  if (text.length === 0) return '';
  if (text.length === 1) return `${indent}/** ${text[0] ?? ''} */\n`;
  return `${indent}/**\n${text.map((line) => `${indent} * ${line}`).join('\n')}\n${indent} */\n`;
}

function wrap(type: string): string {
  return /[ |&]/.test(type) && !/^[{(]/.test(type) ? `(${type})` : type;
}

function scalar(schema: SchemaModel, style: TypeStyle): string | undefined {
  if (schema.enum !== undefined && schema.enum.length > 0) {
    return schema.enum.map((value) => JSON.stringify(style.text === true ? String(value) : value)).join(' | ');
  }
  if (style.text === true && ['string', 'integer', 'number', 'boolean'].includes(schema.type ?? '')) return 'string';
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

/** The object part of a schema: its properties, each with its label. */
function objectType(schema: SchemaModel, style: TypeStyle, indent: string, required: ReadonlySet<string>): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) {
    const extra = schema.additionalProperties;
    const value = typeof extra === 'object' ? typeText(extra, style, indent) : 'unknown';
    return `Record<string, ${value}>`;
  }
  const inner = `${indent}  `;
  const lines = properties.map(([name, property]) => {
    const optional = required.has(name) ? '' : '?';
    return `${docComment([property.label ?? ''], inner)}${inner}${propertyName(name)}${optional}: ${typeText(property, style, inner)};\n`;
  });
  return `{\n${lines.join('')}${indent}}`;
}

/**
 * IDs of which WeChat Pay takes any one (an order by `transaction_id` or `out_trade_no`, a refund also by `refund_id`
 * or `out_refund_no`), though the descriptions list them all as required.
 */
const ALTERNATIVE_IDS: ReadonlySet<string> = new Set(['transaction_id', 'out_trade_no', 'refund_id', 'out_refund_no']);

/** A schema's required fields, less alternative IDs when two or more of them are listed (any one of them will do). */
export function requiredFields(schema: SchemaModel): readonly string[] {
  const required = schema.required ?? [];
  const alternatives = required.filter((name) => ALTERNATIVE_IDS.has(name));
  return alternatives.length < 2 ? required : required.filter((name) => !ALTERNATIVE_IDS.has(name));
}

/** The TypeScript type of a schema, written at `indent`. Nothing is `any`: an undescribed value is `unknown`. */
export function typeText(schema: SchemaModel, style: TypeStyle, indent = ''): string {
  const parts: string[] = [];
  if (schema.ref !== undefined) parts.push(`${style.refPrefix}${schema.ref}`);
  for (const part of schema.allOf ?? []) parts.push(wrap(typeText(part, style, indent)));
  const own = scalar(schema, style);
  if (own !== undefined) parts.push(own);
  else if (schema.type === 'array' || schema.items !== undefined) parts.push(`${wrap(typeText(schema.items ?? {}, style, indent))}[]`);
  else if (schema.type === 'object' || schema.properties !== undefined) {
    parts.push(objectType(schema, style, indent, new Set(requiredFields(schema))));
  }
  if (schema.oneOf !== undefined && schema.oneOf.length > 0) {
    parts.push(`(${schema.oneOf.map((part) => wrap(typeText(part, style, indent))).join(' | ')})`);
  }
  let type = parts.length === 0 ? 'unknown' : parts.length === 1 ? (parts[0] ?? 'unknown') : parts.map(wrap).join(' & ');
  if (parts.length > 1 && schema.required !== undefined && schema.properties === undefined) {
    // `required` beside `allOf`: the listed fields of the parts become required.
    type = `${type} & ${requiredOf(requiredFields(schema))}`;
  }
  return schema.nullable === true ? `${wrap(type)} | null` : type;
}

function requiredOf(names: readonly string[]): string {
  return `{ ${names.map((name) => `${propertyName(name)}: unknown;`).join(' ')} }`;
}
