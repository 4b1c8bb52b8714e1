const LEADING_CAPITAL = /^[A-Z]/;
const CAPITAL = /[A-Z]/g;
const UNDERSCORED = /^_(.*)_$/;

/**
 * Normalises one access key into a path segment, with PHP's three rules in PHP's order:
 * 1. a leading capital becomes lower case (`V3` → `v3`);
 * 2. every other capital becomes `-` and its lower case (`merchantService` → `merchant-service`);
 * 3. a key that starts and ends with `_` becomes a placeholder (`_out_trade_no_` → `{out_trade_no}`).
 *
 * Rule 2 applies to the whole key, slashes included (`chain('v3/merchantService/complaintsV2')` →
 * `v3/merchant-service/complaints-v2`), and runs before rule 3 (`_openId_` → `{open-id}`). So a literal ID with
 * capitals is corrupted (`SXBwj` → `-s-x-bwj`): put IDs in placeholders and pass them as options.
 */
export function normalizeSegment(key: string): string {
  return key
    .replace(LEADING_CAPITAL, (c) => c.toLowerCase())
    .replace(CAPITAL, (c) => `-${c.toLowerCase()}`)
    .replace(UNDERSCORED, '{$1}');
}
