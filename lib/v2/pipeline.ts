import { httpErrors } from '../pipeline/http-errors.js';
import type { Handler } from '../pipeline/middleware.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { transformRequest, type V2Credentials } from './transform-request.js';
import { transformResponse } from './transform-response.js';

/** The APIv2 `Accept` header, as PHP's APIv2 client sends it. */
export const V2_ACCEPT = 'text/xml, text/plain, application/x-gzip';

/**
 * The APIv2 pipeline, outer to inner: `transform_response → http_errors → transform_request → transport` (PHP's
 * stack without Guzzle's own rooms). Reach it with `wxpay.getDriver().select('v2')` and change it by name like the
 * APIv3 one, e.g. `.remove('transform_request')` for a request you sign yourself (the APIv2 media upload).
 */
export function v2Pipeline(terminal: Handler, credentials: V2Credentials): Pipeline {
  return new Pipeline(terminal, [
    ['transform_response', transformResponse(credentials.secret)],
    ['http_errors', httpErrors],
    ['transform_request', transformRequest(credentials)],
  ]);
}
