/**
 * Uploads (图片上传, 视频上传, 营销图片上传, 投诉图片上传): the `multipart/form-data` body and the `meta` JSON the
 * APIv3 signer signs.
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { MediaError } from '../errors/media-error.js';
import { asciiJson } from './ascii-json.js';
import { digestFile } from './file-digest.js';
import { guessMediaType } from './mime.js';
import { isBoundary, multipartHead, multipartTail, randomBoundary } from './multipart.js';

/** What an upload reads the file from, when it is not the path itself: bytes, or a stream (read once). */
export type MediaSource = Uint8Array | Readable;

/** Options of {@link MediaUtil}. */
export interface MediaUtilOptions {
  /** The file's SHA-256, hex (any case): required for a stream source, whose bytes cannot be read twice. */
  readonly sha256?: string;
  /** The file's size in bytes, for a stream source: the request then carries a `Content-Length` (else it is chunked). */
  readonly size?: number;
  /** The file part's `Content-Type`; by default guessed from the file name's extension. */
  readonly mediaType?: string;
  /** The multipart boundary; by default 40 random hex digits. */
  readonly boundary?: string;
}

/** The request options of an upload: pass them to the call (`post(media.requestOptions())`), or spread them. */
// A type alias, not an interface, so that it is assignable to `RequestOptions` and its index signature.
export type MediaRequestOptions = {
  /** The multipart body, streamed. */
  readonly body: Readable;
  /** The `meta` JSON: what the APIv3 signer signs instead of the body. */
  readonly signBody: string;
  /** `Content-Type: multipart/form-data; boundary=…`, and `Content-Length` when the file size is known. */
  readonly headers: Readonly<Record<string, string>>;
};

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** A path from a plain path, a `file://` string or a file URL. */
function toPath(pathOrUrl: string | URL): string {
  return pathOrUrl instanceof URL || pathOrUrl.startsWith('file://') ? fileURLToPath(pathOrUrl) : pathOrUrl;
}

/** Checks a given SHA-256 and returns it lower-case. */
function checkSha256(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new MediaError(`\`sha256\` must be the file's SHA-256 as 64 hex digits, got ${sha256.length} characters.`);
  return sha256.toLowerCase();
}

