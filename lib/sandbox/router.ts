/**
 * The route table: a method and a path pattern with `{param}` segments, mapped to a small handler
 * that turns a validated input into an {@link Answer}.
 *
 * @module
 */

import type { Answer } from './answer.js';
import type { SandboxState } from './state.js';
import type { JsonObject } from './validation.js';

/** What a handler receives. */
export interface RouteInput {
  /** The path parameters, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The query, percent-decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** The JSON body of a POST (`{}` for other methods). */
  readonly body: JsonObject;
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
  /** The HTTP method. A `POST` route takes a JSON object body. */
  readonly method: 'GET' | 'POST';
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
