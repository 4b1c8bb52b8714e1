/**
 * wechatpay-ts: a TypeScript SDK for the WeChat Pay (微信支付) merchant API.
 *
 * ```ts
 * import { Builder, Rsa } from 'wechatpay-ts';
 * const wxpay = Builder.factory({ mchid, serial, privateKey: Rsa.from('file:///…/apiclient_key.pem'), certs });
 * const res = await wxpay.v3.businesscircle.parkings.post({ json });
 * ```
 * @packageDocumentation
 */
export { AsyncResult } from './builder/async-result.js';
export { Builder } from './builder/builder.js';
export { normalizeSegment } from './builder/normalize.js';
export type {
  Chainable,
  ChainableMethods,
  Driver,
  EndpointDefinition,
  EndpointVerb,
  Endpoints,
  RequestOptions,
  Root,
  TypedNode,
  TypedVerbs,
  Verb,
} from './builder/types.js';
export type { KnownRequestOptions, NodeAt } from './builder/typed.js';
export { DEFAULT_BASE_URI, type ClientConfig, type MerchantTls } from './config.js';
export * from './crypto/index.js';
export { ClientDecorator, V3_ACCEPT } from './decorator.js';
export {
  CHANNELS,
  redactedPath,
  type CertificatesDownloadedMessage,
  type CertificatesFailedMessage,
  type CertificatesReason,
  type ChannelName,
  type ExpiryKind,
  type ExpiryMessage,
  type RequestErrorMessage,
  type RequestFacts,
  type RequestStartMessage,
  type RequestVerifiedMessage,
  type RetryMessage,
} from './diagnostics/channels.js';
export { formatEvent, subscribeEventLines } from './diagnostics/debug.js';
export * from './errors/index.js';
export { Formatter } from './formatter.js';
export { httpErrors } from './pipeline/http-errors.js';
export type { Handler, Middleware } from './pipeline/middleware.js';
export { Pipeline } from './pipeline/pipeline.js';
export { WechatpayRequest, type Protocol } from './pipeline/request.js';
export { WechatpayResponse, type ResponseHeaders } from './response.js';
export { Transformer, type XmlData } from './transformer/index.js';
export { Transport, type TransportOptions } from './transport/transport.js';
export { userAgent } from './transport/user-agent.js';
export { encodeQuery, type QueryValue } from './uri/query.js';
export { expandTemplate, type TemplateValue } from './uri/template.js';
export type { Attempt } from './resilience/attempt.js';
export { BACKUP_DOMAIN, Failover, FAILOVER_COOLDOWN_MS, FAILOVER_THRESHOLD, MAIN_DOMAIN, type FailoverState } from './resilience/failover.js';
export { retry, type RetrySettings } from './resilience/retry.js';
export { DEFAULT_RETRIES } from './resilience/retry-policy.js';
export { PlatformKeys } from './v3/platform-keys.js';
export { AUTO_CERTIFICATES_DEFAULTS, AutoCertificates, type AutoCertificatesOptions, type AutoCertificatesState } from './v3/auto-certificates.js';
export { DEFAULT_WARN_BEFORE, ExpiryWatch } from './v3/expiry.js';
export { PlatformKeySource, type KeySource, type PlatformKeySourceOptions } from './v3/key-source.js';
export { bodyToSign, signer, signingMessage, type MerchantCredentials } from './v3/signer.js';
export { SigningScheduler, defaultSigningThreads, threadpoolSize, type SigningStats } from './v3/signing-scheduler.js';
export { MAXIMUM_CLOCK_OFFSET, isUnsignedPath, verifier, verifyResponse, type VerifyContext } from './v3/verifier.js';
export { VERSION } from './version.js';
export * from './v2/index.js';
export * from './notification/index.js';
export * from './util/index.js';
