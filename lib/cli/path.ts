/**
 * The API path argument: slash form (`v3/businesscircle/parkings`) or dot form (`v3.vehicle.parking.services.find`).
 *
 * @module
 */

import { UsageError } from './usage-error.js';

/** Splits the dot form on the dots outside `{…}` placeholders (`v3.a.{x.y}` → `v3/a/{x.y}`). */
function dotsToSlashes(path: string): string {
  let depth = 0;
  let out = '';
  for (const char of path) {
    if (char === '{') depth += 1;
    else if (char === '}') depth = Math.max(0, depth - 1);
    out += char === '.' && depth === 0 ? '/' : char;
  }
  return out;
}

/**
 * The request path for the SDK's driver, taken as written: the slash form as it is, the dot form split into
 * segments at the dots outside `{…}` placeholders. Leading and trailing slashes are dropped (`/v3/x/` → `v3/x`);
 * nothing is case-converted, so literal IDs with capitals survive.
 *
 * @param input - the path argument
 * @returns the slash path, e.g. `v3/vehicle/parking/services/find`
 * @throws UsageError for a URL, an empty segment, or a single word (a mistyped command, most likely)
 */
export function toApiPath(input: string): string {
  const trimmed = input.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    throw new UsageError(`Give a path such as v3/pay/transactions/native, not a URL: the host comes from base_uri (--base-uri).`);
  }
  const stripped = trimmed.replace(/^\/+|\/+$/g, '');
  const path = stripped.includes('/') ? stripped : dotsToSlashes(stripped);
  const segments = path.split('?', 1)[0]?.split('/') ?? [];
  if (segments.length < 2) {
    throw new UsageError(`Unknown command or path ${JSON.stringify(input)}: a path has segments, such as v3/pay/transactions/native or v3.pay.transactions.native.`);
  }
  if (segments.includes('')) throw new UsageError(`The path ${JSON.stringify(input)} has an empty segment.`);
  return path;
}

/** Whether a path goes to APIv2 (as the SDK routes it: a `v2/` prefix, any case). */
export function isApiV2(path: string): boolean {
  return /^v2\//i.test(path);
}
