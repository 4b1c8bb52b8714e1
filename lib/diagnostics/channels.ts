/**
 * The `node:diagnostics_channel` channels the client publishes on, their messages, and one publish helper per
 * channel. A helper returns at once, building nothing, while its channel has no subscriber: the happy path costs
 * one `hasSubscribers` read per event.
 *
 * Every message is a small plain object of redacted facts (method, path with the query's names but not its
 * values, status, WeChat Pay's `code`, `Request-ID`, serials, durations). None carries a key, a signature, an
 * `Authorization` value, a body or a decrypted field.
 *
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * subscribe('wechatpay:request:error', (message) => console.warn(message));
 * ```
 *
 * @module
 */

import { channel } from 'node:diagnostics_channel';
import type { WechatpayRequest, Protocol } from '../pipeline/request.js';
import type { WechatpayResponse } from '../response.js';

/** The channel names, one per kind of event. */
export const CHANNELS = {
  /** A call enters the pipeline: {@link RequestStartMessage}. */
  requestStart: 'wechatpay:request:start',
  /** A call's answer passed every check (its signature verified, unless the path is unsigned or `verify_signature: false`): {@link RequestVerifiedMessage}. */
  requestVerified: 'wechatpay:request:verified',
  /** A call failed (HTTP error, signature, network, deadline …): {@link RequestErrorMessage}. */
  requestError: 'wechatpay:request:error',
  /** A retry or failover decision: {@link RetryMessage}. */
  retry: 'wechatpay:retry',
  /** Platform certificates were downloaded and installed: {@link CertificatesDownloadedMessage}. */
  certificatesDownloaded: 'wechatpay:certificates:downloaded',
  /** A platform certificate download failed: {@link CertificatesFailedMessage}. */
  certificatesFailed: 'wechatpay:certificates:failed',
  /** Something the merchant must renew expires soon, or was replaced: {@link ExpiryMessage}. */
  expiry: 'wechatpay:expiry',
} as const;

/** The name of one of the client's channels. */
export type ChannelName = (typeof CHANNELS)[keyof typeof CHANNELS];

/** What every request event says of its request. */
export interface RequestFacts {
  /** The call's number in this process (1, 2, …): the same on the start and the end of one call. */
  readonly id: number;
  /** `'v3'` or `'v2'`. */
  readonly protocol: Protocol;
  /** The method, upper case. */
  readonly method: string;
  /** The path as sent, with the names of the query parameters but never their values: `/v3/x/find?appid&openid`. */
  readonly path: string;
  /** The attempt (1 for the first). */
  readonly attempt: number;
}

/** `wechatpay:request:start`. */
export type RequestStartMessage = RequestFacts;

/** `wechatpay:request:verified`. */
export interface RequestVerifiedMessage extends RequestFacts {
  /** The HTTP status. */
  readonly status: number;
  /** The `Request-ID` header, to quote to WeChat Pay support. */
  readonly requestId: string | undefined;
  /** The `Wechatpay-Serial` that signed the answer (APIv3), if any. */
  readonly serial: string | undefined;
  /** Milliseconds from the start to the answer's checks passing (a streamed body is still to be read). */
  readonly duration: number;
}

/** `wechatpay:request:error`. */
export interface RequestErrorMessage extends RequestFacts {
  /** The error's class name (`ClientError`, `TimeoutError`, `UnknownSerialError` …). */
  readonly error: string;
  /** The HTTP status, when there was an answer. */
  readonly status: number | undefined;
  /** WeChat Pay's error code (`PARAM_ERROR` …), APIv2's `err_code`, or the transport's (`ECONNREFUSED` …). */
  readonly code: string | undefined;
  /** The `Request-ID` of the answer, when there was one. */
  readonly requestId: string | undefined;
  /** Milliseconds from the start to the failure. */
  readonly duration: number;
}

/** `wechatpay:retry`: published by the retry layer when it decides to send a request again, or elsewhere. */
export interface RetryMessage extends RequestFacts {
  /** Why: the failed attempt's error class name, or `status <n>`. */
  readonly reason: string;
  /** The failed attempt's WeChat Pay or transport code, if any. */
  readonly code: string | undefined;
  /** Milliseconds waited before the next attempt. */
  readonly delay: number;
  /** The origin the next attempt goes to (a failover changes it). */
  readonly origin: string;
}

/** What started a certificate download. */
export type CertificatesReason = 'unknown-serial' | 'refresh' | 'expiring';

/** `wechatpay:certificates:downloaded`. */
export interface CertificatesDownloadedMessage {
  readonly reason: CertificatesReason;
  /** Every serial the answer listed, oldest first. */
  readonly serials: readonly string[];
  /** The serials added to the client's keys by this download (not those already there, nor those configured by hand). */
  readonly installed: readonly string[];
  /** When the newest certificate expires (ISO 8601). */
  readonly newestExpiry: string | undefined;
  /** Milliseconds the download took. */
  readonly duration: number;
}

/** `wechatpay:certificates:failed`. */
export interface CertificatesFailedMessage {
  readonly reason: CertificatesReason;
  /** The error's class name. */
  readonly error: string;
  /** Its code, if any (`RESOURCE_NOT_EXISTS` for a merchant without platform certificates). */
  readonly code: string | undefined;
  /** Milliseconds the attempt took. */
  readonly duration: number;
}

/** What an expiry notice is about. */
export type ExpiryKind = 'merchant-certificate' | 'platform-certificate' | 'public-key';

