import type { ClientDecorator } from '../decorator.js';
import type { CatalogEndpoints } from '../generated/catalog/endpoints.js';
import type { CatalogTree } from '../generated/catalog/tree.js';
import type { WechatpayResponse } from '../response.js';
import type { AsyncResult } from './async-result.js';
import type { Chainable, Endpoints, RequestOptions, Verb } from './types.js';

/**
 * The request options every typed call may add to what its operation describes: the transport options
 * (`timeout`, `signal`, `http_errors` …) without the catch-all index, so a misspelled key is an error.
 */
export type KnownRequestOptions = {
  [K in keyof RequestOptions as string extends K ? never : number extends K ? never : K]: RequestOptions[K];
};

/**
 * APIv2 request data as the XML carries it: every value is text on the wire, so a field the catalogue types as a
 * number takes its text too (`total_fee: 1` or `'1'`, as PHP code writes either).
 */
export type V2Data<X> = { [K in keyof X]: X[K] extends number ? number | string : X[K] extends number | undefined ? number | string | undefined : X[K] };

/** Described options with APIv2 `xml` data widened by {@link V2Data}. */
type Described<O> = O extends { xml: infer X } ? Omit<O, 'xml'> & { xml: V2Data<X> } : O;

/** The options of one typed verb: what it describes, plus the transport options (not `json`/`query`/`xml` unless described). */
export type OptionsOf<V> = V extends { options: infer O }
  ? Described<O> & Omit<KnownRequestOptions, keyof O | 'json' | 'query' | 'xml'>
  : RequestOptions;
/** The JSON answer of a typed verb (`res.json()`), `unknown` when undescribed. */
export type ResponseOf<V> = V extends { response: infer R } ? R : unknown;
/** The APIv2 answer of a typed verb (`res.toArray()`). */
export type ArrayOf<V> = V extends { array: infer A extends Record<string, unknown> } ? A : Record<string, unknown>;

/** The argument list of a typed verb: optional when nothing in it is required. */
type Args<O> = object extends O ? [options?: O] : [options: O];

/** The verbs of a typed endpoint, with their `…Async` forms. */
// Mapped over `keyof D` (with `as`), so each verb keeps its operation's TSDoc (title, links) for editors.
export type TypedVerbs<D> = {
  [K in keyof D as K extends Verb ? K : never]: (...options: Args<OptionsOf<D[K]>>) => Promise<WechatpayResponse<ResponseOf<D[K]>, ArrayOf<D[K]>>>;
} & {
  [K in keyof D as K extends Verb ? `${K}Async` : never]: (...options: Args<OptionsOf<D[K]>>) => AsyncResult<WechatpayResponse<ResponseOf<D[K]>, ArrayOf<D[K]>>>;
};

/** `parent/segment`, or `segment` at the root. */
export type Join<P extends string, S extends string> = P extends '' ? S : `${P}/${S}`;

/** The members of a typed node besides its verbs and children. */
export interface NodeMembers<P extends string> {
  /**
   * A child node for `segment` (slashes allowed), typed when the joined path is a typed endpoint:
   * `wxpay.v3.chain('pay/transactions/native')`.
   */
  chain<S extends string>(segment: S): NoInfer<Join<P, S> extends keyof Endpoints ? NodeAt<Join<P, S>> : Chainable>;
  /** The client decorator shared by every node (PHP's `getDriver()`). */
  getDriver(): ClientDecorator;
}

/** Paths typed by declaration merging beyond the catalogue (`wxpay typegen` output, hand-written entries). */
type OwnPaths = Extract<Exclude<keyof Endpoints, keyof CatalogEndpoints>, string>;
type After<K extends string, P extends string> = P extends '' ? K : K extends `${P}/${infer R}` ? R : never;
type Head<R extends string> = R extends `${infer H}/${string}` ? H : R;
type Camel<S extends string> = S extends `${infer A}-${infer B}${infer C}`
  ? Uppercase<B> extends Lowercase<B> ? S : `${A}${Uppercase<B>}${Camel<C>}`
  : S;
type Keys<S extends string> = S extends `{${infer V}}` ? `_${V}_` | S : Camel<S>;
/** The children of `P` that only merged-in paths have. */
type OwnChildren<P extends string> = [OwnPaths] extends [never]
  ? object
  : { readonly [K in OwnPaths as Keys<Head<After<K, P>>>]: NodeAt<Join<P, Head<After<K, P>>>> };

/** The children of the node at `P`: the catalogue's and any merged-in path's. */
export type ChildrenAt<P extends string> = P extends keyof CatalogTree ? CatalogTree[P] & OwnChildren<P> : OwnChildren<P>;

/** The verbs of the node at `P`: the typed ones when `P` is a typed endpoint, none otherwise. */
export type VerbsAt<P extends string> = P extends keyof Endpoints ? TypedVerbs<Endpoints[P]> : unknown;

/**
 * The node at path `P` of the typed chain: its typed children (declared properties, so they compile under
 * `noUncheckedIndexedAccess`), the verbs its operations have, `chain()` and `getDriver()`; any other property is a
 * dynamic {@link Chainable}, as on an untyped node.
 */
export type NodeAt<P extends string> = ChildrenAt<P> & VerbsAt<P> & NodeMembers<P> & { readonly [segment: string]: Chainable };

/** Typed paths reachable by bracket access from the root (`wxpay['v3/…']`). */
export type TypedPaths = { readonly [P in Extract<keyof Endpoints, string>]: NodeAt<P> };

/** The members of the root besides its children. */
export interface RootMembers {
  /** A node for a path (slashes allowed): `chain('v3/pay/transactions/native')`, typed for typed endpoints. */
  // NoInfer: a call whose result is assigned to a typed variable must not infer `P` from that type.
  chain<P extends Extract<keyof Endpoints, string>>(segment: P): NoInfer<NodeAt<P>>;
  chain(segment: string): Chainable;
  /** The client decorator shared by every node (PHP's `getDriver()`): `select('v3')` for its pipeline, `certs`, `close()`. */
  getDriver(): ClientDecorator;
}

/** The root node: the typed children, bracket paths and `chain()`, and any other path dynamically. */
export type RootNode = ChildrenAt<''> & TypedPaths & RootMembers & { readonly [segment: string]: Chainable };
