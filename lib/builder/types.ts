import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ClientDecorator } from '../decorator.js';
import type { WechatpayResponse } from '../response.js';
import type { QueryValue } from '../uri/query.js';
import type { CatalogEndpoints } from '../generated/catalog/endpoints.js';
import type { AsyncResult } from './async-result.js';
import type { RootNode, TypedVerbs } from './typed.js';

/** The HTTP verbs a node offers. */
export type Verb = 'get' | 'put' | 'post' | 'patch' | 'delete';

/**
 * Per-request options. Guzzle's names are kept where PHP users pass them; every other top-level key is a template
 * variable (`{ openid: 'o…' }` fills `{openid}`).
 */
export interface RequestOptions {
  /** APIv3 body: serialised once with `JSON.stringify`; those bytes are both signed and sent. */
  json?: unknown;
  /** Query parameters (RFC 3986, UTF-8). Replaces any query already in the path. */
  query?: Readonly<Record<string, QueryValue>> | string;
  /** Extra headers. `Authorization` is always set by the signer. */
  headers?: Readonly<Record<string, string>>;
  /** A raw body (string, bytes or a stream). With a stream, `signBody` must say what to sign. */
  body?: string | Uint8Array | Readable;
  /** What the APIv3 signer signs instead of the body: the `meta` JSON of an upload. */
  signBody?: string;
  /** Overrides the client's `base_uri` for this request. */
  base_uri?: string;
  /**
   * Overall deadline in seconds, covering DNS, connect, TLS, 1xx answers and the whole body (for `stream: true`,
   * until the headers); default the client's, else 30. `0` or `Infinity`: none.
   */
  timeout?: number;
  /** Connect (DNS, TCP and TLS handshake) deadline in seconds; default the client's, else 10. */
  connect_timeout?: number;
  /** Idle limit between two chunks of a streamed body, in seconds; default the client's, else 30. `0` or `Infinity`: none. */
  read_timeout?: number;
  /**
   * Largest buffered answer in bytes; default the client's, else 4 MiB (APIv3) or 256 KiB (APIv2). `Infinity`: none.
   * A larger answer fails with a `BodyTooLargeError` as soon as that is known.
   */
  max_response_size?: number;
  /** `false`: 4xx/5xx answers resolve (and are verified) instead of rejecting with an `HttpError`. */
  http_errors?: boolean;
  /** `true`: the body is a `Readable` (`response.stream`) instead of a buffer. */
  stream?: boolean;
  /** Aborts the request. */
  signal?: AbortSignal;
  /** An undici dispatcher for this request (a `ProxyAgent`, a `MockAgent` …): PHP's `handler`. */
  dispatcher?: Dispatcher;
  /**
   * `false`: skip the answer's signature check for this request (odd endpoints only). For APIv2 the answer is then
   * handed over untouched (not parsed, `return_code` not checked), as for the endpoints that answer unsigned.
   */
  verify_signature?: boolean;
  /** APIv2: the request data (flat text values), signed and sent as the XML body, or as the query of a GET. */
  xml?: Readonly<Record<string, unknown>>;
  /** APIv2: when this key is present, whatever its value, no `nonce_str` is added. */
  nonceless?: unknown;
  /** `true`: send with the merchant's API client certificate (mutual TLS), configured as `merchant`. */
  security?: boolean;
  /** Extra attempts for 429, 5xx and network failures (default the client's, else 2); `0`: none. */
  retries?: number;
  /**
   * `true`: this write may be repeated after a failure that may have reached WeChat Pay (an order keyed by
   * `out_trade_no`, a refund keyed by `out_refund_no`, sent again with unchanged parameters). GET and HEAD are
   * repeatable already; other methods are repeated only when they provably never left.
   */
  idempotent?: boolean;
  /** Template variables. */
  [variable: string]: unknown;
}

/**
 * Typed endpoints: every operation of the WeChat Pay catalogue the chain can send (generated, see docs/types.md),
 * and any you merge in by declaration merging (or with `wxpay typegen`). Typed paths are typed on the property
 * chain, `chain('…')` and bracket paths alike; every other path stays dynamic:
 *
 * ```ts
 * declare module 'wechatpay-ts' {
 *   interface Endpoints {
 *     'v3/my-new/endpoint': {
 *       get: { options: { query: { appid: string } }; response: { state: string } };
 *     };
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by users through declaration merging
export interface Endpoints extends CatalogEndpoints {}

/** One verb of a typed endpoint: what its options must hold and what its answer is (`array`: APIv2's `res.toArray()`). */
export interface EndpointVerb {
  options?: object;
  response?: unknown;
  array?: Record<string, unknown>;
}

/** A typed endpoint: some of the five verbs. */
export type EndpointDefinition = Partial<Record<Verb, EndpointVerb>>;

export type { TypedVerbs } from './typed.js';

/** The driver a node hands its requests to (see `ClientDecorator`). */
export interface Driver {
  request(method: string, uri: string, options?: RequestOptions): Promise<WechatpayResponse>;
}

/** The members every node has, whatever its path. */
export interface ChainableMethods {
  /** A child node for `segment`, normalised as one segment (slashes allowed): `chain('pay/transactions')`. */
  chain(segment: string): Chainable;
  /** The client decorator shared by every node (PHP's `getDriver()`): `select('v3')` for its pipeline, `certs`, `close()`. */
  getDriver(): ClientDecorator;
  get(options?: RequestOptions): Promise<WechatpayResponse>;
  put(options?: RequestOptions): Promise<WechatpayResponse>;
  post(options?: RequestOptions): Promise<WechatpayResponse>;
  patch(options?: RequestOptions): Promise<WechatpayResponse>;
  delete(options?: RequestOptions): Promise<WechatpayResponse>;
  getAsync(options?: RequestOptions): AsyncResult<WechatpayResponse>;
  putAsync(options?: RequestOptions): AsyncResult<WechatpayResponse>;
  postAsync(options?: RequestOptions): AsyncResult<WechatpayResponse>;
  patchAsync(options?: RequestOptions): AsyncResult<WechatpayResponse>;
  deleteAsync(options?: RequestOptions): AsyncResult<WechatpayResponse>;
}

/** A node of a typed endpoint: its typed verbs, and the dynamic chain beyond it. */
export type TypedNode<D> = TypedVerbs<D> & Omit<ChainableMethods, Verb | `${Verb}Async`> & { readonly [segment: string]: Chainable };

/**
 * A node of the chain: any property is a child segment, and the verbs send a request to the node's path.
 * Names the chain needs itself (`get`, `post`, …, `chain`, `then`, `toJSON` …) are reached with `chain('…')` or a
 * slash path (`wxpay['v3/marketing/partnerships/delete']`).
 */
export type Chainable = ChainableMethods & { readonly [segment: string]: Chainable };

/** The root node `Builder.factory()` returns: the typed chain (see docs/types.md), every other path dynamic. */
export type Root = RootNode;
