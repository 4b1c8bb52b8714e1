/**
 * The loopback WeChat Pay emulator: an HTTP and an HTTPS (mutual TLS) listener on 127.0.0.1 that check every
 * request's signature over the exact bytes received and sign every answer as WeChat Pay does, APIv3 and APIv2.
 *
 * @module
 */

import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { Formatter } from '../formatter.js';
import { rateLimited, sealAnswer, systemError, writeAnswer, type Answer } from './answer.js';
import { authorizationIssue, unauthorized, type ReceivedRequest } from './authorization.js';
import { CONTROL_PREFIX, isControlTarget, serveControl } from './control/control.js';
import { dispatch } from './dispatch.js';
import { delayOf, FaultQueue, oversizedOf, socketFaultOf, type Fault } from './faults.js';
import { misbehave, oversizedBody, oversizedV2 } from './socket-faults.js';
import { publicKeyId, sandboxKeys, type SandboxKeys, type SandboxMode } from './keys.js';
import { createTestPki, DEFAULT_SANDBOX_MCHID, type TestPki } from './pki/index.js';
import { sendNotification, type NotificationKind, type NotificationOverrides, type NotifierReply } from './notifier.js';
import { Payments, type PayOptions, type PaymentEvent } from './payments/payments.js';
import { decodeQuery, Recorder, recordOf, splitTarget, type RecordedRequest } from './recorder.js';
import { PlatformRotation } from './rotation.js';
import { Router } from './router.js';
import { ROUTES } from './routes/index.js';
import { closeListener, listen, readBody, type Listeners } from './listeners.js';
import { checkKey, type SandboxClientConfig, type SandboxOptions } from './options.js';
import { initialState, RateCounter, type SandboxState } from './state.js';
import { answerV2, type V2Reply } from './v2/dispatch.js';
import { clientCertificateOf, createHttpsListener, type SandboxHttpsClientConfig } from './v2/https.js';

export type { SandboxClientConfig, SandboxOptions } from './options.js';

/** The path prefix whose requests must carry a valid `Authorization`. */
const APIV3_PREFIX = '/v3/';

/** A request once read, checked and recorded. */
interface Received extends ReceivedRequest {
  /** The raw path, before `?`. */
  readonly path: string;
  /** The raw query, after `?`. */
  readonly rawQuery: string;
  /** The `Content-Type` header, if any. */
  readonly contentType: string | undefined;
  /** Whether the request is an APIv3 one: under `/v3/`, or carrying an `Authorization` (a base path such as `/hk/v3/`). The `Authorization` was checked. */
  readonly apiV3: boolean;
  /** Why the `Authorization` check failed, if it did. */
  readonly authError: string | undefined;
}

/**
 * A loopback WeChat Pay APIv3 emulator for tests and demos.
 *
 * Every request under `/v3/` has its `Authorization` checked first (merchant ID, serial, a ±300 s clock
 * window, nonce, and the SHA256withRSA signature over the method, raw target and body bytes exactly as
 * received); a failure answers `401 SIGN_ERROR` naming the cause. Every answer, errors included, carries
 * `Wechatpay-Nonce`, `-Timestamp`, `-Serial` and `-Signature` made with the platform key. Any other request (outside
 * `/v3/`, without an `Authorization`) is an APIv2 one: its XML `sign` is checked with {@link Sandbox.secret} and the
 * answer is signed XML (see `answerV2`). The same endpoints are served over HTTPS at {@link Sandbox.httpsUrl}.
 *
 * ```ts
 * const sandbox = await Sandbox.start();
 * const wxpay = Builder.factory(sandbox.clientConfig());
 * await wxpay.v3.businesscircle.parkings.post({ json: { … } }); // 204
 * await sandbox.close();
 * ```
 */
