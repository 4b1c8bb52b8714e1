import { WechatpayError } from '../errors/wechatpay-error.js';
import type { WechatpayResponse } from '../response.js';
import type { Handler, Middleware } from './middleware.js';
import type { WechatpayRequest } from './request.js';

interface Entry {
  readonly name: string;
  readonly middleware: Middleware;
}

/**
 * A named middleware stack, PHP Guzzle's `HandlerStack` analogue. Entries run outer to inner on the way out
 * (the first entry sees the request first and the answer last); the terminal handler (the transport) is innermost.
 *
 * The APIv3 stack is `verifier → http_errors → signer → transport`; insert your own by name:
 * `pipeline.before('signer', logRequest, 'log')`, `pipeline.remove('verifier')`.
 */
export class Pipeline {
  #entries: Entry[];
  readonly #terminal: Handler;
  #composed: Handler | undefined;

  constructor(terminal: Handler, entries: readonly (readonly [string, Middleware])[] = []) {
    this.#terminal = terminal;
    this.#entries = [];
    for (const [name, middleware] of entries) this.push(middleware, name);
  }

  /** The names, outer to inner. */
  names(): string[] {
    return this.#entries.map((entry) => entry.name);
  }

  /** Whether a middleware of that name is in the stack. */
  has(name: string): boolean {
    return this.#entries.some((entry) => entry.name === name);
  }

  /** Adds a middleware innermost (just before the transport). */
  push(middleware: Middleware, name: string): this {
    return this.#insert(this.#entries.length, middleware, name);
  }

  /** Adds a middleware outermost. */
  unshift(middleware: Middleware, name: string): this {
    return this.#insert(0, middleware, name);
  }

  /** Adds a middleware just outside `target` (it sees the request before `target` does). */
  before(target: string, middleware: Middleware, name: string): this {
    return this.#insert(this.#indexOf(target), middleware, name);
  }

  /** Adds a middleware just inside `target` (it sees the request after `target` does). */
  after(target: string, middleware: Middleware, name: string): this {
    return this.#insert(this.#indexOf(target) + 1, middleware, name);
  }

  /** Removes the named middleware; a name not in the stack is an error. */
  remove(name: string): this {
    this.#indexOf(name);
    this.#entries = this.#entries.filter((entry) => entry.name !== name);
    this.#composed = undefined;
    return this;
  }

  /** An independent copy (e.g. to change the stack for some requests only). */
  clone(): Pipeline {
    return new Pipeline(
      this.#terminal,
      this.#entries.map((entry) => [entry.name, entry.middleware] as const),
    );
  }

  /** Sends a request through the stack. */
  handle(request: WechatpayRequest): Promise<WechatpayResponse> {
    this.#composed ??= this.#compose();
    return this.#composed(request);
  }

  #compose(): Handler {
    let next = this.#terminal;
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const { middleware } = this.#entries[i] as Entry;
      const inner = next;
      next = (request) => middleware(request, inner);
    }
    return next;
  }

  #indexOf(name: string): number {
    const index = this.#entries.findIndex((entry) => entry.name === name);
    if (index < 0) throw new WechatpayError(`No middleware named \`${name}\` in this pipeline (it has: ${this.names().join(', ') || 'none'}).`);
    return index;
  }

  #insert(index: number, middleware: Middleware, name: string): this {
    if (this.has(name)) throw new WechatpayError(`A middleware named \`${name}\` is already in this pipeline; remove it first.`);
    this.#entries.splice(index, 0, { name, middleware });
    this.#composed = undefined;
    return this;
  }
}
