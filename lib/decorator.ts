import { inspect } from 'node:util';
import type { Driver, RequestOptions } from './builder/types.js';
import { resolveBaseUri, resolveCa, resolveMerchant, resolveSecret, resolveV3Settings, type ClientConfig, type V3Settings } from './config.js';
import type { ExpiryMessage } from './diagnostics/channels.js';
import { traced } from './diagnostics/trace.js';
import { ConfigError } from './errors/config-error.js';
import { httpErrors } from './pipeline/http-errors.js';
import { Pipeline } from './pipeline/pipeline.js';
import { prepareRequest, type RequestDefaults } from './pipeline/prepare.js';
import type { Protocol } from './pipeline/request.js';
import type { WechatpayResponse } from './response.js';
import { validateSeconds, validateSize } from './transport/limits.js';
import { Transport } from './transport/transport.js';
import { Failover } from './resilience/failover.js';
import { resolveBackupUri, validateRetries } from './resilience/options.js';
import { retry } from './resilience/retry.js';
import { DEFAULT_RETRIES } from './resilience/retry-policy.js';
import { userAgent } from './transport/user-agent.js';
import { expandTemplate } from './uri/template.js';
import { downloadCertificates } from './v3/certificates.js';
import { PlatformKeySource } from './v3/key-source.js';
import type { PlatformKeys } from './v3/platform-keys.js';
import { V2_ACCEPT, v2Pipeline } from './v2/pipeline.js';
import { signer } from './v3/signer.js';
import { schedulerFor, type SigningScheduler } from './v3/signing-scheduler.js';
import { verifier } from './v3/verifier.js';
import { VERSION } from './version.js';

/** The APIv3 `Accept` header. */
export const V3_ACCEPT = 'application/json, text/plain, application/x-gzip, application/pdf, image/png, image/*;q=0.5';

const V2_PREFIX = /^v2\//i;

/**
 * The driver behind every chain node (PHP's `ClientDecorator`): it expands the URI template with the request
 * options, routes `v2/…` paths to the APIv2 pipeline and everything else to the APIv3 pipeline, and owns the
 * transport. Reach it with `wxpay.getDriver()`.
 */
export class ClientDecorator implements Driver {
  /** The SDK version. */
  static readonly VERSION = VERSION;

  readonly mchid: string;
  /** The transport (one keep-alive undici dispatcher per client). */
  readonly transport: Transport;
  /** The client's failover between `base_uri` and `backup_uri` (`state` says where calls go now); none without a backup. */
  readonly failover: Failover | undefined;
  /** Where this client's APIv3 signatures are computed (`offload_signing`); its `stats` count them. */
  readonly signing: SigningScheduler;
  /**
   * What verifies with the platform keys: `keySource.auto` downloads and refreshes platform certificates (with
   * `apiv3Key`), `keySource.expiry` watches what expires. `undefined` for an APIv2-only client.
   */
  readonly keySource: PlatformKeySource | undefined;
  readonly #v3: V3Settings | undefined;
  readonly #pipelines = new Map<Protocol, Pipeline>();
  readonly #defaults: Record<Protocol, RequestDefaults>;
  readonly #httpErrors: boolean | undefined;

