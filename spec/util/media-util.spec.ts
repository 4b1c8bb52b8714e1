import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { MediaError, MediaUtil, asciiJson, guessMediaType } from '../../lib/index.js';

const logoPath = join(import.meta.dirname, '..', 'fixtures', 'logo.png');
const LOGO_SHA256 = '39bd38616a0605145d8430ea471444f6b1f103822b7450c7ede6c3b42ff2608d';
const GIF = Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64');
const GIF_SHA256 = 'bb229a48bee31f5d54ca12dc9bd960c63a671f0d4be86a054c1d324a44499d96';
const BOUNDARY = '7b1e3c0a9d8f6e5d4c3b2a1908f7e6d5c4b3a291';

const dir = mkdtempSync(join(tmpdir(), 'media-util-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function bytesOf(stream: Readable): Promise<{ bytes: Buffer; largest: number }> {
  const chunks: Buffer[] = [];
  let largest = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    largest = Math.max(largest, (chunk as Buffer).length);
  }
  return { bytes: Buffer.concat(chunks), largest };
}

describe('MediaUtil meta (php-sdk.md T11)', () => {
  it('a path: filename is the base name, sha256 is computed by streaming the file', async () => {
    for (const where of [logoPath, pathToFileURL(logoPath).href, pathToFileURL(logoPath)]) {
      const media = await MediaUtil.from(where);
      assert.equal(media.getMeta(), `{"filename":"logo.png","sha256":"${LOGO_SHA256}"}`);
      assert.equal(media.filename, 'logo.png');
      assert.equal(media.mediaType, 'image/png');
      assert.equal(media.fileSize, 115);
    }
  });

  it('bytes: hashed at once, named by the first argument (transparent.gif)', () => {
    const media = new MediaUtil('transparent.gif', GIF);
    assert.equal(media.getMeta(), `{"filename":"transparent.gif","sha256":"${GIF_SHA256}"}`);
    assert.equal(media.mediaType, 'image/gif');
  });

  it('escapes non-ASCII as PHP json_encode does: 中文 名.jpg', () => {
    const media = new MediaUtil('中文 名.jpg', GIF);
    assert.equal(media.getMeta(), `{"filename":"\\u4e2d\\u6587 \\u540d.jpg","sha256":"${GIF_SHA256}"}`);
    assert.deepEqual(JSON.parse(media.getMeta()), { filename: '中文 名.jpg', sha256: GIF_SHA256 });
    assert.equal(asciiJson({ e: '😀/é' }), '{"e":"\\ud83d\\ude00/\\u00e9"}');
  });

  it('setMeta replaces the meta and returns its byte length; null restores the default', () => {
    const media = new MediaUtil('logo.png', GIF);
    const custom = `{"bank_type":"LQT","filename":"logo.png","sha256":"${GIF_SHA256}"}`;
    assert.equal(media.setMeta(custom), Buffer.byteLength(custom));
    assert.equal(media.getMeta(), custom);
    assert.equal(media.requestOptions().signBody, custom);
    media.setMeta(null);
    assert.equal(media.getMeta(), `{"filename":"logo.png","sha256":"${GIF_SHA256}"}`);
    assert.throws(() => media.setMeta('not json'), MediaError);
    assert.throws(() => media.setMeta('[1]'), /JSON object/);
  });

  it('a path must be prepared before its meta is known', () => {
    assert.throws(() => new MediaUtil(logoPath).getMeta(), /await media\.prepare\(\)/);
  });

  it('an unreadable path rejects with PHP\'s message', async () => {
    const missing = join(dir, 'missing.png');
    await assert.rejects(MediaUtil.from(missing), (error: unknown) => error instanceof MediaError && error.message.startsWith(`Cannot open or caching the file: \`${missing}\``));
  });

  it('a stream needs its sha256: it is read once, as it is sent', async () => {
    await assert.rejects(MediaUtil.from('clip.mp4', Readable.from([GIF])), /needs its `sha256`/);
    assert.throws(() => new MediaUtil('clip.mp4', Readable.from([GIF]), { sha256: 'abc' }), /64 hex digits/);
    const media = await MediaUtil.from('clip.mp4', Readable.from([GIF]), { sha256: GIF_SHA256.toUpperCase() });
    assert.equal(media.sha256, GIF_SHA256);
    assert.equal(media.getSize(), undefined, 'no size given: chunked');
    assert.equal(media.requestOptions().headers['Content-Length'], undefined);
    assert.throws(() => media.getStream(), /can be uploaded once/);
  });

  it('rejects a bad size or boundary', () => {
    assert.throws(() => new MediaUtil('a.png', GIF, { boundary: 'bad"boundary' }), MediaError);
    assert.throws(() => new MediaUtil('a.png', Readable.from([GIF]), { sha256: GIF_SHA256, size: -1 }), /whole number/);
  });
});

