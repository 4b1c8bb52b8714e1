import { ClientError } from '../errors/client-error.js';
import { ServerError } from '../errors/server-error.js';
import type { Middleware } from './middleware.js';

/**
 * Rejects 4xx answers with a `ClientError` and 5xx with a `ServerError`, unless the request says
 * `http_errors: false` (then they resolve, and the verifier outside checks them as any other answer).
 */
export const httpErrors: Middleware = async (request, next) => {
  const response = await next(request);
  if (response.status < 400 || request.options.http_errors === false) return response;
  throw response.status >= 500 ? new ServerError(response, request.summary()) : new ClientError(response, request.summary());
};
