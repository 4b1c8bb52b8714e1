import { STATUS_CODES } from 'node:http';
import { inspect } from 'node:util';
import type { Readable } from 'node:stream';
import { clip } from './errors/clip.js';
import type { Attempt } from './resilience/attempt.js';
import { Transformer } from './transformer/transformer.js';

/** APIv2 answers parsed by the pipeline's check, so `toArray()` does not parse them again. */
const parsedXml = new WeakMap<WechatpayResponse, Record<string, unknown>>();

/** The attempts behind each answer that went through the `retry` middleware. */
const attemptsOf = new WeakMap<WechatpayResponse, readonly Attempt[]>();

/** Records the attempts a call made before this answer (package-internal). */
export function rememberAttempts(response: WechatpayResponse, attempts: readonly Attempt[]): void {
  attemptsOf.set(response, attempts);
}

/** Lets `res.toArray()` reuse what the APIv2 answer check parsed (package-internal). */
export function rememberXml(response: WechatpayResponse, data: Record<string, unknown>): void {
  parsedXml.set(response, data);
}

/** Response headers with lower-case names, as undici gives them; repeated headers are arrays. */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/**
 * An answer from WeChat Pay (or from the sandbox): buffered by default, or streamed with `stream: true`.
 *
 * Node-style accessors (`status`, `headers`, `text()`, `json()`) sit beside the PSR-7 getters that PHP users know
 * (`getStatusCode()`, `getHeaderLine()`, `getBody()` …), so `String(res.getBody())` is the text, as PHP's
 * `(string) $response->getBody()`.
 */
export class WechatpayResponse<TBody = unknown, TArray extends Record<string, unknown> = Record<string, unknown>> {
  /** The HTTP status code. */
  readonly status: number;
  /** The reason phrase the server sent, or the standard one for the status. */
  readonly statusText: string;
  /** Headers with lower-case names. */
  readonly headers: ResponseHeaders;
  /** The whole body, when buffered (the default). */
  readonly body: Buffer | null;
  /** The body as a stream, when the request asked for `stream: true`. */
  readonly stream: Readable | null;

  constructor(init: { status: number; statusText?: string; headers: ResponseHeaders; body?: Buffer | null; stream?: Readable | null }) {
    this.status = init.status;
    this.statusText = init.statusText !== undefined && init.statusText !== '' ? init.statusText : (STATUS_CODES[init.status] ?? '');
    this.headers = init.headers;
    this.body = init.body ?? null;
    this.stream = init.stream ?? null;
  }

  /**
   * The attempts the call made, oldest first (one when the first succeeded): where each went and why it failed.
   * Empty when the answer did not come through the `retry` middleware.
   */
  get attempts(): readonly Attempt[] {
    return attemptsOf.get(this) ?? [];
  }

  /** The body decoded as UTF-8 (empty for a streamed response, whose bytes are in {@link stream}). */
  text(): string {
    return this.body === null ? '' : this.body.toString('utf8');
  }

  /** The body parsed as JSON; `undefined` for an empty body. Throws `SyntaxError` for a body that is not JSON. */
  // The caller names the type it expects: `res.json<{ code_url: string }>()`.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  json<T = TBody>(): T {
    const text = this.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /**
   * The body as `Transformer.toArray` reads it, for an APIv2 answer: `res.toArray().user_state`. Parsed once per
   * response (the APIv2 pipeline's answer check already did it); every call returns that same object.
   * `Transformer.toArray(String(res.getBody()))`, PHP's way, gives an equal object.
   * @throws XmlError when the body is not XML the transformer accepts.
   */
  toArray(): TArray {
    let data = parsedXml.get(this);
    if (data === undefined) {
      data = Transformer.toArray(this.body ?? '');
      parsedXml.set(this, data);
    }
    // The shape is the typed endpoint's description (text values), as `json()`'s is.
    return data as TArray;
  }

  /** The first value of a header (case-insensitive), or `undefined`. */
  header(name: string): string | undefined {
    const value = this.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /** PSR-7: the status code. */
  getStatusCode(): number {
    return this.status;
  }

  /** PSR-7: the reason phrase. */
  getReasonPhrase(): string {
    return this.statusText;
  }

  /** PSR-7: every header as a list of values. */
  getHeaders(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(this.headers)) {
      if (value !== undefined) out[name] = Array.isArray(value) ? [...value] : [value];
    }
    return out;
  }

  /** PSR-7: whether the header is present (case-insensitive). */
  hasHeader(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }

  /** PSR-7: the values of one header (case-insensitive); `[]` when absent. */
  getHeader(name: string): string[] {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return [];
    return Array.isArray(value) ? [...value] : [value];
  }

  /** PSR-7: the values of one header joined by `, `; `''` when absent. */
  getHeaderLine(name: string): string {
    return this.getHeader(name).join(', ');
  }

  /**
   * PSR-7: the body. Buffered: a `Buffer`, whose `String()` is the UTF-8 text. Streamed: the `Readable`.
   */
  getBody(): Buffer | Readable {
    return this.stream ?? this.body ?? Buffer.alloc(0);
  }

  /**
   * What `JSON.stringify` writes: status, headers (each value clipped) and the body's size, never its bytes, so an
   * error that carries a large answer logs cheaply.
   */
  toJSON(): { status: number; statusText: string; headers: Record<string, string>; body: string } {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.headers)) {
      if (value !== undefined) headers[name] = clip(Array.isArray(value) ? value.join(', ') : value);
    }
    return { status: this.status, statusText: clip(this.statusText), headers, body: this.body === null ? '[stream]' : `[${String(this.body.length)} bytes]` };
  }

  /** A short, secret-free summary for logs and the REPL. */
  [inspect.custom](): string {
    const size = this.body === null ? 'stream' : `${this.body.length} bytes`;
    return `WechatpayResponse { ${this.status} ${this.statusText}, ${size}, request-id: ${this.header('request-id') ?? '-'} }`;
  }
}