  constructor(config: ClientConfig) {
    this.#v3 = resolveV3Settings(config);
    this.signing = schedulerFor(config.offload_signing);
    this.mchid = config.mchid;
    const secret = resolveSecret(config.secret);
    const clientCertificate = resolveMerchant(config.merchant, config.mchid);
    const base_uri = resolveBaseUri(config.base_uri);
    this.transport = new Transport({
      dispatcher: config.dispatcher,
      timeout: validateSeconds('timeout', config.timeout),
      connect_timeout: validateSeconds('connect_timeout', config.connect_timeout) ?? undefined,
      read_timeout: validateSeconds('read_timeout', config.read_timeout),
      max_response_size: validateSize(config.max_response_size),
      ca: resolveCa(config.verify),
      clientCertificate,
    });
    const userHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers ?? {})) userHeaders[name.toLowerCase()] = value;
    const common = { 'user-agent': userAgent() };
    this.#defaults = {
      v3: { base_uri, headers: { ...common, accept: V3_ACCEPT, ...userHeaders } },
      v2: { base_uri, headers: { ...common, accept: V2_ACCEPT, ...userHeaders } },
    };
    this.#httpErrors = config.http_errors;
    const backup = resolveBackupUri(config.backup_uri, base_uri);
    this.failover = backup === undefined ? undefined : new Failover(base_uri, backup);
    const resilience = retry({ retries: validateRetries(config.retries) ?? DEFAULT_RETRIES, failover: this.failover });
    this.keySource = this.#keySource(config, clientCertificate?.cert);
    if (this.#v3 !== undefined) {
      this.#pipelines.set(
        'v3',
        new Pipeline(this.transport.send, [
          ['retry', resilience],
          ['verifier', verifier(this.#v3.certs, undefined, this.keySource)],
          ['http_errors', httpErrors],
          ['signer', signer(this.#v3, undefined, this.signing)],
        ]),
      );
    }
    if (secret !== undefined) this.#pipelines.set('v2', v2Pipeline(this.transport.send, { mchid: this.mchid, secret }).unshift(resilience, 'retry'));
  }

  /** The platform keys (certificate serials and `PUB_KEY_ID_…`) answers are verified with; mutable. */
  get certs(): PlatformKeys {
    if (this.#v3 === undefined) throw this.#missing('v3');
    return this.#v3.certs;
  }

  /**
   * What the merchant must renew or replace soon: the merchant API certificate (`merchant`, when given as PEM), the
   * platform certificates expiring within 30 days (or expired), and public keys answers show replaced. The same
   * notices are published once each on `wechatpay:expiry`.
   */
  get expiry(): readonly ExpiryMessage[] {
    return this.keySource?.notices() ?? [];
  }

  /**
   * The pipeline of a protocol: `'v2'` (case-insensitive) for APIv2, anything else for APIv3. Add, remove or
   * reorder middleware on it by name.
   * @throws ConfigError when the client was not configured for that protocol.
   */
  select(protocol?: string | null): Pipeline {
    const which: Protocol = protocol?.toLowerCase() === 'v2' ? 'v2' : 'v3';
    const pipeline = this.#pipelines.get(which);
    if (pipeline === undefined) throw this.#missing(which);
    return pipeline;
  }

  /**
   * Sends a request: expands `uri` as an RFC 6570 template with `options` as the variables, routes it by its
   * `v2/` prefix, and runs it through that protocol's pipeline. Never throws synchronously.
   */
  async request(method: string, uri: string, options: RequestOptions = {}): Promise<WechatpayResponse> {
    const expanded = expandTemplate(uri, options);
    const protocol: Protocol = V2_PREFIX.test(expanded) ? 'v2' : 'v3';
    const pipeline = this.select(protocol);
    const merged = this.#httpErrors === undefined || options.http_errors !== undefined ? options : { ...options, http_errors: this.#httpErrors };
    const path = protocol === 'v2' ? expanded.slice(3) : expanded;
    const request = prepareRequest(protocol, method, path, merged, this.#defaults[protocol]);
    const deadline = this.transport.deadlineFor(request);
    request.deadline = deadline;
    try {
      return await traced(pipeline, request);
    } finally {
      deadline.dispose();
    }
  }

  /** Closes the client's own connections (a dispatcher you passed in is yours to close). */
  close(): Promise<void> {
    return this.transport.close();
  }

  /** The key source of an APIv3 client: automatic certificates with `apiv3Key` unless `autoCertificates: false`. */
  #keySource(config: ClientConfig, merchantCertificate: Buffer | undefined): PlatformKeySource | undefined {
    const v3 = this.#v3;
    if (v3 === undefined) return undefined;
    const { apiv3Key } = v3;
    const auto = config.autoCertificates === false || apiv3Key === undefined ? undefined : typeof config.autoCertificates === 'object' ? config.autoCertificates : {};
    const fetch = auto === undefined || apiv3Key === undefined ? undefined : () => downloadCertificates(this, apiv3Key);
    return new PlatformKeySource({ keys: v3.certs, fetch, auto, merchantCertificate });
  }

  #missing(protocol: Protocol): ConfigError {
    return protocol === 'v3'
      ? new ConfigError('privateKey', 'This client has no APIv3 credentials: give `serial`, `privateKey` and `certs` to call APIv3 paths.')
      : new ConfigError('secret', 'This client has no APIv2 pipeline: APIv2 (`v2/…` paths) needs the 32-byte APIv2 key as `secret`.');
  }

  /** Shows what the client is for, never a key. */
  [inspect.custom](): string {
    return `ClientDecorator { mchid: ${this.mchid}, base_uri: ${this.#defaults.v3.base_uri}, protocols: ${[...this.#pipelines.keys()].join(', ') || 'none'} }`;
  }
}
