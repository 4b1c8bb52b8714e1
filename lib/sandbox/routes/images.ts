/**
 * 图片请求（消费者投诉）: the images of a complaint, downloaded unsigned.
 *
 * @module
 */

import { download, type Answer } from '../answer.js';
import type { Route, RouteInput } from '../router.js';
import { pngWithText } from './png.js';

/** The `iTXt` keyword under which a served image carries its media ID. */
export const MEDIA_ID_KEYWORD = 'media_id';

/**
 * `GET /v3/merchant-service/images/{media_id}` (图片请求): answers the image, unsigned (WeChat Pay does not sign
 * image downloads), as `image/png`. The media ID is one path segment, percent-decoded: IDs carry `%2F`, `%2B` and
 * `%3D`, which the client must send as they are (`{+media_id}`), not encoded again. The sandbox keeps no uploads: the
 * image is a 1×1 PNG with the decoded media ID in an `iTXt` chunk (keyword `media_id`), so a test can check the ID
 * arrived intact.
 *
 * @param input - the decoded media ID
 */
export function complaintImage({ params }: RouteInput): Answer {
  return download({ contentType: 'image/png', bytes: pngWithText(MEDIA_ID_KEYWORD, params.media_id ?? '') });
}

/** The image endpoints (the upload is in `media.ts`). */
export const imageRoutes: readonly Route[] = [{ method: 'GET', path: '/v3/merchant-service/images/{media_id}', handle: complaintImage }];
