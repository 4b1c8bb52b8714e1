/**
 * Uploads: 图片上传, 视频上传, 图片上传（营销专用） and 商户上传反馈图片. Each takes a `multipart/form-data` body with a
 * `meta` JSON part (`filename`, `sha256`) and a `file` part; the request's signature covers the `meta` JSON
 * (checked before the route runs, see `signedBody`).
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { json, paramError, type Answer } from '../answer.js';
import { mediaTypeOf } from '../dispatch.js';
import type { Route, RouteInput } from '../router.js';
import { firstMissing, type JsonObject } from '../validation.js';
import { boundaryOf, parseFormData, type FormPart } from './form-data.js';
import { badFormat, required } from './messages.js';

/** What an upload endpoint accepts. */
interface UploadRule {
  /** The file extensions allowed, lower case with the dot. */
  readonly extensions: readonly string[];
  /** The largest file, in bytes. */
  readonly maxBytes: number;
  /** The member of the answer: `media_id`, or `media_url` for the marketing image upload. */
  readonly answer: (sha256: Buffer) => JsonObject;
}

const MB = 1024 * 1024;
const IMAGES = ['.jpg', '.jpeg', '.bmp', '.png'];
const VIDEOS = ['.avi', '.wmv', '.mpeg', '.mp4', '.mov', '.mkv', '.flv', '.f4v', '.m4v', '.rmvb'];

/** A media ID derived from the file's digest, so the same file always gets the same ID. */
function mediaId(sha256: Buffer): JsonObject {
  return { media_id: sha256.toString('base64url') };
}

/** The rules of each upload endpoint, as their documentation states them. */
const RULES = {
  image: { extensions: IMAGES, maxBytes: 2 * MB, answer: mediaId },
  video: { extensions: VIDEOS, maxBytes: 5 * MB, answer: mediaId },
  marketing: {
    extensions: IMAGES,
    maxBytes: 2 * MB,
    answer: (sha256: Buffer): JsonObject => ({ media_url: `https://wxpaylogo.qpic.cn/wxpaylogo/${sha256.toString('hex')}/0` }),
  },
} as const satisfies Record<string, UploadRule>;

/** The `meta` object of an upload, or why it is not one. */
function readMeta(part: FormPart): { filename: string; sha256: string } | string {
  if (mediaTypeOf(part.contentType) !== 'application/json') return 'meta部分的Content-Type应为application/json';
  let meta: unknown;
  try {
    meta = JSON.parse(part.data.toString('utf8'));
  } catch {
    return badFormat('meta');
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return badFormat('meta');
  const { filename, sha256 } = meta as Record<string, unknown>;
  const absent = firstMissing({ filename, sha256 }, ['filename', 'sha256']);
  if (absent !== undefined) return required(absent);
  if (typeof filename !== 'string') return badFormat('filename');
  if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) return badFormat('sha256');
  return { filename, sha256: sha256.toLowerCase() };
}

/**
 * Checks an upload as WeChat Pay does, in order: a boundary in the `Content-Type` that the body uses, a `meta`
 * part (JSON with `filename` and a hex `sha256`) and a `file` part with a file name, the file's SHA-256 equal to
 * the meta's, an allowed extension, the size limit. Answers the endpoint's success member, derived from the digest.
 */
function upload(rule: UploadRule, { raw, contentType }: RouteInput): Answer {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return paramError('Content-Type缺少boundary');
  const parts = parseFormData(raw, boundary);
  if (typeof parts === 'string') return paramError(`multipart格式有误：${parts}`);
  const metaPart = parts.find((part) => part.name === 'meta');
  const file = parts.find((part) => part.name === 'file');
  if (metaPart === undefined) return paramError(required('meta'));
  if (file?.filename === undefined || file.filename === '') return paramError(required('file'));
  const meta = readMeta(metaPart);
  if (typeof meta === 'string') return paramError(meta);
  const digest = createHash('sha256').update(file.data).digest();
  if (digest.toString('hex') !== meta.sha256) return paramError('文件的sha256与meta中的sha256不一致');
  if (!rule.extensions.includes(extname(meta.filename).toLowerCase())) return paramError(`不支持的文件格式，仅支持${rule.extensions.join('、')}`);
  if (file.data.length > rule.maxBytes) return paramError(`文件大小不能超过${rule.maxBytes / MB}M`);
  return json(200, rule.answer(digest));
}

/** The upload endpoints. */
export const mediaRoutes: readonly Route[] = [
  { method: 'POST', path: '/v3/merchant/media/upload', accepts: 'multipart', handle: (input) => upload(RULES.image, input) },
  { method: 'POST', path: '/v3/merchant/media/video_upload', accepts: 'multipart', handle: (input) => upload(RULES.video, input) },
  { method: 'POST', path: '/v3/marketing/favor/media/image-upload', accepts: 'multipart', handle: (input) => upload(RULES.marketing, input) },
  { method: 'POST', path: '/v3/merchant-service/images/upload', accepts: 'multipart', handle: (input) => upload(RULES.image, input) },
];
