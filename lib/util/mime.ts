/**
 * The media types of the files WeChat Pay's upload endpoints take, by file extension.
 *
 * @module
 */

import { extname } from 'node:path';

/** The fallback for an extension not listed. */
export const DEFAULT_MEDIA_TYPE = 'application/octet-stream';

/**
 * The media types by lower-case extension: the images (jpg, jpeg, png, bmp, gif, webp), the videos of
 * `video_upload` (avi, wmv, mpeg, mp4, mov, mkv, flv, f4v, m4v, rmvb) and csv.
 */
const MEDIA_TYPES: ReadonlyMap<string, string> = new Map([
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.png', 'image/png'],
  ['.bmp', 'image/bmp'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.avi', 'video/x-msvideo'],
  ['.wmv', 'video/x-ms-wmv'],
  ['.mpeg', 'video/mpeg'],
  ['.mpg', 'video/mpeg'],
  ['.mp4', 'video/mp4'],
  ['.mov', 'video/quicktime'],
  ['.mkv', 'video/x-matroska'],
  ['.flv', 'video/x-flv'],
  ['.f4v', 'video/x-f4v'],
  ['.m4v', 'video/x-m4v'],
  ['.rmvb', 'application/vnd.rn-realmedia-vbr'],
  ['.csv', 'text/csv'],
]);

/**
 * The media type of a file name by its extension (case-insensitive), or `application/octet-stream`.
 *
 * @param filename - a file name or path, e.g. `logo.PNG`
 */
export function guessMediaType(filename: string): string {
  return MEDIA_TYPES.get(extname(filename).toLowerCase()) ?? DEFAULT_MEDIA_TYPE;
}
