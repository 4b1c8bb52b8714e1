/**
 * The generator's own description of an API: what `npm run typegen` keeps as the compact copy of the catalogue
 * (`catalog/wechatpay-openapi.json`) and what `wxpay typegen` builds from a user's Swagger 2 / OpenAPI 3 file.
 * Only facts are kept: paths, verbs, field names, types, enums, required lists, titles, short labels, links, examples.
 */
export type HttpVerb = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** A JSON-Schema-like type, reduced to what declarations need. A `ref` names an entry of {@link ApiModel.schemas}. */
export interface SchemaModel {
  ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'file';
  label?: string;
  enum?: readonly (string | number | boolean)[];
  properties?: Readonly<Record<string, SchemaModel>>;
  required?: readonly string[];
  items?: SchemaModel;
  additionalProperties?: SchemaModel | boolean;
  allOf?: readonly SchemaModel[];
  oneOf?: readonly SchemaModel[];
  nullable?: boolean;
  example?: unknown;
}

/** A path, query or header parameter. */
export interface ParameterModel {
  in: 'path' | 'query' | 'header';
  name: string;
  required: boolean;
  schema: SchemaModel;
}

/** One operation: a verb on a path. */
export interface OperationModel {
  /** The path as the chain sends it, without a leading slash: `v3/pay/transactions/native`, `v2/pay/micropay`. */
  path: string;
  method: HttpVerb;
  /** APIv2 operations carry XML (`xml` option, `res.toArray()`); the others JSON. */
  v2: boolean;
  title?: string;
  links?: readonly string[];
  parameters: readonly ParameterModel[];
  /** The request body; `form` for multipart uploads, which the declarations leave to `body`/`signBody`. */
  body?: { schema: SchemaModel; required: boolean; form?: boolean };
  /** The 2xx answer. */
  response?: SchemaModel;
}

/** A whole API description. */
export interface ApiModel {
  /** Where it came from and under which licence. */
  source: string;
  schemas: Readonly<Record<string, SchemaModel>>;
  operations: readonly OperationModel[];
}
