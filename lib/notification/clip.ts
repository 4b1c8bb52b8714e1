/** The longest header value quoted in an error message; callers are untrusted, so their values are clipped. */
const MAXIMUM_QUOTED = 64;

/**
 * Quotes an untrusted value for an error message: JSON-escaped (no line breaks reach a log) and clipped to 64
 * characters.
 */
export function quote(value: string): string {
  return JSON.stringify(value.length > MAXIMUM_QUOTED ? `${value.slice(0, MAXIMUM_QUOTED)}…` : value);
}

/** Quotes an untrusted value of any type: a string as {@link quote} does, anything else by its type. */
export function describeValue(value: unknown): string {
  return typeof value === 'string' ? quote(value) : `(a ${value === null ? 'null' : typeof value})`;
}
