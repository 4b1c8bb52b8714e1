import { HttpError } from './http-error.js';

/** WeChat Pay answered 4xx: the request must change (parameters, signature, permissions, rate). */
export class ClientError extends HttpError {}
