import { Agent, type Dispatcher } from 'undici';
import { rememberStreamLimit } from '../pipeline/buffered.js';
import type { Handler } from '../pipeline/middleware.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import { WechatpayResponse } from '../response.js';
import { timedConnector } from './connector.js';
import { Deadline } from './deadline.js';
import { failureOf, type FailureSettings } from './failure.js';
import { DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_V2_RESPONSE_SIZE, DEFAULT_READ_TIMEOUT, DEFAULT_TIMEOUT, pick, validateSeconds, validateSize } from './limits.js';
import { mutualTlsConnect, type ClientCertificate } from './mtls.js';
import { declaredLength, readBody, release } from './read-body.js';
import { typedStream } from './typed-stream.js';

/** Client-wide transport settings (seconds, as Guzzle's `timeout`, `connect_timeout` and `read_timeout`). */
export interface TransportOptions {
  /** The dispatcher every request uses unless a request names its own; by default a keep-alive `Agent`. */
  dispatcher?: Dispatcher | undefined;
  /** Overall deadline per request, in seconds; `null` for none; default {@link DEFAULT_TIMEOUT}. */
  timeout?: number | null | undefined;
  /** Connect (DNS, TCP and TLS) deadline, in seconds; default {@link DEFAULT_CONNECT_TIMEOUT}. */
  connect_timeout?: number | undefined;
  /** Idle limit between chunks of a streamed body, in seconds; `null` for none; default {@link DEFAULT_READ_TIMEOUT}. */
  read_timeout?: number | null | undefined;
  /** Largest buffered answer, in bytes; `null` for none; default by protocol ({@link DEFAULT_MAX_RESPONSE_SIZE}). */
  max_response_size?: number | null | undefined;
  /** CA certificates to trust for TLS instead of Node's bundled roots. */
  ca?: Buffer | undefined;
  /** The merchant's client certificate, presented by requests with `security: true` (mutual TLS). */
  clientCertificate?: ClientCertificate | undefined;
}

/**
 * The undici transport of a client: one keep-alive dispatcher, reused by every request; and, for `security: true`
 * requests, one keep-alive mutual-TLS agent presenting the merchant's client certificate, built on first use and
 * reused. Every request has a deadline (the call's, or one of its own) and a bounded body.
 */
export class Transport {
  readonly dispatcher: Dispatcher;
  readonly #owned: Dispatcher[] = [];
  readonly #options: TransportOptions;
  readonly #connectTimeout: number;
  /** The agents made on demand: by `connect_timeout` value, and the mutual-TLS ones. */
  readonly #agents = new Map<string, Dispatcher>();
  /** TLS options every agent of this transport shares (the `verify` CA). */
  readonly #tls: Record<string, unknown>;
  readonly #callerDispatcher: boolean;

