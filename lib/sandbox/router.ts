/**
 * The route table: a method and a path pattern with `{param}` segments, mapped to a small handler
 * that turns a validated input into an {@link Answer}.
 *
 * @module
 */

import type { Answer } from './answer.js';
import type { SandboxMode } from './keys.js';
import type { PaymentLedger } from './payments/ledger.js';
import type { TestPki } from './pki/index.js';
import type { PlatformRotation } from './rotation.js';
import type { SandboxState } from './state.js';
import type { JsonObject } from './validation.js';

/** Request headers, with lower-case names as Node parses them. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * What a route may know of the sandbox itself (the `Sandbox` satisfies it): its address, how it identifies its
 * answers, its keys and the merchant's APIv3 key.
 */
export interface SandboxPlatform {
  /** The base URL, `http://127.0.0.1:<port>/` (for absolute URLs in answers, e.g. a bill's `download_url`). */
  readonly url: string;
  /** `'public-key'` or `'certificate'`. */
  readonly mode: SandboxMode;
  /** The `Wechatpay-Serial` of the answers: a `PUB_KEY_ID_…` or the platform certificate serial. */
  readonly platformSerial: string;
  /** The test PKI: the platform key decrypts sensitive fields, the platform certificate is served by `/v3/certificates`. */
  readonly pki: TestPki;
  /** The merchant's APIv3 key, which platform certificates are encrypted with. */
  readonly apiv3Key: string;
  /** The platform certificates listed by `/v3/certificates` (after a rotation, more than the PKI's one). */
  readonly rotation?: Pick<PlatformRotation, 'certificates'>;
  /** The orders and refunds the payment endpoints work with. */
  readonly payments?: { readonly ledger: PaymentLedger };
}

/** What a handler receives. */
export interface RouteInput {
  /** The path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The query, percent-decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body of a POST (`{}` for other methods and for multipart routes). */
  readonly body: JsonObject;
  /** The exact body bytes (what a multipart route parses). */
  readonly raw: Buffer;
  /** The `Content-Type` header, if any. */
  readonly contentType: string | undefined;
  /** The request headers (`{}` when the server passes none). */
  readonly headers: RequestHeaders;
  /** The sandbox itself: address, mode, keys (`undefined` when the server does not pass it on). */
  readonly platform: SandboxPlatform | undefined;
  /** The calling merchant's ID (from its verified `Authorization`). */
  readonly mchid: string;
  /** The sandbox state at the time of the call. */
  readonly state: Readonly<SandboxState>;
  /** The time of the call. */
  readonly now: Date;
}

/** A route handler: input in, answer out, no side effects. */
export type Handler = (input: RouteInput) => Answer;

/** An endpoint. */
export interface Route {
  /** The HTTP method. A `POST` route takes a JSON object body, unless it {@link Route.accepts} `multipart`. */
  readonly method: 'GET' | 'POST';
  /** What body a `POST` takes: a JSON object (default), or `multipart/form-data` (an upload), left to the handler. */
  readonly accepts?: 'json' | 'multipart';
  /** The path pattern, e.g. `/v3/businesscircle/user-authorizations/{openid}`; a `{name}` segment matches one non-empty segment. */
  readonly path: string;
  /** Whether calls beyond {@link SandboxState.rateLimit} per rolling second are answered 429. */
  readonly rateLimited?: boolean;
  /** Builds the answer. */
  readonly handle: Handler;
}

/** The outcome of looking a request up in the route table. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'bad-param'; readonly name: string };

/** A path segment of a pattern: literal text, or a named parameter. */
type Segment = { readonly literal: string } | { readonly param: string };

/** A route with its pattern split into segments once. */
interface Compiled {
  readonly route: Route;
  readonly segments: readonly Segment[];
}

/** Splits a pattern into segments: `{name}` is a parameter, anything else literal. */
function compile(route: Route): Compiled {
  const segments = route.path.split('/').map((part): Segment => {
    const param = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(part)?.[1];
    return param === undefined ? { literal: part } : { param };
  });
  return { route, segments };
}

/** The raw (still percent-encoded) parameters when `parts` fit `segments`, else `undefined`. */
function fit(segments: readonly Segment[], parts: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== part) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.param] = part;
    }
  }
  return params;
}

/** Percent-decodes every parameter, or names the first that is not valid percent-encoded UTF-8. */
function decodeParams(raw: Record<string, string>): Record<string, string> | string {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      return name;
    }
  }
  return decoded;
}

/** A route table. Literal segments compare with the raw path; parameters are percent-decoded. */
export class Router {
  readonly #routes: readonly Compiled[];

  /**
   * @param routes - the endpoints
   */
  constructor(routes: readonly Route[]) {
    this.#routes = routes.map(compile);
  }

  /**
   * Looks a request up: the route and its decoded parameters; or `method-not-allowed` with the methods
   * the path does accept; or `not-found`; or `bad-param` naming a parameter that does not decode.
   *
   * @param method - the request method
   * @param path - the raw request path, without the query
   */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/');
    const fitting = this.#routes.flatMap(({ route, segments }) => {
      const params = fit(segments, parts);
      return params === undefined ? [] : [{ route, params }];
    });
    const found = fitting.find(({ route }) => route.method === method);
    if (found === undefined) {
      return fitting.length === 0 ? { kind: 'not-found' } : { kind: 'method-not-allowed', allow: fitting.map(({ route }) => route.method) };
    }
    const params = decodeParams(found.params);
    return typeof params === 'string' ? { kind: 'bad-param', name: params } : { kind: 'found', route: found.route, params };
  }
}
