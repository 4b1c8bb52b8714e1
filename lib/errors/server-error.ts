import { HttpError } from './http-error.js';

/** WeChat Pay answered 5xx (`SYSTEM_ERROR`): retry later with the same parameters. */
export class ServerError extends HttpError {}