  constructor(options: TransportOptions = {}) {
    this.#options = options;
    this.#connectTimeout = options.connect_timeout ?? DEFAULT_CONNECT_TIMEOUT;
    this.#tls = options.ca === undefined ? {} : { ca: options.ca };
    this.#callerDispatcher = options.dispatcher !== undefined;
    if (options.dispatcher !== undefined) {
      this.dispatcher = options.dispatcher;
    } else {
      this.dispatcher = Transport.agent(this.#connectTimeout, this.#tls);
      this.#owned.push(this.dispatcher);
    }
  }

  /** A keep-alive agent with a precise connect deadline in seconds (default {@link DEFAULT_CONNECT_TIMEOUT}). */
  static agent(connectTimeout: number = DEFAULT_CONNECT_TIMEOUT, connect: Record<string, unknown> = {}): Agent {
    return new Agent({ keepAliveTimeout: 4_000, connect: timedConnector(Math.ceil(connectTimeout * 1000), connect) });
  }

  /** The terminal handler of a pipeline: sends the request as it stands. */
  readonly send: Handler = (request) => this.#send(request);

  /** Closes the dispatchers this transport created (not one the caller passed in). */
  async close(): Promise<void> {
    await Promise.all([...this.#owned, ...this.#agents.values()].map((d) => d.close()));
  }

  /**
   * The deadlines and limits of one request: its own options, else the client's, else the defaults.
   * @throws ConfigError for a request option out of range (before anything is sent)
   */
  settingsOf(request: WechatpayRequest): FailureSettings {
    const { options } = request;
    const client = this.#options;
    return {
      timeout: this.#timeoutOf(request),
      connectTimeout: validateSeconds('connect_timeout', options.connect_timeout) ?? this.#connectTimeout,
      readTimeout: pick(validateSeconds('read_timeout', options.read_timeout), client.read_timeout, DEFAULT_READ_TIMEOUT),
      maxResponseSize: pick(validateSize(options.max_response_size), client.max_response_size, request.protocol === 'v2' ? DEFAULT_MAX_V2_RESPONSE_SIZE : DEFAULT_MAX_RESPONSE_SIZE),
    };
  }

  /**
   * A new deadline for one call (its `timeout` and `signal`), to be disposed of when the call has its answer.
   * @throws ConfigError for a request option out of range
   */
  deadlineFor(request: WechatpayRequest): Deadline {
    return new Deadline(this.#timeoutOf(request) ?? undefined, request.options.signal);
  }

  /** The overall deadline of a request in seconds (`null` for none): its own, else the client's, else the default. */
  #timeoutOf(request: WechatpayRequest): number | null {
    return pick(validateSeconds('timeout', request.options.timeout), this.#options.timeout, DEFAULT_TIMEOUT);
  }

  /**
   * The dispatcher of a request: its own `dispatcher`; else, with `security: true`, the mutual-TLS agent; else the
   * client's, or an agent for its `connect_timeout`.
   * @throws ConfigError for `security: true` without a usable client certificate (before anything is sent).
   */
  #dispatcherFor(request: WechatpayRequest, connectTimeout: number): Dispatcher {
    const { dispatcher, security } = request.options;
    if (dispatcher !== undefined) return dispatcher;
    if (security === true) {
      const connect = mutualTlsConnect(this.#options.clientCertificate, this.#tls, this.#callerDispatcher);
      return this.#agent(`mtls:${String(connectTimeout)}`, connectTimeout, connect);
    }
    const shared = request.options.connect_timeout === undefined || (connectTimeout === this.#connectTimeout && !this.#callerDispatcher);
    return shared ? this.dispatcher : this.#agent(`tls:${String(connectTimeout)}`, connectTimeout, this.#tls);
  }

  /** The agent made once for `key`, reused after. */
  #agent(key: string, connectTimeout: number, connect: Record<string, unknown>): Dispatcher {
    let agent = this.#agents.get(key);
    if (agent === undefined) {
      agent = Transport.agent(connectTimeout, connect);
      this.#agents.set(key, agent);
    }
    return agent;
  }

  async #send(request: WechatpayRequest): Promise<WechatpayResponse> {
    const settings = this.settingsOf(request);
    const dispatcher = this.#dispatcherFor(request, settings.connectTimeout);
    const own = request.deadline === undefined;
    const deadline = request.deadline ?? new Deadline(settings.timeout ?? undefined, request.options.signal);
    try {
      const answer = await deadline.race(
        dispatcher.request({
          origin: request.url.origin,
          path: request.target,
          method: request.method,
          headers: request.headers,
          body: request.body ?? null,
          signal: deadline.signal,
          bodyTimeout: settings.readTimeout === null ? 0 : Math.ceil(settings.readTimeout * 1000),
          ...(settings.timeout === null ? { headersTimeout: 0 } : {}),
        }),
        (late) => {
          release(late.body);
        },
      );
      const { headers, statusCode: status, statusText } = answer;
      if (request.options.stream === true && status < 300) {
        const idleMs = settings.readTimeout === null ? null : Math.ceil(settings.readTimeout * 1000);
        const stream = typedStream(answer.body, (cause) => failureOf(request, cause, settings), request.options.signal, idleMs);
        const response = new WechatpayResponse({ status, statusText, headers, stream });
        rememberStreamLimit(response, settings.maxResponseSize);
        return response;
      }
      const body = await deadline.race(readBody(answer.body, settings.maxResponseSize, declaredLength(headers['content-length'])));
      return new WechatpayResponse({ status, statusText, headers, body });
    } catch (cause) {
      throw failureOf(request, cause, settings);
    } finally {
      if (own) deadline.dispose();
    }
  }
}