export class Sandbox {
  /** The base URL, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /**
   * The HTTPS base URL, `https://127.0.0.1:<port>/`: the same endpoints over TLS with the `pki.server` certificate
   * (trust `pki.ca`), requesting the merchant's client certificate; the APIv2 certificate endpoints need it.
   */
  readonly httpsUrl: string;
  /** The control API's base URL, `http://127.0.0.1:<port>/__sandbox/` (also served over HTTPS): see docs/sandbox.md. */
  readonly controlUrl: string;
  /** The merchant ID the sandbox expects. */
  readonly mchid: string;
  /** The merchant API certificate serial the sandbox expects in `serial_no`. */
  readonly merchantSerial: string;
  /**
   * Its platform certificates and public key, and which of them signs: `rotation.rotate()` issues a new certificate,
   * `rotation.use('public-key' | 'certificate' | 'both')` switches (see {@link PlatformRotation}).
   */
  readonly rotation: PlatformRotation;
  /** How answers are identified. */
  readonly mode: SandboxMode;
  /** The keys and certificates (CA, HTTPS server, merchant, platform). */
  readonly pki: TestPki;
  /** The per-endpoint state; set its members to change what the endpoints answer. */
  readonly state: SandboxState;
  /** The merchant's APIv3 key (32 characters): what callbacks and platform certificates are encrypted with. */
  readonly apiv3Key: string;
  /** The merchant's APIv2 key (32 characters). */
  readonly secret: string;
  /** The orders and refunds of the payment endpoints, and what a test does in WeChat Pay's place (see docs/sandbox.md). */
  readonly payments: Payments;

  readonly #keys: SandboxKeys;
  readonly #server: Server;
  readonly #httpsServer: HttpsServer;
  #handshakes = 0;
  readonly #router = new Router(ROUTES);
  readonly #recorder = new Recorder();
  readonly #faults = new FaultQueue();
  readonly #rates = new RateCounter();
  readonly #closing = new AbortController();
  #closed: Promise<void> | undefined;

  private constructor(keys: SandboxKeys, listeners: Listeners, state: SandboxState, secrets: { apiv3Key: string; secret: string }) {
    this.#keys = keys;
    // every delayed or misbehaving answer listens for the close: as many at once as there are connections
    setMaxListeners(0, this.#closing.signal);
    this.apiv3Key = secrets.apiv3Key;
    this.secret = secrets.secret;
    const { server, port, httpsServer, httpsPort } = listeners;
    this.#server = server;
    this.#httpsServer = httpsServer;
    this.url = `http://127.0.0.1:${port}/`;
    this.httpsUrl = `https://127.0.0.1:${httpsPort}/`;
    this.controlUrl = `http://127.0.0.1:${port}${CONTROL_PREFIX}`;
    this.mchid = keys.mchid;
    this.merchantSerial = keys.merchantSerial;
    this.rotation = new PlatformRotation(keys.pki, publicKeyId(keys.pki.platform.key), keys.mode);
    this.mode = keys.mode;
    this.pki = keys.pki;
    this.state = state;
    this.payments = new Payments(this);
    for (const listener of [server, httpsServer]) {
      listener.on('request', (request: IncomingMessage, response: ServerResponse) => {
        void this.#serve(request, response);
      });
    }
    httpsServer.on('secureConnection', () => {
      this.#handshakes += 1;
    });
  }

  /**
   * Starts a sandbox on 127.0.0.1.
   *
   * @param options - merchant ID, mode, port, rate limit, PKI to reuse
   * @returns the running sandbox; {@link Sandbox.close} it when done
   * @throws TypeError for an unknown mode
   * @throws RangeError for a rate limit that is not a whole number ≥ 0
   */
  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const mode = options.mode ?? 'public-key';
    if (mode !== 'public-key' && mode !== 'certificate') throw new TypeError(`Unknown sandbox mode ${JSON.stringify(mode)}.`);
    const state = initialState(options.rateLimit);
    if (!Number.isInteger(state.rateLimit) || state.rateLimit < 0) throw new RangeError(`rateLimit must be a whole number >= 0, got ${String(state.rateLimit)}.`);
    const mchid = options.mchid ?? DEFAULT_SANDBOX_MCHID;
    const keys = sandboxKeys(mchid, mode, options.pki ?? createTestPki({ mchid }));
    const secrets = { apiv3Key: checkKey('apiv3Key', options.apiv3Key), secret: checkKey('secret', options.secret) };
    const server = createServer();
    const httpsServer = createHttpsListener(keys.pki);
    const port = await listen(server, options.port ?? 0);
    const httpsPort = await listen(httpsServer, 0).catch(async (error: unknown) => {
      await new Promise((resolve) => server.close(resolve));
      throw error;
    });
    return new Sandbox(keys, { server, port, httpsServer, httpsPort }, state, secrets);
  }

