import type { WechatpayResponse } from '../response.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * `GET /v3/certificates` answered `404 RESOURCE_NOT_EXISTS` (无可用的平台证书): the merchant has no platform
 * certificate because WeChat Pay signs its answers with the WeChat Pay public key (微信支付公钥, `PUB_KEY_ID_…`), as
 * for every merchant registered since late 2024. Nothing is wrong and nothing needs downloading: download the public
 * key and its ID from the merchant platform (商户平台 → 账户中心 → API安全 → 微信支付公钥) and configure it as
 * `certs: { 'PUB_KEY_ID_…': publicKey }`.
 */
export class NoPlatformCertificateError extends WechatpayError {
  /** The HTTP status (404). */
  readonly status: number;
  /** WeChat Pay's error code (`RESOURCE_NOT_EXISTS`). */
  readonly code: string;
  /** The `Request-ID` of the answer. */
  readonly requestId: string | undefined;
  /** The answer. */
  readonly response: WechatpayResponse;

  constructor(mchid: string, code: string, response: WechatpayResponse, options?: { cause?: unknown }) {
    super(
      `WeChat Pay has no platform certificate for merchant ${mchid} (${response.status} ${code}): this merchant uses the WeChat Pay public key (PUB_KEY_ID_…). ` +
        "Download it and its ID from the merchant platform (商户平台 → 账户中心 → API安全 → 微信支付公钥) and configure certs: { 'PUB_KEY_ID_…': publicKey }; no certificate download is needed.",
      options,
    );
    this.status = response.status;
    this.code = code;
    this.requestId = response.header('request-id');
    this.response = response;
  }
}