/** `wechatpay:expiry`, and an entry of the client's `expiry` data. */
export interface ExpiryMessage {
  readonly kind: ExpiryKind;
  /** The certificate serial or `PUB_KEY_ID_…`. */
  readonly serial: string;
  /** When it expires (ISO 8601); `undefined` for a public key, which has no date. */
  readonly expiresAt: string | undefined;
  /** Whole days left (negative once expired); `undefined` for a public key. */
  readonly daysLeft: number | undefined;
  /** The serial WeChat Pay signs with instead, when it was replaced. */
  readonly replacedBy: string | undefined;
}

const requestStart = channel(CHANNELS.requestStart);
const requestVerified = channel(CHANNELS.requestVerified);
const requestError = channel(CHANNELS.requestError);
const retry = channel(CHANNELS.retry);
const certificatesDownloaded = channel(CHANNELS.certificatesDownloaded);
const certificatesFailed = channel(CHANNELS.certificatesFailed);
const expiry = channel(CHANNELS.expiry);

/** Whether anyone listens to a request event (start, verified or error). */
export function tracingRequests(): boolean {
  return requestStart.hasSubscribers || requestVerified.hasSubscribers || requestError.hasSubscribers;
}

/** The path as sent, query values dropped: `/p?a=1&b=2` → `/p?a&b`. */
export function redactedPath(url: URL): string {
  if (url.search === '') return url.pathname;
  const names = url.search
    .slice(1)
    .split('&')
    .map((pair) => pair.split('=', 1)[0] ?? '')
    .filter((name) => name !== '');
  return names.length === 0 ? url.pathname : `${url.pathname}?${names.join('&')}`;
}

function facts(id: number, request: WechatpayRequest, attempt: number): RequestFacts {
  return { id, protocol: request.protocol, method: request.method, path: redactedPath(request.url), attempt };
}

function firstHeader(response: WechatpayResponse, name: string): string | undefined {
  return response.header(name);
}

function stringField(error: unknown, name: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The facts an error carries: status, code (WeChat's, APIv2's `err_code`, or the transport's) and `Request-ID`. */
function errorFacts(error: unknown): { error: string; status: number | undefined; code: string | undefined; requestId: string | undefined } {
  const name = error instanceof Error ? error.name : typeof error;
  const status = typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : undefined;
  const response = typeof error === 'object' && error !== null ? (error as { response?: unknown }).response : undefined;
  const fromResponse = typeof response === 'object' && response !== null && typeof (response as { status?: unknown }).status === 'number' ? (response as WechatpayResponse) : undefined;
  return {
    error: name,
    status: status ?? fromResponse?.status,
    code: stringField(error, 'code') ?? stringField(error, 'errCode') ?? stringField(error, 'returnCode'),
    requestId: stringField(error, 'requestId') ?? (fromResponse === undefined ? undefined : firstHeader(fromResponse, 'request-id')),
  };
}

function since(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

/** Publishes `wechatpay:request:start`. */
export function publishRequestStart(id: number, request: WechatpayRequest, attempt = 1): void {
  if (!requestStart.hasSubscribers) return;
  requestStart.publish(facts(id, request, attempt) satisfies RequestStartMessage);
}

/** Publishes `wechatpay:request:verified`; `started` is the `performance.now()` of the start. */
export function publishRequestVerified(id: number, request: WechatpayRequest, response: WechatpayResponse, started: number, attempt = 1): void {
  if (!requestVerified.hasSubscribers) return;
  const message: RequestVerifiedMessage = {
    ...facts(id, request, attempt),
    status: response.status,
    requestId: firstHeader(response, 'request-id'),
    serial: firstHeader(response, 'wechatpay-serial'),
    duration: since(started),
  };
  requestVerified.publish(message);
}

/** Publishes `wechatpay:request:error`; `started` is the `performance.now()` of the start. */
export function publishRequestError(id: number, request: WechatpayRequest, error: unknown, started: number, attempt = 1): void {
  if (!requestError.hasSubscribers) return;
  const message: RequestErrorMessage = { ...facts(id, request, attempt), ...errorFacts(error), duration: since(started) };
  requestError.publish(message);
}

/**
 * Publishes `wechatpay:retry`: the attempt `attempt` of `request` failed with `cause` (an error, or the answer), and
 * the request goes again to `origin` after `delay` milliseconds.
 */
export function publishRetry(id: number, request: WechatpayRequest, attempt: number, cause: unknown, delay: number, origin: string = request.url.origin): void {
  if (!retry.hasSubscribers) return;
  const isAnswer = typeof cause === 'object' && cause !== null && typeof (cause as { status?: unknown }).status === 'number' && !(cause instanceof Error);
  const found = isAnswer ? undefined : errorFacts(cause);
  const message: RetryMessage = {
    ...facts(id, request, attempt),
    reason: found === undefined ? `status ${String((cause as WechatpayResponse).status)}` : found.error,
    code: found?.code,
    delay,
    origin,
  };
  retry.publish(message);
}

/** Publishes `wechatpay:certificates:downloaded`. */
export function publishCertificatesDownloaded(reason: CertificatesReason, serials: readonly string[], installed: readonly string[], newestExpiry: string | undefined, started: number): void {
  if (!certificatesDownloaded.hasSubscribers) return;
  const message: CertificatesDownloadedMessage = { reason, serials, installed, newestExpiry, duration: since(started) };
  certificatesDownloaded.publish(message);
}

/** Publishes `wechatpay:certificates:failed`. */
export function publishCertificatesFailed(reason: CertificatesReason, error: unknown, started: number): void {
  if (!certificatesFailed.hasSubscribers) return;
  const { error: name, code } = errorFacts(error);
  const message: CertificatesFailedMessage = { reason, error: name, code, duration: since(started) };
  certificatesFailed.publish(message);
}

/** Publishes `wechatpay:expiry` (the notice itself, which the client also keeps as data). */
export function publishExpiry(notice: ExpiryMessage): void {
  if (!expiry.hasSubscribers) return;
  expiry.publish(notice);
}