describe('MediaUtil multipart body (stack.md §1.8)', () => {
  it('is byte for byte the documented wire format, with a matching Content-Length', async () => {
    const media = new MediaUtil('transparent.gif', GIF, { boundary: BOUNDARY });
    const meta = `{"filename":"transparent.gif","sha256":"${GIF_SHA256}"}`;
    const expected = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n${meta}\r\n`),
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="transparent.gif"\r\nContent-Type: image/gif\r\n\r\n`),
      GIF,
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]);
    const options = media.requestOptions();
    assert.deepEqual(options.headers, { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, 'Content-Length': String(expected.length) });
    assert.equal(options.signBody, meta);
    assert.deepEqual((await bytesOf(options.body)).bytes, expected);
    assert.equal(media.getSize(), expected.length);
    assert.equal(media.getContentType(), `multipart/form-data; boundary=${BOUNDARY}`);
  });

  it('a random boundary is 40 hex digits, new for each upload', () => {
    const a = new MediaUtil('a.png', GIF).getContentType();
    const b = new MediaUtil('a.png', GIF).getContentType();
    assert.match(a, /^multipart\/form-data; boundary=[0-9a-f]{40}$/);
    assert.notEqual(a, b);
  });

  it('quotes a file name with " and line breaks as browsers do, keeping UTF-8', async () => {
    const media = new MediaUtil('a"b\r\n名.png', GIF, { boundary: BOUNDARY });
    const { bytes } = await bytesOf(media.getStream());
    assert.ok(bytes.includes(Buffer.from('filename="a%22b%0D%0A名.png"')));
  });

  it('a path is read again for each request; a large file is streamed in chunks, never whole', async () => {
    const video = join(dir, 'clip.mp4');
    const size = 24 * 1024 * 1024;
    writeFileSync(video, Buffer.alloc(size, 7));
    const media = await MediaUtil.from(video);
    assert.equal(media.sha256, createHash('sha256').update(Buffer.alloc(size, 7)).digest('hex'));
    assert.equal(media.mediaType, 'video/mp4');
    for (let round = 0; round < 2; round++) {
      const { bytes, largest } = await bytesOf(media.requestOptions().body);
      assert.equal(bytes.length, media.getSize());
      assert.ok(largest <= 64 * 1024, `largest chunk ${largest} bytes`);
    }
  });

  it('guesses the media types of the upload endpoints', () => {
    const cases: Record<string, string> = {
      'a.JPG': 'image/jpeg', 'a.jpeg': 'image/jpeg', 'a.png': 'image/png', 'a.bmp': 'image/bmp', 'a.gif': 'image/gif',
      'a.avi': 'video/x-msvideo', 'a.wmv': 'video/x-ms-wmv', 'a.mpeg': 'video/mpeg', 'a.mp4': 'video/mp4', 'a.mov': 'video/quicktime',
      'a.mkv': 'video/x-matroska', 'a.flv': 'video/x-flv', 'a.f4v': 'video/x-f4v', 'a.m4v': 'video/x-m4v',
      'a.rmvb': 'application/vnd.rn-realmedia-vbr', 'bill.csv': 'text/csv', 'noext': 'application/octet-stream',
    };
    for (const [name, type] of Object.entries(cases)) assert.equal(guessMediaType(name), type, name);
    assert.equal(new MediaUtil('a.bin', GIF, { mediaType: 'image/png' }).mediaType, 'image/png');
  });
});
