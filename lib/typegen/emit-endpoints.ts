import type { OperationModel, ParameterModel, SchemaModel } from './model.js';
import { docComment, propertyName, typeText, type TypeStyle } from './emit-type.js';

/** Fields the APIv2 stack fills in itself (`nonce_str` unless `nonceless`, and `sign`): never required of a caller. */
const V2_AUTOMATIC = new Set(['nonce_str', 'sign']);

/** The TSDoc of an operation: its title, verb and path, and the links to its official pages. */
export function operationDoc(op: OperationModel): string[] {
  return [
    `${op.title ?? op.path} — \`${op.method.toUpperCase()} /${op.path}\``,
    ...(op.links ?? []).map((link) => `@see {@link ${link}}`),
  ];
}

function withoutAutomatic(schema: SchemaModel): SchemaModel {
  const required = schema.required?.filter((name) => !V2_AUTOMATIC.has(name));
  const out: SchemaModel = { ...schema };
  if (required !== undefined) out.required = required;
  if (schema.allOf !== undefined) out.allOf = schema.allOf.map(withoutAutomatic);
  return out;
}

/**
 * Headers the descriptions mark required that a call needs only sometimes: `Wechatpay-Serial` is needed when the body
 * carries a field encrypted with WeChat Pay's key (a 实名支付 `identity` on an order, say), not otherwise, so the
 * types offer it without requiring it (a Native order without one compiles).
 */
const SOMETIMES_REQUIRED: ReadonlySet<string> = new Set(['wechatpay-serial']);

function group(params: readonly ParameterModel[], where: ParameterModel['in']): SchemaModel | undefined {
  const list = params.filter((p) => p.in === where);
  if (list.length === 0) return undefined;
  const properties: Record<string, SchemaModel> = {};
  for (const p of list) properties[p.name] = p.schema.type === undefined && p.schema.ref === undefined ? { ...p.schema, type: 'string' } : p.schema;
  const required = list.filter((p) => p.required && !(where === 'header' && SOMETIMES_REQUIRED.has(p.name.toLowerCase())));
  return { type: 'object', properties, required: required.map((p) => p.name) };
}

function anyRequired(schema: SchemaModel | undefined): boolean {
  return (schema?.required?.length ?? 0) > 0;
}

/** What an operation's request options carry, as schemas. */
export interface RequestParts {
  query?: SchemaModel;
  headers?: SchemaModel;
  /** APIv2 request data: the body, or the query of a GET (less the fields the SDK fills in). */
  xml?: SchemaModel;
  json?: { schema: SchemaModel; required: boolean };
}

/** Splits an operation's parameters and body into the request options that carry them. */
export function requestParts(op: OperationModel): RequestParts {
  const parts: RequestParts = {};
  const query = group(op.parameters, 'query');
  const headers = group(op.parameters, 'header');
  if (headers !== undefined) parts.headers = headers;
  if (op.v2 && op.body !== undefined && op.body.form !== true) parts.xml = withoutAutomatic(op.body.schema);
  else if (op.v2 && query !== undefined) return { ...parts, xml: withoutAutomatic(query) };
  if (query !== undefined) parts.query = query;
  if (!op.v2 && op.body !== undefined && op.body.form !== true) parts.json = { schema: op.body.schema, required: op.body.required };
  return parts;
}

/** An operation's request options as a type literal: path variables, `query`, `headers`, `json` or `xml`. */
export function optionsText(op: OperationModel, style: TypeStyle, indent: string): string {
  const inner = `${indent}  `;
  const lines: string[] = [];
  const add = (label: string | undefined, name: string, optional: boolean, type: string): void => {
    lines.push(`${docComment([label ?? ''], inner)}${inner}${propertyName(name)}${optional ? '?' : ''}: ${type};\n`);
  };
  for (const p of op.parameters.filter((param) => param.in === 'path')) {
    const type = p.schema.enum !== undefined ? typeText(p.schema, style, inner) : 'string | number';
    add(p.schema.label ?? 'Path variable', p.name, false, type);
  }
  const parts = requestParts(op);
  if (parts.query !== undefined) add('Query parameters', 'query', !anyRequired(parts.query), typeText(parts.query, style, inner));
  if (parts.headers !== undefined) {
    add('Headers (others may be added)', 'headers', !anyRequired(parts.headers), `${typeText(parts.headers, style, inner)} & Readonly<Record<string, string>>`);
  }
  if (parts.xml !== undefined) {
    // a named schema keeps its own required list: the fields the stack fills in are made optional around it
    const xml = typeText(parts.xml, style, inner);
    add('APIv2 request data', 'xml', false, parts.xml.ref === undefined ? xml : `Omit<${xml}, 'nonce_str' | 'sign'> & { nonce_str?: string; sign?: string }`);
  }
  if (parts.json !== undefined) add('Request body (JSON)', 'json', !parts.json.required, typeText(parts.json.schema, style, inner));
  return lines.length === 0 ? '{}' : `{\n${lines.join('')}${indent}}`;
}

/** One verb of an endpoint: `{ options: …; response: … }` (APIv2: `array` for `res.toArray()`). */
export function verbText(op: OperationModel, style: TypeStyle, indent: string): string {
  const inner = `${indent}  `;
  let text = `{\n${inner}options: ${optionsText(op, style, inner)};\n`;
  if (op.response !== undefined) {
    if (op.v2) text += `${inner}array: ${typeText(op.response, { ...style, text: true }, inner)};\n`;
    else text += `${inner}response: ${typeText(op.response, style, inner)};\n`;
  }
  return `${text}${indent}}`;
}

/** The body of an `Endpoints` interface: one entry per path, one property per verb. */
export function endpointsBody(operations: readonly OperationModel[], style: TypeStyle, indent: string): string {
  const byPath = new Map<string, OperationModel[]>();
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  const inner = `${indent}  `;
  let out = '';
  for (const [path, ops] of byPath) {
    const title = ops.map((op) => `${op.method.toUpperCase()}: ${op.title ?? path}`).join('; ');
    out += `${docComment([title], indent)}${indent}${JSON.stringify(path)}: {\n`;
    for (const op of ops) out += `${docComment(operationDoc(op), inner)}${inner}${op.method}: ${verbText(op, style, inner)};\n`;
    out += `${indent}};\n`;
  }
  return out;
}
