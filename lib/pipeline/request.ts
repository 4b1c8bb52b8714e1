import type { Readable } from 'node:stream';
import { inspect } from 'node:util';
import type { RequestOptions } from '../builder/types.js';
import { summarize, type RequestSummary } from '../errors/request-summary.js';
import type { Deadline } from '../transport/deadline.js';

/** Which protocol stack a request goes through. */
export type Protocol = 'v2' | 'v3';

/**
 * The one object that travels through a pipeline. Every middleware reads and writes the same fields:
 * `url` holds the path and query exactly as they will be sent (and so as they are signed), `headers` have
 * lower-case names, `body` holds the bytes to send and `signBody`, when set, what the APIv3 signer signs instead.
 * Printing it (`util.inspect`, `console.log`) shows no secret.
 */
export class WechatpayRequest {
  /** `v2` (XML) or `v3` (JSON). */
  readonly protocol: Protocol;
  /** The method, upper case. */
  method: string;
  /** The absolute URL; `url.pathname + url.search` is the request target on the wire. */
  url: URL;
  /** Headers with lower-case names. */
  headers: Record<string, string>;
  /** The body to send. */
  body: string | Uint8Array | Readable | undefined;
  /** What the APIv3 signer signs instead of the body (the `meta` JSON of an upload). */
  signBody: string | undefined;
  /** The per-request options as the caller gave them (template variables included). */
  readonly options: RequestOptions;
  /** The call's deadline, set when the call starts; the transport makes one of its own when it is absent. */
  deadline: Deadline | undefined;

  constructor(init: {
    protocol: Protocol;
    method: string;
    url: URL;
    headers?: Record<string, string>;
    body?: string | Uint8Array | Readable | undefined;
    signBody?: string | undefined;
    options?: RequestOptions;
  }) {
    this.protocol = init.protocol;
    this.method = init.method.toUpperCase();
    this.url = init.url;
    this.headers = init.headers ?? {};
    this.body = init.body;
    this.signBody = init.signBody;
    this.options = init.options ?? {};
  }

  /**
   * A fresh copy to send again (another attempt, or the backup domain): the same method, headers, body bytes and
   * options, at `url` (the same `URL` object: replace `request.url` rather than change it in place), sharing the
   * call's deadline. The pipeline signs the copy anew.
   */
  copy(url: URL = this.url): WechatpayRequest {
    const copy = new WechatpayRequest({ protocol: this.protocol, method: this.method, url, headers: { ...this.headers }, body: this.body, signBody: this.signBody, options: this.options });
    copy.deadline = this.deadline;
    return copy;
  }

  /** The request target as sent and signed: path plus `?query`. */
  get target(): string {
    return this.url.pathname + this.url.search;
  }

  /** Method, URL and headers, with the signature redacted: safe for errors and logs. */
  summary(): RequestSummary {
    return summarize(this.method, this.url, this.headers);
  }

  /** Prints the redacted summary and the body size, never a signature. */
  [inspect.custom](): string {
    const { method, url, headers } = this.summary();
    const size = typeof this.body === 'string' ? Buffer.byteLength(this.body) : this.body instanceof Uint8Array ? this.body.length : this.body === undefined ? 0 : 'stream';
    return `WechatpayRequest ${inspect({ protocol: this.protocol, method, url, headers, body: `${String(size)} bytes` })}`;
  }
}
