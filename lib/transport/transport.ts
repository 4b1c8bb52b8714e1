import { Agent, type Dispatcher } from 'undici';
import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { Handler } from '../pipeline/middleware.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import { WechatpayResponse } from '../response.js';
import { mutualTlsConnect, refusedCertificateNote, type ClientCertificate } from './mtls.js';

/** Client-wide transport settings (seconds, as Guzzle's `timeout` and `connect_timeout`). */
export interface TransportOptions {
  /** The dispatcher every request uses unless a request names its own; by default a keep-alive `Agent`. */
  dispatcher?: Dispatcher | undefined;
  /** Overall deadline per request, in seconds. */
  timeout?: number | undefined;
  /** Connect (TCP + TLS) deadline, in seconds. */
  connect_timeout?: number | undefined;
  /** CA certificates to trust for TLS instead of Node's bundled roots. */
  ca?: Buffer | undefined;
  /** The merchant's client certificate, presented by requests with `security: true` (mutual TLS). */
  clientCertificate?: ClientCertificate | undefined;
}

/**
 * The undici transport of a client: one keep-alive dispatcher, reused by every request; and, for `security: true`
 * requests, one keep-alive mutual-TLS agent presenting the merchant's client certificate, built on first use and
 * reused.
 */
export class Transport {
  readonly dispatcher: Dispatcher;
  readonly #owned: Dispatcher[] = [];
  readonly #timeout: number | undefined;
  readonly #connectTimeout: number | undefined;
  /** The agents made on demand: by `connect_timeout` value, and the mutual-TLS ones. */
  readonly #agents = new Map<string, Dispatcher>();
  /** TLS options every agent of this transport shares (the `verify` CA). */
  readonly #tls: Record<string, unknown>;
  readonly #clientCertificate: ClientCertificate | undefined;
  readonly #callerDispatcher: boolean;

  constructor(options: TransportOptions = {}) {
    this.#timeout = options.timeout;
    this.#connectTimeout = options.connect_timeout;
    this.#tls = options.ca === undefined ? {} : { ca: options.ca };
    this.#clientCertificate = options.clientCertificate;
    this.#callerDispatcher = options.dispatcher !== undefined;
    if (options.dispatcher !== undefined) {
      this.dispatcher = options.dispatcher;
    } else {
      this.dispatcher = Transport.agent(options.connect_timeout, this.#tls);
      this.#owned.push(this.dispatcher);
    }
  }

  /** A keep-alive agent with an optional connect deadline in seconds. */
  static agent(connectTimeout?: number, connect: Record<string, unknown> = {}): Agent {
    return new Agent({
      keepAliveTimeout: 4_000,
      connect: connectTimeout === undefined ? connect : { ...connect, timeout: Math.ceil(connectTimeout * 1000) },
    });
  }

  /** The terminal handler of a pipeline: sends the request as it stands. */
  readonly send: Handler = (request) => this.#send(request);

  /** Closes the dispatchers this transport created (not one the caller passed in). */
  async close(): Promise<void> {
    await Promise.all([...this.#owned, ...this.#agents.values()].map((d) => d.close()));
  }

  /**
   * The dispatcher of a request: its own `dispatcher`; else, with `security: true`, the mutual-TLS agent; else the
   * client's, or an agent for its `connect_timeout`.
   * @throws ConfigError for `security: true` without a usable client certificate (before anything is sent).
   */
  #dispatcherFor(request: WechatpayRequest): Dispatcher {
    const { dispatcher, connect_timeout: connectTimeout, security } = request.options;
    if (dispatcher !== undefined) return dispatcher;
    if (security === true) {
      const connect = mutualTlsConnect(this.#clientCertificate, this.#tls, this.#callerDispatcher);
      return this.#agent(`mtls:${String(connectTimeout ?? this.#connectTimeout)}`, connectTimeout ?? this.#connectTimeout, connect);
    }
    return connectTimeout === undefined ? this.dispatcher : this.#agent(`tls:${String(connectTimeout)}`, connectTimeout, this.#tls);
  }

  /** The agent made once for `key`, reused after. */
  #agent(key: string, connectTimeout: number | undefined, connect: Record<string, unknown>): Dispatcher {
    let agent = this.#agents.get(key);
    if (agent === undefined) {
      agent = Transport.agent(connectTimeout, connect);
      this.#agents.set(key, agent);
    }
    return agent;
  }

  async #send(request: WechatpayRequest): Promise<WechatpayResponse> {
    const dispatcher = this.#dispatcherFor(request);
    const seconds = request.options.timeout ?? this.#timeout;
    const deadline = seconds === undefined ? undefined : AbortSignal.timeout(Math.ceil(seconds * 1000));
    const signals = [request.options.signal, deadline].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    try {
      const answer = await dispatcher.request({
        origin: request.url.origin,
        path: request.target,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal,
      });
      const { headers } = answer;
      if (request.options.stream === true && answer.statusCode < 300) {
        return new WechatpayResponse({ status: answer.statusCode, statusText: answer.statusText, headers, stream: answer.body });
      }
      const body = Buffer.from(await answer.body.arrayBuffer());
      return new WechatpayResponse({ status: answer.statusCode, statusText: answer.statusText, headers, body });
    } catch (cause) {
      throw networkError(request, cause, deadline, seconds);
    }
  }
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  return typeof code === 'string' ? code : codeOf(cause);
}

function networkError(request: WechatpayRequest, cause: unknown, deadline: AbortSignal | undefined, seconds: number | undefined): NetworkError {
  const where = `${request.method} ${request.url.origin}${request.url.pathname}`;
  const summary = request.summary();
  if (deadline?.aborted === true) {
    return new TimeoutError(`${where} timed out after ${String(seconds)}s (the \`timeout\` option).`, summary, { cause, code: 'ETIMEDOUT' });
  }
  const code = codeOf(cause);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TimeoutError(`${where} could not connect in time (the \`connect_timeout\` option).`, summary, { cause, code });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError(`${where} timed out waiting for the answer (${code}).`, summary, { cause, code });
  }
  if (request.options.signal?.aborted === true) {
    return new NetworkError(`${where} was aborted by its signal.`, summary, { cause, code: 'ABORT_ERR' });
  }
  const reason = cause instanceof Error ? cause.message : String(cause);
  const note = refusedCertificateNote(request.url, code, request.options.security === true);
  const message = `${where} failed: ${reason}${code !== undefined && !reason.includes(code) ? ` (${code})` : ''}${note === undefined ? '' : `. ${note}`}`;
  return new NetworkError(message, summary, { cause, code });
}