  /**
   * The `Wechatpay-Serial` of its next answer: `PUB_KEY_ID_` + 28 digits, or the platform certificate serial in
   * certificate mode (the newest one after a {@link PlatformRotation.rotate}).
   */
  get platformSerial(): string {
    return this.rotation.serial;
  }

  /** Every request received, oldest first (a snapshot). */
  get requests(): readonly RecordedRequest[] {
    return this.#recorder.all();
  }

  /** The most recent request, if any. */
  lastRequest(): RecordedRequest | undefined {
    return this.#recorder.last();
  }

  /**
   * A ready client configuration: the merchant ID, serial and private key, the platform verifier
   * under {@link Sandbox.platformSerial}, and `base_uri` = {@link Sandbox.url}.
   */
  clientConfig(): SandboxClientConfig {
    const keys = this.#keys;
    return {
      mchid: keys.mchid,
      serial: keys.merchantSerial,
      privateKey: keys.pki.merchant.key,
      certs: { [keys.platformSerial]: keys.platformVerifier },
      base_uri: this.url,
      secret: this.secret,
    };
  }

  /**
   * {@link Sandbox.clientConfig} for {@link Sandbox.httpsUrl}: `base_uri` is the HTTPS URL, `verify` the test CA,
   * and `merchant` the merchant's client certificate and key (PEM), so `security: true` requests present it.
   */
  httpsClientConfig(): SandboxHttpsClientConfig {
    const { pki } = this.#keys;
    return { ...this.clientConfig(), base_uri: this.httpsUrl, verify: pki.ca.cert, merchant: { cert: pki.merchant.cert, key: pki.merchant.keyPem } };
  }

  /** How many TLS connections the HTTPS listener has accepted since the start (or the last {@link Sandbox.reset}). */
  get tlsHandshakes(): number {
    return this.#handshakes;
  }

  /**
   * Arms a fault for the next `times` answers, whatever the route. Faults of different kinds combine.
   *
   * @param fault - the misbehaviour
   * @param times - how many answers it applies to (default 1); `Infinity` until {@link Sandbox.reset}
   * @returns this sandbox, for chaining
   * @throws TypeError for an unknown fault
   * @throws RangeError for a bad delay or count
   */
  fault(fault: Fault, times = 1): this {
    this.#faults.arm(fault, times);
    return this;
  }

  /** Clears the recorded requests, the armed faults, the rate counters and the TLS handshake count. {@link Sandbox.state} is kept. */
  reset(): void {
    this.#handshakes = 0;
    this.#recorder.clear();
    this.#faults.clear();
    this.#rates.clear();
  }

  /**
   * Sends a signed, encrypted callback of `kind` (the three 智慧商圈 callbacks, or an APIv2 payment or refund) to your
   * handler at `url`, as WeChat Pay would, and resolves with what the handler answered.
   */
  notify(kind: NotificationKind, url: string | URL, overrides?: NotificationOverrides): Promise<NotifierReply> {
    const signer = this.rotation.next();
    return sendNotification(this, kind, url, { signingKey: signer.key, serial: signer.serial, ...overrides });
  }

  /**
   * The user pays the order `outTradeNo`; the 支付成功 callback goes to its `notify_url` (see {@link Payments.pay}).
   *
   * @throws SandboxPaymentError `ORDER_NOT_EXIST`, `ORDER_CLOSED`, `ORDERPAID`
   */
  pay(outTradeNo: string, options?: PayOptions): Promise<PaymentEvent> {
    return this.payments.pay(outTradeNo, options);
  }

