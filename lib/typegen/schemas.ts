import { basename, extname } from 'node:path';
import { TypegenError } from '../errors/typegen-error.js';
import { isRecord } from '../is-record.js';
import { labelOf } from './label.js';
import type { SchemaModel } from './model.js';
import { child, type Location, type RefResolver } from './refs.js';

type SchemaType = NonNullable<SchemaModel['type']>;

const TYPES: Readonly<Record<string, SchemaType>> = {
  object: 'object', array: 'array', string: 'string', number: 'number', integer: 'integer', boolean: 'boolean', file: 'file',
  int: 'integer', int32: 'integer', int64: 'integer', uint64: 'integer', long: 'integer', float: 'number', double: 'number', bool: 'boolean',
};

/** Example values kept: scalars only, so the compact copy stays small. */
function scalarExample(value: unknown): unknown {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

/**
 * Turns Swagger 2 / OpenAPI 3 schemas into {@link SchemaModel}s. A `$ref`'d schema becomes a named entry of
 * {@link schemas} (named after its last pointer token, or its file), converted once; cycles are fine.
 */
export class SchemaConverter {
  readonly schemas: Record<string, SchemaModel> = {};
  readonly #names = new Map<string, string>();
  readonly #resolver: RefResolver;
  /** `strict`: an unknown `type` is an error; otherwise it reads as "any value" (the catalogue has a few typos). */
  readonly #strict: boolean;

  constructor(resolver: RefResolver, strict: boolean) {
    this.#resolver = resolver;
    this.#strict = strict;
  }

  convert(node: unknown, at: Location): SchemaModel {
    if (!isRecord(node)) {
      if (node === undefined || node === null || node === true) return {};
      throw new TypegenError(at.file, at.pointer, `a schema must be an object, not ${JSON.stringify(node)}.`);
    }
    if (typeof node.$ref === 'string') return { ref: this.#named(node.$ref, at) };
    const out: SchemaModel & Record<string, unknown> = {};
    const label = labelOf(node.description) ?? labelOf(node.title);
    if (label !== undefined) out.label = label;
    const type = this.#type(node, at);
    if (type !== undefined) out.type = type;
    if (Array.isArray(node.enum)) {
      const values = node.enum.filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v));
      if (values.length > 0) out.enum = [...new Set(values)];
    }
    if (node.nullable === true || node['x-nullable'] === true || (Array.isArray(node.type) && node.type.includes('null'))) out.nullable = true;
    if (isRecord(node.properties)) {
      const properties: Record<string, SchemaModel> = {};
      const where = child(at, 'properties');
      for (const [name, value] of Object.entries(node.properties)) properties[name] = this.convert(value, child(where, name));
      out.properties = properties;
      out.type ??= 'object';
    }
    if (Array.isArray(node.required)) {
      const required = node.required.filter((name): name is string => typeof name === 'string');
      if (required.length > 0) out.required = [...new Set(required)];
    }
    if (node.items !== undefined) out.items = this.convert(node.items, child(at, 'items'));
    if (node.additionalProperties !== undefined) {
      out.additionalProperties = typeof node.additionalProperties === 'boolean'
        ? node.additionalProperties
        : this.convert(node.additionalProperties, child(at, 'additionalProperties'));
    }
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
      const list: unknown = node[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new TypegenError(at.file, child(at, key).pointer, `${key} must be a list of schemas.`);
      const converted = list.map((item, index) => this.convert(item, child(child(at, key), index)));
      if (key === 'allOf') out.allOf = converted;
      else out.oneOf = [...(out.oneOf ?? []), ...converted];
    }
    const example = scalarExample(node.example);
    if (example !== undefined) out.example = example;
    return out;
  }

  #type(node: Record<string, unknown>, at: Location): SchemaType | undefined {
    const raw: unknown = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
    if (raw === undefined) return undefined;
    const text = (typeof raw === 'string' ? raw : JSON.stringify(raw)).trim().toLowerCase();
    const type = TYPES[text] ?? (text.startsWith('string') ? 'string' : undefined);
    if (type === undefined && this.#strict) {
      throw new TypegenError(at.file, child(at, 'type').pointer, `unknown type ${JSON.stringify(raw)} (expected object, array, string, number, integer, boolean or file).`);
    }
    return type;
  }

  #named(ref: string, from: Location): string {
    const target = this.#resolver.target(ref, from);
    const key = `${target.file}${target.pointer}`;
    const known = this.#names.get(key);
    if (known !== undefined) return known;
    const name = this.#freeName(target);
    this.#names.set(key, name);
    this.schemas[name] = {};
    const { value, at } = this.#resolver.deref(this.#resolver.at(target, ref, from), target);
    this.schemas[name] = this.convert(value, at);
    return name;
  }

  #freeName(target: Location): string {
    const tokens = target.pointer.split('/');
    const last = tokens.length > 1 ? (tokens[tokens.length - 1] ?? '') : basename(target.file, extname(target.file));
    const file = basename(target.file, extname(target.file));
    const candidates = [identifier(last), identifier(`${file}_${last}`)];
    for (const candidate of candidates) if (!(candidate in this.schemas)) return candidate;
    let n = 2;
    while (`${candidates[1] ?? ''}${n}` in this.schemas) n += 1;
    return `${candidates[1] ?? ''}${n}`;
  }
}

/** A TypeScript identifier from any text: other characters become `_`; one that starts with a digit gets a `_`. */
export function identifier(text: string): string {
  const word = text.replace(/~1/g, '_').replace(/~0/g, '_').replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[A-Za-z_$]/.test(word) ? word : `_${word}`;
}
