import type { RequestOptions } from '../builder/types.js';
import { ConfigError } from '../errors/config-error.js';
import { encodeQuery } from '../uri/query.js';
import { WechatpayRequest, type Protocol } from './request.js';

/** Client-wide request defaults. */
export interface RequestDefaults {
  readonly base_uri: string;
  /** Default headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
}

function lowerCaseHeaders(target: Record<string, string>, headers: Readonly<Record<string, string>> | undefined): void {
  if (headers === undefined) return;
  for (const [name, value] of Object.entries(headers)) target[name.toLowerCase()] = value;
}

/**
 * Builds the request object from an expanded, routed path and the options: resolves the path against
 * `base_uri` (RFC 3986: relative paths append to the base path, `/abs` replaces it, a full URL replaces the base),
 * replaces the query with `query` when given, merges headers, and serialises `json` once.
 */
export function prepareRequest(protocol: Protocol, method: string, path: string, options: RequestOptions, defaults: RequestDefaults): WechatpayRequest {
  let url: URL;
  try {
    url = new URL(path, options.base_uri ?? defaults.base_uri);
  } catch (cause) {
    throw new ConfigError('base_uri', `Cannot resolve \`${path}\` against the base URI \`${options.base_uri ?? defaults.base_uri}\`.`, { cause });
  }
  if (options.query !== undefined) {
    const query = encodeQuery(options.query);
    url.search = query === '' ? '' : `?${query}`;
  }
  const headers: Record<string, string> = { ...defaults.headers };
  lowerCaseHeaders(headers, options.headers);
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
  }
  return new WechatpayRequest({ protocol, method, url, headers, body, signBody: options.signBody, options });
}
