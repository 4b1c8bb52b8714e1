import { dirname, extname, relative, sep } from 'node:path';
import { TypegenError } from '../errors/typegen-error.js';
import { isRecord } from '../is-record.js';
import { linksOf, titleOf } from './label.js';
import type { ApiModel, HttpVerb, OperationModel, ParameterModel, SchemaModel } from './model.js';
import { child, RefResolver, type DocumentReader, type Location } from './refs.js';
import { SchemaConverter } from './schemas.js';

const VERBS: readonly HttpVerb[] = ['get', 'put', 'post', 'patch', 'delete'];
const XML = /xml/i;
const FORM = /multipart|form/i;

/** How to read a set of descriptions. */
export interface ReadOptions {
  /** Where the model says it came from (licence notice included). */
  source: string;
  /** An unknown `type` is an error (`wxpay typegen`) or reads as any value (the catalogue, which has a few typos). */
  strict?: boolean;
  /**
   * The catalogue's layout: a path item that is a `$ref` to a file takes its path from that file's place under the
   * root description (`./v2/pay/micropay.yaml` is `v2/pay/micropay`), which is how its APIv2 paths get their `v2/`.
   */
  pathsFromFiles?: boolean;
}

/** Reads Swagger 2.0 / OpenAPI 3.x descriptions (each file a root document) into one {@link ApiModel}. */
export function readDescriptions(files: readonly string[], read: DocumentReader, options: ReadOptions): ApiModel {
  const resolver = new RefResolver(read);
  const schemas = new SchemaConverter(resolver, options.strict ?? false);
  const operations: OperationModel[] = [];
  for (const file of files) operations.push(...readDocument(file, resolver, schemas, options));
  const seen = new Set<string>();
  for (const op of operations) {
    const key = `${op.method} ${op.path}`;
    if (seen.has(key)) throw new TypegenError(files.join(', '), '', `${op.method.toUpperCase()} /${op.path} is described twice.`);
    seen.add(key);
  }
  operations.sort((a, b) => (a.path === b.path ? VERBS.indexOf(a.method) - VERBS.indexOf(b.method) : a.path < b.path ? -1 : 1));
  const sorted: Record<string, SchemaModel> = {};
  for (const name of Object.keys(schemas.schemas).sort()) sorted[name] = schemas.schemas[name] ?? {};
  return { source: options.source, schemas: sorted, operations };
}

function readDocument(file: string, resolver: RefResolver, schemas: SchemaConverter, options: ReadOptions): OperationModel[] {
  const doc = resolver.document(file);
  const root: Location = { file, pointer: '' };
  if (!isRecord(doc)) throw new TypegenError(file, '', 'is not an object (a Swagger 2.0 or OpenAPI 3 description).');
  const openapi = typeof doc.openapi === 'string' && doc.openapi.startsWith('3');
  if (!openapi && String(doc.swagger) !== '2.0') {
    throw new TypegenError(file, '', 'is neither Swagger 2.0 (`swagger: "2.0"`) nor OpenAPI 3 (`openapi: 3.x`).');
  }
  if (!isRecord(doc.paths)) throw new TypegenError(file, '#/paths', 'is missing: there are no operations to type.');
  const basePath = !openapi && typeof doc.basePath === 'string' ? doc.basePath.replace(/^\/+|\/+$/g, '') : '';
  const xmlByDefault = !openapi && [doc.consumes, doc.produces].some((list) => Array.isArray(list) && list.some((t) => XML.test(String(t))));
  const out: OperationModel[] = [];
  const pathsAt = child(root, 'paths');
  for (const [key, rawItem] of Object.entries(doc.paths)) {
    if (key.startsWith('x-')) continue;
    const itemAt = child(pathsAt, key);
    const { value: item, at } = resolver.deref(rawItem, itemAt);
    if (!isRecord(item)) throw new TypegenError(file, itemAt.pointer, 'a path item must be an object.');
    const fromFile = options.pathsFromFiles === true && at.file !== file && at.pointer === '';
    const path = fromFile
      ? relative(dirname(file), at.file).slice(0, -extname(at.file).length).split(sep).join('/')
      : [basePath, key.replace(/^\/+/, '')].filter((part) => part !== '').join('/');
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of VERBS) {
      const op: unknown = item[method];
      if (op === undefined) continue;
      const opAt = child(at, method);
      if (!isRecord(op)) throw new TypegenError(at.file, opAt.pointer, 'an operation must be an object.');
      out.push(readOperation(path, method, op, shared, opAt, at, { resolver, schemas, openapi, xmlByDefault }));
    }
  }
  return out;
}

interface Context {
  resolver: RefResolver;
  schemas: SchemaConverter;
  openapi: boolean;
  xmlByDefault: boolean;
}

