/**
 * The message templates of wechatpay-php (`WeChatPay\Exception\WeChatPayException`), with PHP's wording kept
 * for parity (including its spelling), and a sprintf-style filler for the `%1$s` placeholders.
 */
export const MESSAGES = {
  ERR_INIT_MCHID_IS_MANDATORY: "The merchant' ID aka `mchid` is required, usually numerical.",
  ERR_INIT_SERIAL_IS_MANDATORY: "The serial number of the merchant's certificate aka `serial` is required, usually hexadecial.",
  ERR_INIT_PRIVATEKEY_IS_MANDATORY: "The merchant's private key aka `privateKey` is required, usual as pem format.",
  ERR_INIT_CERTS_IS_MANDATORY: 'The platform certificate(s) aka `certs` is required, paired as of `{ [serial]: certificate }` (PHP: `[serial => certificate]`).',
  ERR_INIT_CERTS_EXCLUDE_MCHSERIAL: "The `certs(%1$s)` contains the merchant's certificate serial number(%2$s) which is not allowed here.",
  EV2_REQ_XML_NOTMATCHED_MCHID: "The xml's structure[mch_id(%1$s)] doesn't matched the init one mchid(%2$s).",
  EV3_RES_HEADERS_INCOMPLETE: "The response's Headers incomplete, must have(`%1$s`, `%2$s`, `%3$s` and `%4$s`).",
  EV3_RES_HEADER_TIMESTAMP_OFFSET: "It's allowed time offset in ± %1$s seconds, the response was on %2$s, your's localtime on %3$s.",
  EV3_RES_HEADER_PLATFORM_SERIAL: "Cannot found the serial(`%1$s`)'s configuration, which's from the response(header:%2$s), your's %3$s.",
  EV3_RES_HEADER_SIGNATURE_DIGEST: 'Verify the response\'s data with: timestamp=%1$s, nonce=%2$s, signature=%3$s, cert=[%4$s => ...] failed.',
} as const;

/** Fills `%1$s`, `%2$s` … in `template` with `values`, in order. */
export function format(template: string, ...values: (string | number)[]): string {
  return template.replace(/%(\d+)\$s/g, (_, index: string) => String(values[Number(index) - 1] ?? ''));
}
