/**
 * The APIv2 endpoints that answer without a `sign`, so their answers are handed over untouched: not parsed, not
 * checked for `return_code`, not verified. Exact request paths (after the `v2/` prefix is removed), verbatim from
 * wechatpay-php's `$noneSignatureRespond` (wechatpay-php#92, #95).
 *
 * Note: the red-packet bank transfer that PHP's README calls `v2/mmpaysptrans/pay_bank` is **not** in this list
 * (the list has `/mmpaymkttransfers/pay_bank`), so that call is verified; pass `verify_signature: false` for it.
 */
export const V2_UNSIGNED_PATHS: readonly string[] = Object.freeze([
  '/mchrisk/querymchrisk',
  '/mchrisk/setmchriskcallback',
  '/mchrisk/syncmchriskresult',
  '/mmpaymkttransfers/gethbinfo',
  '/mmpaymkttransfers/gettransferinfo',
  '/mmpaymkttransfers/pay_bank',
  '/mmpaymkttransfers/promotion/paywwsptrans2pocket',
  '/mmpaymkttransfers/promotion/querywwsptrans2pocket',
  '/mmpaymkttransfers/promotion/transfers',
  '/mmpaymkttransfers/query_bank',
  '/mmpaymkttransfers/sendgroupredpack',
  '/mmpaymkttransfers/sendminiprogramhb',
  '/mmpaymkttransfers/sendredpack',
  '/papay/entrustweb',
  '/papay/h5entrustweb',
  '/papay/partner/entrustweb',
  '/papay/partner/h5entrustweb',
  '/pay/downloadbill',
  '/pay/downloadfundflow',
  '/payitil/report',
  '/risk/getpublickey',
  '/risk/getviolation',
  '/secapi/mch/submchmanage',
  '/xdc/apiv2getsignkey/sign/getsignkey',
]);

const UNSIGNED = new Set(V2_UNSIGNED_PATHS);

/**
 * Whether WeChat Pay answers this APIv2 request path unsigned: an exact, case-sensitive match against
 * {@link V2_UNSIGNED_PATHS}, as in PHP (so a base path such as `/hk` does not match).
 */
export function isV2UnsignedPath(pathname: string): boolean {
  return UNSIGNED.has(pathname);
}
