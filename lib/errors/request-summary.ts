/**
 * What an error or a log line may show of a request: method, URL and headers, with the `Authorization`
 * signature, an APIv2 `sign` query parameter and any other credential redacted. Never the body of a secret, never a key.
 */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Redacts an `Authorization` value, keeping the scheme and the non-secret fields (mchid, serial, timestamp, nonce). */
export function redactAuthorization(value: string): string {
  if (value.startsWith('WECHATPAY2-')) return value.replace(/signature="[^"]*"/, 'signature="[REDACTED]"');
  const space = value.indexOf(' ');
  return space > 0 ? `${value.slice(0, space)} [REDACTED]` : '[REDACTED]';
}

/** Copies headers with secrets redacted. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] = lower === 'authorization' ? redactAuthorization(value) : SECRET_HEADERS.has(lower) ? '[REDACTED]' : value;
  }
  return out;
}

/** Redacts the value of a `sign` query parameter (an APIv2 GET request carries its signature there). */
export function redactUrl(url: URL | string): string {
  return String(url).replace(/([?&]sign=)[^&#]*/g, '$1[REDACTED]');
}

/** Builds a redacted summary of a request. */
export function summarize(method: string, url: URL | string, headers: Readonly<Record<string, string>>): RequestSummary {
  return { method, url: redactUrl(url), headers: redactHeaders(headers) };
}