/** Checks that a meta text is a JSON object. */
function checkMeta(json: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw new MediaError('The meta must be a JSON object, e.g. {"filename":"logo.png","sha256":"…"}; it is not JSON.', { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MediaError('The meta must be a JSON object, e.g. {"filename":"logo.png","sha256":"…"}.');
  return json;
}

/** The multipart body: head, the file's bytes, tail. */
async function* multipartBody(head: Buffer, file: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, tail: Buffer): AsyncGenerator<Uint8Array> {
  yield head;
  yield* file;
  yield tail;
}

/**
 * An upload for WeChat Pay's media endpoints (`v3/merchant/media/upload`, `v3/merchant/media/video_upload`,
 * `v3/marketing/favor/media/image-upload`, `v3/merchant-service/images/upload`), PHP's `WeChatPay\Util\MediaUtil`:
 * a hand-built `multipart/form-data` body with a `meta` part (`{"filename":…,"sha256":…}`, `application/json`)
 * and a `file` part, the file streamed (a video is never held in memory). WeChat Pay signs uploads over the `meta`
 * JSON alone, so {@link MediaUtil.requestOptions} hands it to the signer as `signBody`.
 *
 * ```ts
 * const media = await MediaUtil.from('/path/to/logo.png'); // hashes the file in a first streaming pass
 * const { media_id } = (await wxpay.v3.merchant.media.upload.post(media.requestOptions())).json<{ media_id: string }>();
 * ```
 *
 * Sources:
 * - a path or `file://` URL (no `source`): hashed by {@link MediaUtil.prepare}, read again for every request;
 * - bytes: hashed at once;
 * - a `Readable`: read once, while it is sent, so its `sha256` must be given (the meta comes before the file).
 *   Deviation from PHP, which caches the whole stream to hash it: hash it where it comes from, or pass a path.
 *
 * Deviations from PHP: the meta escapes non-ASCII as PHP does (`\u4e2d`), but not `/`; the file part carries no
 * `Content-Length` (RFC 7578 §4.8 allows only `Content-Type` and `Content-Disposition`); the body has a known
 * length (no chunked encoding) whenever the file size is known.
 */
export class MediaUtil {
  /** The file name sent in the meta and in the file part: the base name of the path or name given. */
  readonly filename: string;
  /** The file part's media type. */
  readonly mediaType: string;
  readonly #path: string | undefined;
  readonly #bytes: Uint8Array | undefined;
  #stream: Readable | undefined;
  readonly #boundary: string;
  #sha256: string | undefined;
  #size: number | undefined;
  #meta: string | undefined;

  /**
   * @param filenameOrPath - the file's path or `file://` URL; with a `source`, just its name (`logo.png`)
   * @param source - the file's bytes or a stream of them, when it is not read from the path
   * @param options - the sha256 and size of a stream source, the media type, the boundary
   * @throws MediaError for a malformed `sha256`, `size` or `boundary`
   */
  constructor(filenameOrPath: string | URL, source?: MediaSource, options: MediaUtilOptions = {}) {
    const path = toPath(filenameOrPath);
    this.filename = basename(path);
    this.mediaType = options.mediaType ?? guessMediaType(this.filename);
    this.#boundary = options.boundary ?? randomBoundary();
    if (!isBoundary(this.#boundary)) throw new MediaError('`boundary` must be 1 to 70 characters of 0-9A-Za-z\'()+_,-./:=? (RFC 2046).');
    if (options.size !== undefined && !(Number.isSafeInteger(options.size) && options.size >= 0)) throw new MediaError('`size` must be the file size in bytes, a whole number >= 0.');
    this.#sha256 = options.sha256 === undefined ? undefined : checkSha256(options.sha256);
    this.#size = options.size;
    if (source === undefined) {
      this.#path = path;
    } else if (source instanceof Uint8Array) {
      this.#bytes = source;
      this.#sha256 ??= createHash('sha256').update(source).digest('hex');
      this.#size = source.length;
    } else {
      this.#stream = source;
    }
  }

  /**
   * A ready upload: `new MediaUtil(…)` then {@link MediaUtil.prepare}.
   * @throws MediaError as the constructor and `prepare` do
   */
  static async from(filenameOrPath: string | URL, source?: MediaSource, options?: MediaUtilOptions): Promise<MediaUtil> {
    return new MediaUtil(filenameOrPath, source, options).prepare();
  }

  /**
   * Computes what the meta needs: for a path, the SHA-256 and size in one streaming pass over the file (skipped
   * when `sha256` was given: then only the size is read). Idempotent.
   * @throws MediaError `Cannot open or caching the file: `<path>`` (PHP's wording, with the reason) when the file
   * cannot be read; or for a stream source without its `sha256`
   */
  async prepare(): Promise<this> {
    if (this.#stream !== undefined && this.#sha256 === undefined) throw this.#needsSha256();
    if (this.#path === undefined || (this.#sha256 !== undefined && this.#size !== undefined)) return this;
    try {
      const { hex, size } = await digestFile(this.#path, 'sha256');
      if (this.#sha256 === undefined) this.#sha256 = hex;
      this.#size = size;
    } catch (cause) {
      throw new MediaError(`Cannot open or caching the file: \`${this.#path}\` (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    }
    return this;
  }

  /** The file's SHA-256 (lower-case hex), once known. */
  get sha256(): string | undefined {
    return this.#sha256;
  }

  /** The file's size in bytes, once known. */
  get fileSize(): number | undefined {
    return this.#size;
  }

  /**
   * The `meta` JSON: the one set with {@link MediaUtil.setMeta}, or `{"filename":…,"sha256":…}` with non-ASCII
   * escaped as PHP does (`{"filename":"\u4e2d\u6587.jpg",…}`).
   * @throws MediaError before the SHA-256 is known (call `await media.prepare()` first)
   */
  getMeta(): string {
    if (this.#meta !== undefined) return this.#meta;
    if (this.#sha256 === undefined) throw this.#stream === undefined ? new MediaError(`The SHA-256 of \`${this.filename}\` is not known yet: \`await media.prepare()\` (or use \`await MediaUtil.from(…)\`) first.`) : this.#needsSha256();
    return asciiJson({ filename: this.filename, sha256: this.#sha256 });
  }

  /**
   * Replaces the meta (PHP 1.3.2+), e.g. `{"bank_type":"LQT","filename":…,"sha256":…}`; `null` or no argument
   * restores the default.
   * @returns the meta's size in bytes (as PHP)
   * @throws MediaError when the text is not a JSON object
   */
  setMeta(json: string | null = null): number {
    this.#meta = json === null ? undefined : checkMeta(json);
    return Buffer.byteLength(this.#meta ?? this.getMeta());
  }

  /** `multipart/form-data; boundary=<boundary>`: the request's `Content-Type`. */
  getContentType(): string {
    return `multipart/form-data; boundary=${this.#boundary}`;
  }

  /** The size of the whole multipart body in bytes, when the file size is known; else `undefined` (chunked). */
  getSize(): number | undefined {
    if (this.#size === undefined) return undefined;
    return this.#head().length + this.#size + multipartTail(this.#boundary).length;
  }

  /**
   * The multipart body as a stream. For a path, each call opens the file again; a stream source can be sent once.
   * @throws MediaError before `prepare()`, or when a stream source was already used
   */
  getStream(): Readable {
    const head = this.#head();
    return Readable.from(multipartBody(head, this.#file(), multipartTail(this.#boundary)), { objectMode: false });
  }

  /**
   * The options of the upload request: `{ body, signBody: meta, headers: { 'Content-Type', 'Content-Length'? } }`.
   * Spread them with your own: `post({ ...media.requestOptions(), timeout: 60 })`.
   * @throws MediaError before `prepare()`, or when a stream source was already used
   */
  requestOptions(): MediaRequestOptions {
    const size = this.getSize();
    const headers: Record<string, string> = { 'Content-Type': this.getContentType() };
    if (size !== undefined) headers['Content-Length'] = String(size);
    return { body: this.getStream(), signBody: this.getMeta(), headers };
  }

  #head(): Buffer {
    return multipartHead(this.#boundary, this.getMeta(), this.filename, this.mediaType);
  }

  #file(): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
    if (this.#bytes !== undefined) return [this.#bytes];
    if (this.#path !== undefined) return createReadStream(this.#path);
    const stream = this.#stream;
    if (stream === undefined) throw new MediaError(`The stream of \`${this.filename}\` was already sent: a stream source can be uploaded once; pass a path or bytes to upload again.`);
    this.#stream = undefined;
    return stream;
  }

  #needsSha256(): MediaError {
    return new MediaError(
      `A stream source needs its \`sha256\` (the meta, which is signed, is sent before the file): pass { sha256 } for \`${this.filename}\`, or a path or bytes instead of a stream.`,
    );
  }
}
