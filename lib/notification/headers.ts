/** One header value as frameworks hand it over: Node gives arrays for repeated headers, some give numbers. */
export type HeaderValue = string | number | readonly string[] | null | undefined;

/** A `Headers`-like object (fetch `Headers`, a `Map`): looked up with `.get(name)`. */
export interface HeaderGetter {
  get(name: string): HeaderValue;
}

/**
 * The headers of an incoming callback, as any framework gives them: a plain object in any casing (Node's
 * `IncomingHttpHeaders`, Express, Koa, Fastify), or a `Headers`-like object with `.get()` (fetch, Next.js).
 */
export type NotificationHeaders = HeaderGetter | Readonly<Record<string, HeaderValue>>;

function isGetter(headers: NotificationHeaders): headers is HeaderGetter {
  return typeof (headers as Partial<HeaderGetter>).get === 'function';
}

/** The first value of a header value: arrays give their first entry, numbers their decimal text, empty gives `undefined`. */
function first(value: HeaderValue): string | undefined {
  const one = Array.isArray(value) ? (value as readonly string[])[0] : (value as string | number | null | undefined);
  return one === undefined || one === null ? undefined : String(one);
}

/**
 * Reads one header, case-insensitively, taking the first value of a repeated header.
 *
 * A getter is asked for the lower-case name, then for `name` as given (so a case-sensitive `Map` keyed by the
 * canonical spelling works too); a plain object is searched key by key, ignoring case.
 *
 * @param headers - the callback's headers
 * @param name - the header name, e.g. `Wechatpay-Serial`
 * @returns the value, or `undefined` when absent
 */
export function readHeader(headers: NotificationHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (isGetter(headers)) return first(headers.get(lower)) ?? first(headers.get(name));
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return first(value);
  }
  return undefined;
}
