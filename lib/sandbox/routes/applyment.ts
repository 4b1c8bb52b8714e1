/**
 * 特约商户进件 提交申请单: a request whose sensitive fields (敏感信息) are encrypted with the platform public key, the
 * key named by its `Wechatpay-Serial` header.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { Rsa } from '../../crypto/rsa.js';
import { json, paramError, type Answer } from '../answer.js';
import type { RequestHeaders, Route, RouteInput, SandboxPlatform } from '../router.js';
import { isMissing, type JsonObject } from '../validation.js';
import { badFormat, required } from './messages.js';
import { withPlatform } from './platform.js';

/** The sensitive fields of an applyment the sandbox decrypts, when present, as dot paths. */
export const APPLYMENT_SENSITIVE_FIELDS = [
  'contact_info.contact_name',
  'contact_info.contact_id_number',
  'contact_info.mobile_phone',
  'contact_info.contact_email',
  'subject_info.identity_info.id_card_info.id_card_name',
  'subject_info.identity_info.id_card_info.id_card_number',
  'bank_account_info.account_name',
  'bank_account_info.account_number',
] as const;

/** A mainland resident ID number: 17 digits and a digit or `X`. */
const ID_NUMBER = /^\d{17}[\dX]$/;

/** The value at a dot path of a JSON object, if any. */
function valueAt(body: JsonObject, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as JsonObject)[key] : undefined), body);
}

/** The first value of a header. */
function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Decrypts every sensitive field present; the plaintexts by path, or the refusal naming the first that fails. */
function decryptAll(body: JsonObject, platform: SandboxPlatform): Map<string, string> | Answer {
  const plain = new Map<string, string>();
  for (const path of APPLYMENT_SENSITIVE_FIELDS) {
    const value = valueAt(body, path);
    if (isMissing(value)) continue;
    if (typeof value !== 'string') return paramError(badFormat(path));
    try {
      plain.set(path, Rsa.decrypt(value, platform.pki.platform.key));
    } catch {
      return paramError(`${path}解密失败：请用Wechatpay-Serial对应的平台公钥以RSA-OAEP加密`);
    }
  }
  return plain;
}

/** The application: `Wechatpay-Serial`, then the fields, decrypted and checked. */
function submit({ body, headers }: RouteInput, platform: SandboxPlatform): Answer {
  const serial = header(headers, 'wechatpay-serial');
  if (serial === undefined || serial === '') return paramError('请求头Wechatpay-Serial为空：加密敏感信息时须传入平台证书序列号或公钥ID');
  if (serial !== platform.platformSerial) return paramError(`Wechatpay-Serial ${serial} 不是当前可用的平台证书序列号或公钥ID`);
  if (isMissing(body.business_code)) return paramError(required('business_code'));
  for (const path of ['contact_info.contact_name', 'contact_info.contact_id_number']) {
    if (isMissing(valueAt(body, path))) return paramError(required(path));
  }
  const plain = decryptAll(body, platform);
  if (!(plain instanceof Map)) return plain;
  if (!ID_NUMBER.test(plain.get('contact_info.contact_id_number') ?? '')) return paramError(badFormat('contact_info.contact_id_number'));
  const digest = createHash('sha256').update(String(body.business_code)).digest();
  return json(200, { applyment_id: 2_000_002_000_000_000 + (digest.readUInt32BE(0) % 1_000_000_000) });
}

/**
 * `POST /v3/applyment4sub/applyment/` (提交申请单): requires `Wechatpay-Serial` to be the sandbox's platform serial
 * (`PUB_KEY_ID_…` or certificate serial), `business_code`, `contact_info.contact_name` and
 * `contact_info.contact_id_number`; decrypts every sensitive field present (contact name, ID number, phone, email,
 * the ID card's name and number, the bank account's name and number) with the platform private key (RSA-OAEP),
 * refusing one that does not decrypt, and checks the ID number's form. Answers `{ applyment_id }`, derived from
 * `business_code`.
 *
 * @param input - the JSON body, the headers and the sandbox's platform
 */
export function submitApplyment(input: RouteInput): Answer {
  return withPlatform(input, (platform) => submit(input, platform));
}

/** The 进件 endpoints. */
export const applymentRoutes: readonly Route[] = [{ method: 'POST', path: '/v3/applyment4sub/applyment/', handle: submitApplyment }];