  /**
   * The refund `outRefundNo` succeeds; the `REFUND.SUCCESS` callback goes to its `notify_url` (see {@link Payments.endRefund}).
   *
   * @throws SandboxPaymentError `RESOURCE_NOT_EXISTS`, or `INVALID_REQUEST` for a refund that already ended
   */
  refundSucceeded(outRefundNo: string): Promise<PaymentEvent> {
    return this.payments.endRefund(outRefundNo, 'SUCCESS');
  }

  /** Stops both listeners, ends every connection (keep-alive included) and drops delayed answers. Idempotent. */
  close(): Promise<void> {
    this.#closing.abort();
    this.#closed ??= Promise.all([this.#server, this.#httpsServer].map(closeListener)).then(() => undefined);
    return this.#closed;
  }

  /**
   * Reads, checks, records and answers one request. A client that goes away mid-request, or a close
   * during a delay, leaves nobody to answer: the socket is dropped.
   */
  async #serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request).catch(() => undefined);
    if (body === undefined) {
      response.destroy();
      return;
    }
    if (isControlTarget(request.url ?? '/')) {
      await serveControl(this, request, body, response);
      return;
    }
    const received = this.#receive(request, body);
    const faults = this.#faults.take();
    const reply = received.apiV3 ? this.#replyV3(received, faults) : this.#replyV2(received, request, faults);
    const delay = delayOf(faults);
    const awake = delay === 0 || (await sleep(delay, true, { signal: this.#closing.signal }).catch(() => false));
    const wire = awake ? reply() : 'hang-up';
    if (wire === 'hang-up') {
      request.socket.destroy();
      return;
    }
    const socketFault = socketFaultOf(faults);
    if (socketFault === undefined) writeAnswer(response, wire);
    else misbehave(socketFault, request, response, wire, this.#closing.signal);
  }

  /** Checks the `Authorization` of an APIv3 request (under `/v3/`, or any request that carries one) and records it. */
  #receive(request: IncomingMessage, body: Buffer): Received {
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const { path, rawQuery } = splitTarget(target);
    const apiV3 = path.startsWith(APIV3_PREFIX) || request.headers.authorization !== undefined;
    const merchant = { mchid: this.#keys.mchid, serial: this.#keys.merchantSerial, publicKey: this.#keys.merchantPublicKey };
    const signed = { method, target, body, authorization: request.headers.authorization, headers: request.headers };
    const authError = apiV3 ? authorizationIssue(signed, merchant, Formatter.timestamp()) : undefined;
    this.#recorder.add(recordOf({ method, target, headers: request.headers, body, authorized: apiV3 && authError === undefined, authError }));
    return { ...signed, path, rawQuery, contentType: request.headers['content-type'], apiV3, authError };
  }

  /** The APIv3 answer, signed when it is written (after any delay). */
  #replyV3(received: Received, faults: readonly Fault[]): () => V2Reply {
    const oversized = oversizedOf(faults);
    const answer = oversized !== undefined ? { status: 200, raw: { contentType: 'application/json', bytes: oversizedBody(oversized) } } : faults.includes('system-error') ? systemError() : faults.includes('rate-limited') ? rateLimited() : this.#answer(received);
    return () => sealAnswer(answer, this.rotation.next(), faults);
  }

  /** The APIv2 answer (see `answerV2`). */
  #replyV2(received: Received, request: IncomingMessage, faults: readonly Fault[]): () => V2Reply {
    const v2 = { ...received, clientCertificate: clientCertificateOf(request.socket) };
    const oversized = oversizedOf(faults);
    if (oversized !== undefined) return () => oversizedV2(oversized);
    const answer = answerV2(v2, { mchid: this.#keys.mchid, secret: this.secret, state: this.state, ledger: this.payments.ledger }, faults);
    return () => answer;
  }

  /** The answer to a received APIv3 request: 401 when unauthorized, else the route's. */
  #answer(received: Received): Answer {
    const { authError } = received;
    if (authError !== undefined) return unauthorized(authError, received);
    const request = { ...received, query: decodeQuery(received.rawQuery), mchid: this.#keys.mchid };
    return dispatch(request, { router: this.#router, rates: this.#rates, state: this.state, now: new Date(), platform: this });
  }
}
