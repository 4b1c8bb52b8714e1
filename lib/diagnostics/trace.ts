/**
 * Where a call's request events are published: around the whole pipeline, so `verified` means every check passed
 * and `error` carries the error the caller gets.
 *
 * @module
 */

import type { Pipeline } from '../pipeline/pipeline.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import type { WechatpayResponse } from '../response.js';
import { publishRequestError, publishRequestStart, publishRequestVerified, tracingRequests } from './channels.js';
import { installNodeDebug } from './debug.js';

installNodeDebug();

let sequence = 0;
const ids = new WeakMap<WechatpayRequest, number>();

/** The number the request events of this request carry (0 when nobody was listening as it started). */
export function traceId(request: WechatpayRequest): number {
  return ids.get(request) ?? 0;
}

/**
 * Sends `request` through `pipeline`, publishing `wechatpay:request:start` and then `…:verified` or `…:error`. With
 * no subscriber it is `pipeline.handle(request)` and nothing more.
 */
export function traced(pipeline: Pipeline, request: WechatpayRequest): Promise<WechatpayResponse> {
  if (!tracingRequests()) return pipeline.handle(request);
  sequence += 1;
  const id = sequence;
  ids.set(request, id);
  const started = performance.now();
  publishRequestStart(id, request);
  return pipeline.handle(request).then(
    (response) => {
      publishRequestVerified(id, request, response, started);
      return response;
    },
    (error: unknown) => {
      publishRequestError(id, request, error, started);
      throw error;
    },
  );
}