function readOperation(
  path: string, method: HttpVerb, op: Record<string, unknown>, shared: readonly unknown[], at: Location, itemAt: Location, ctx: Context,
): OperationModel {
  const mediaTypes = [op.consumes, op.produces].flatMap((list) => (Array.isArray(list) ? list.map(String) : []));
  const v2 = path.startsWith('v2/') || (mediaTypes.length > 0 ? mediaTypes.some((t) => XML.test(t)) : ctx.xmlByDefault);
  const result: OperationModel & { parameters: ParameterModel[] } = { path, method, v2, parameters: [] };
  const title = titleOf(op.summary) ?? titleOf(op.operationId);
  if (title !== undefined) result.title = title;
  const links = linksOf(op.description);
  if (links.length > 0) result.links = links;
  const formFields: Record<string, SchemaModel> = {};
  const formRequired: string[] = [];
  const list = [
    ...shared.map((p, i) => ({ p, at: child(child(itemAt, 'parameters'), i) })),
    ...(Array.isArray(op.parameters) ? (op.parameters as unknown[]) : []).map((p, i) => ({ p, at: child(child(at, 'parameters'), i) })),
  ];
  for (const entry of list) {
    const { value: param, at: paramAt } = ctx.resolver.deref(entry.p, entry.at);
    if (!isRecord(param) || typeof param.name !== 'string' || typeof param.in !== 'string') {
      throw new TypegenError(paramAt.file, paramAt.pointer, 'a parameter needs a `name` and an `in`.');
    }
    const required = param.required === true || param.in === 'path';
    const schemaSource = param.schema !== undefined && (ctx.openapi || param.in === 'body') ? param.schema : param;
    const schemaAt = param.schema !== undefined ? child(paramAt, 'schema') : paramAt;
    const schema = ctx.schemas.convert(withDescription(schemaSource, param), schemaAt);
    if (param.in === 'body') {
      result.body = { schema, required };
    } else if (param.in === 'formData') {
      formFields[param.name] = schema;
      if (required) formRequired.push(param.name);
    } else if (param.in === 'path' || param.in === 'query' || param.in === 'header') {
      const index = result.parameters.findIndex((p) => p.in === param.in && p.name === param.name);
      const model: ParameterModel = { in: param.in, name: param.name, required, schema };
      if (index === -1) result.parameters.push(model);
      else result.parameters[index] = model;
    } else if (param.in !== 'cookie') {
      throw new TypegenError(paramAt.file, child(paramAt, 'in').pointer, `unknown parameter location ${JSON.stringify(param.in)}.`);
    }
  }
  if (Object.keys(formFields).length > 0) {
    result.body = { schema: { type: 'object', properties: formFields, required: formRequired }, required: true, form: true };
  }
  if (ctx.openapi && op.requestBody !== undefined) {
    const { value: body, at: bodyAt } = ctx.resolver.deref(op.requestBody, child(at, 'requestBody'));
    const media = isRecord(body) && isRecord(body.content) ? pickMedia(body.content) : undefined;
    if (media !== undefined) {
      const schema = ctx.schemas.convert(media.schema, child(child(child(bodyAt, 'content'), media.type), 'schema'));
      result.body = { schema, required: isRecord(body) && body.required === true, ...(FORM.test(media.type) ? { form: true } : {}) };
    }
  }
  const response = readResponse(op, at, ctx);
  if (response !== undefined) result.response = response;
  return result;
}

/** A parameter's own description is its schema's label when the schema has none. */
function withDescription(schema: unknown, param: Record<string, unknown>): unknown {
  return isRecord(schema) && schema.description === undefined && param.description !== undefined ? { ...schema, description: param.description } : schema;
}

function pickMedia(content: Record<string, unknown>): { type: string; schema: unknown } | undefined {
  const types = Object.keys(content);
  const type = types.find((t) => /json/i.test(t)) ?? types.find((t) => XML.test(t)) ?? types[0];
  if (type === undefined) return undefined;
  const media = content[type];
  return { type, schema: isRecord(media) ? media.schema : undefined };
}

function readResponse(op: Record<string, unknown>, at: Location, ctx: Context): SchemaModel | undefined {
  if (!isRecord(op.responses)) return undefined;
  const code = Object.keys(op.responses).find((status) => /^2\d\d$/.test(status));
  if (code === undefined) return undefined;
  const { value: answer, at: answerAt } = ctx.resolver.deref(op.responses[code], child(child(at, 'responses'), code));
  if (!isRecord(answer)) return undefined;
  if (ctx.openapi) {
    const media = isRecord(answer.content) ? pickMedia(answer.content) : undefined;
    return media?.schema === undefined ? undefined : ctx.schemas.convert(media.schema, child(child(answerAt, 'content'), media.type));
  }
  return answer.schema === undefined ? undefined : ctx.schemas.convert(answer.schema, child(answerAt, 'schema'));
}
