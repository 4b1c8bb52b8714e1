import type { WechatpayResponse } from '../response.js';
import type { WechatpayRequest } from './request.js';

/** Sends a request onwards and resolves with the answer. */
export type Handler = (request: WechatpayRequest) => Promise<WechatpayResponse>;

/**
 * One room of a pipeline: it may change the request, call `next` (at most once), and check or change the answer.
 * Throwing (or rejecting) stops the request; nothing after it runs.
 */
export type Middleware = (request: WechatpayRequest, next: Handler) => Promise<WechatpayResponse>;
