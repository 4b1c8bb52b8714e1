import { propertyName } from './emit-type.js';
import type { ApiModel, OperationModel, SchemaModel } from './model.js';
import { requestParts } from './emit-endpoints.js';
import { accessKeys } from './segments.js';

const MAX_DEPTH = 8;

/** A value a schema accepts, from its own example where it has one (coerced to its type), else a plain one. */
export function exampleValue(schema: SchemaModel, model: ApiModel, depth = 0): unknown {
  if (schema.ref !== undefined) return exampleValue(model.schemas[schema.ref] ?? {}, model, depth + 1);
  if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum[0];
  if (schema.oneOf !== undefined && schema.oneOf.length > 0 && schema.allOf === undefined && schema.type === undefined) {
    return exampleValue(schema.oneOf[0] ?? {}, model, depth + 1);
  }
  const example = schema.example;
  switch (schema.type) {
    case 'string':
      return typeof example === 'string' ? example : typeof example === 'number' || typeof example === 'boolean' ? String(example) : 'text';
    case 'integer':
    case 'number':
      return typeof example === 'number' ? example : Number.isFinite(Number(example)) && example !== '' ? Number(example) : 1;
    case 'boolean':
      return typeof example === 'boolean' ? example : true;
    case 'array':
      return depth > MAX_DEPTH ? [] : [exampleValue(schema.items ?? {}, model, depth + 1)];
    default:
      break;
  }
  if (schema.properties === undefined && schema.allOf === undefined && schema.type !== 'object') return example ?? 'value';
  const out: Record<string, unknown> = {};
  for (const part of schema.allOf ?? []) {
    const value = exampleValue(part, model, depth + 1);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) Object.assign(out, value);
  }
  const all = collectProperties(schema, model);
  for (const name of requiredOf(schema, model)) {
    const property = all[name];
    if (property !== undefined && !(name in out) && depth <= MAX_DEPTH) out[name] = exampleValue(property, model, depth + 1);
  }
  return out;
}

function collectProperties(schema: SchemaModel, model: ApiModel, depth = 0): Record<string, SchemaModel> {
  if (depth > MAX_DEPTH) return {};
  if (schema.ref !== undefined) return collectProperties(model.schemas[schema.ref] ?? {}, model, depth + 1);
  const out: Record<string, SchemaModel> = {};
  for (const part of schema.allOf ?? []) Object.assign(out, collectProperties(part, model, depth + 1));
  return Object.assign(out, schema.properties ?? {});
}

function requiredOf(schema: SchemaModel, model: ApiModel): string[] {
  const own = schema.required ?? [];
  return own.filter((name) => name in collectProperties(schema, model));
}

function literal(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return `{ ${Object.entries(value).map(([k, v]) => `${propertyName(k)}: ${literal(v)}`).join(', ')} }`;
}

/** How a call reaches its node, in turn: the property chain, `chain('…')`, a bracket path. */
function target(op: OperationModel, index: number): string {
  const keys = op.path.split('/').map((segment) => accessKeys(segment)[0]);
  const form = keys.every((key) => key !== undefined) ? index % 3 : 1 + (index % 2);
  if (form === 0) return `wxpay${keys.map((key) => (/^[A-Za-z_$][\w$]*$/.test(key ?? '') ? `.${key ?? ''}` : `[${JSON.stringify(key)}]`)).join('')}`;
  if (form === 1) return `wxpay.chain(${JSON.stringify(op.path)})`;
  return `wxpay[${JSON.stringify(op.path)}]`;
}

/** The options of a call from the examples: its required parameters and its body's required fields. */
export function exampleOptions(op: OperationModel, model: ApiModel): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const p of op.parameters.filter((param) => param.in === 'path')) options[p.name] = exampleValue({ type: 'string', ...p.schema }, model);
  const parts = requestParts(op);
  if (parts.headers !== undefined && (parts.headers.required?.length ?? 0) > 0) options.headers = exampleValue(parts.headers, model);
  if (parts.query !== undefined && (parts.query.required?.length ?? 0) > 0) options.query = exampleValue(parts.query, model);
  if (parts.xml !== undefined) options.xml = exampleValue(parts.xml, model);
  if (parts.json?.required === true) options.json = exampleValue(parts.json.schema, model);
  return options;
}

/** A call of `op` with its examples, as source text. */
export function exampleCall(op: OperationModel, index: number, options: Record<string, unknown>): string {
  const verb = index % 4 === 3 ? `${op.method}Async` : op.method;
  return `${target(op, index)}.${verb}(${Object.keys(options).length === 0 ? '' : literal(options)})`;
}
