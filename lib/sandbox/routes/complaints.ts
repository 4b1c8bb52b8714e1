/**
 * 消费者投诉2.0 查询投诉单详情: an answer with a sensitive field encrypted with the merchant's public key, and the URL
 * of a complaint image.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { Rsa } from '../../crypto/rsa.js';
import { json, type Answer } from '../answer.js';
import type { Route, RouteInput, SandboxPlatform } from '../router.js';
import { formatBeijingTime } from '../validation.js';
import { withPlatform } from './platform.js';

/**
 * The media ID of a complaint's image: standard base64, so it carries `+`, `/` and `=`, as WeChat Pay's do.
 *
 * @param complaintId - the complaint
 */
export function complaintMediaId(complaintId: string): string {
  return Buffer.concat([createHash('sha256').update(complaintId).digest(), Buffer.from([0xfb, 0xff])]).toString('base64');
}

/**
 * The payer's phone number of a complaint: `138` and eight digits derived from the complaint ID.
 *
 * @param complaintId - the complaint
 */
export function complaintPhone(complaintId: string): string {
  return `138${String(createHash('sha256').update(complaintId).digest().readUInt32BE(0) % 100_000_000).padStart(8, '0')}`;
}

/** The complaint's details. */
function details(complaintId: string, platform: SandboxPlatform, now: Date): Answer {
  const mediaUrl = `${platform.url}v3/merchant-service/images/${encodeURIComponent(complaintMediaId(complaintId))}`;
  return json(200, {
    complaint_id: complaintId,
    complaint_time: formatBeijingTime(now),
    complaint_detail: '停车费扣款两次',
    complaint_state: 'PENDING',
    payer_phone: Rsa.encrypt(complaintPhone(complaintId), platform.pki.merchant.key),
    complaint_media_list: [{ media_type: 'USER_COMPLAINT_IMAGE', media_url: [mediaUrl] }],
    problem_description: '重复扣款',
    problem_type: 'REFUND',
    user_complaint_times: 1,
    incoming_user_response: false,
    complaint_full_refunded: false,
  });
}

/**
 * `GET /v3/merchant-service/complaints-v2/{complaint_id}` (查询投诉单详情): the complaint, with `payer_phone`
 * encrypted with the merchant's public key (RSA-OAEP; decrypt it with the merchant private key) and one image in
 * `complaint_media_list`, whose `media_url` points at the sandbox's `/v3/merchant-service/images/{media_id}` (the
 * ID percent-encoded, as WeChat Pay writes it).
 *
 * @param input - the complaint ID, the time and the sandbox's platform
 */
export function complaintDetails(input: RouteInput): Answer {
  return withPlatform(input, (platform) => details(input.params.complaint_id ?? '', platform, input.now));
}

/** The 消费者投诉 endpoints (the image download is in `images.ts`). */
export const complaintRoutes: readonly Route[] = [{ method: 'GET', path: '/v3/merchant-service/complaints-v2/{complaint_id}', handle: complaintDetails }];
