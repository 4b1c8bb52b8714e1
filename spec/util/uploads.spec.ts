import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { ClientError, MediaUtil } from '../../lib/index.js';
import { boundaryOf, parseFormData } from '../../lib/sandbox/routes/form-data.js';
import { useSandbox } from './sandbox-client.js';

const logoPath = join(import.meta.dirname, '..', 'fixtures', 'logo.png');
const logo = readFileSync(logoPath);
const logoId = createHash('sha256').update(logo).digest('base64url');

const env = useSandbox();

/** The whole multipart body of an upload, as bytes. */
async function bodyBytes(media: MediaUtil): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of media.getStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The status and WeChat code of a rejected call. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; code: string | undefined; message: string | undefined }> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ClientError, String(error));
    return { status: error.status, code: error.code, message: error.wechatMessage };
  }
  assert.fail('the call should have been refused');
}

describe('uploads against the sandbox: the signature covers the meta JSON', () => {
  it('图片上传: MediaUtil.from(path) → requestOptions() → media_id; the sandbox checked signature, boundary and sha256', async () => {
    const media = await MediaUtil.from(logoPath);
    const res = await env.wxpay.v3.merchant.media.upload.post(media.requestOptions());
    assert.deepEqual(res.json(), { media_id: logoId });
    const seen = env.sandbox.lastRequest();
    assert.equal(seen?.authorized, true, seen?.authError);
    assert.equal(seen?.headers['content-type'], media.getContentType());
    assert.equal(seen?.headers['content-length'], String(media.getSize()));
    assert.equal(seen?.headers['transfer-encoding'], undefined, 'a known length, not chunked');
    const parts = parseFormData(seen.body, boundaryOf(media.getContentType())!);
    assert.ok(Array.isArray(parts));
    assert.deepEqual(parts.map((p) => [p.name, p.filename, p.contentType]), [['meta', undefined, 'application/json'], ['file', 'logo.png', 'image/png']]);
    assert.equal(parts[0].data.toString(), media.getMeta());
    assert.deepEqual(parts[1].data, logo);
  });

  it('视频上传: a stream source with its sha256, sent chunked', async () => {
    const video = Buffer.alloc(300_000, 0x2a);
    const sha256 = createHash('sha256').update(video).digest('hex');
    const stream = Readable.from((function* () {
      for (let at = 0; at < video.length; at += 65_536) yield video.subarray(at, at + 65_536);
    })());
    const media = new MediaUtil('clip.mp4', stream, { sha256 });
    const res = await env.wxpay.v3.merchant.media.video_upload.post(media.requestOptions());
    assert.equal(res.json<{ media_id: string }>().media_id, Buffer.from(sha256, 'hex').toString('base64url'));
    assert.equal(env.sandbox.lastRequest()?.headers['transfer-encoding'], 'chunked');
  });

  it('图片上传（营销专用） answers a media_url; 商户上传反馈图片 a media_id', async () => {
    const media = await MediaUtil.from(logoPath);
    const favor = await env.wxpay.v3.marketing.favor.media['image-upload'].post(media.requestOptions());
    assert.match(favor.json<{ media_url: string }>().media_url, /^https:\/\/wxpaylogo\.qpic\.cn\/wxpaylogo\/[0-9a-f]{64}\/0$/);
    const feedback = await env.wxpay.v3.merchantService.images.upload.post(media.requestOptions());
    assert.deepEqual(feedback.json(), { media_id: logoId });
    assert.equal(env.sandbox.lastRequest()?.path, '/v3/merchant-service/images/upload');
  });

  it('a custom meta (setMeta) is what is signed and sent', async () => {
    const media = await MediaUtil.from(logoPath);
    media.setMeta(JSON.stringify({ filename: 'logo.png', sha256: media.sha256, bank_type: 'LQT' }));
    await env.wxpay.v3.merchant.media.upload.post(media.requestOptions());
    assert.ok(env.sandbox.lastRequest()?.text.includes('"bank_type":"LQT"'));
  });

  it('signing the whole multipart body is refused with 401 SIGN_ERROR naming the meta part', async () => {
    const media = await MediaUtil.from(logoPath);
    const { status, code } = await refusal(env.wxpay.v3.merchant.media.upload.post({ body: await bodyBytes(media), headers: { 'Content-Type': media.getContentType() } }));
    assert.deepEqual([status, code], [401, 'SIGN_ERROR']);
    assert.match(env.sandbox.lastRequest()?.authError ?? '', /meta part/);
  });

  it('refuses a file whose sha256 is not the meta\'s, a foreign or missing boundary, a wrong extension', async () => {
    const media = await MediaUtil.from(logoPath);
    media.setMeta(JSON.stringify({ filename: 'logo.png', sha256: '0'.repeat(64) }));
    assert.deepEqual(await refusal(env.wxpay.v3.merchant.media.upload.post(media.requestOptions())), { status: 400, code: 'PARAM_ERROR', message: '文件的sha256与meta中的sha256不一致' });

    const other = await MediaUtil.from(logoPath);
    const options = other.requestOptions();
    const foreign = await refusal(env.wxpay.v3.merchant.media.upload.post({ ...options, headers: { ...options.headers, 'Content-Type': 'multipart/form-data; boundary=somethingelse' } }));
    assert.equal(foreign.status, 401, 'the meta part cannot even be found to check the signature');

    const noBoundary = await refusal(env.wxpay.v3.merchant.media.upload.post({ ...options, body: await bodyBytes(other), headers: { 'Content-Type': 'multipart/form-data' } }));
    assert.equal(noBoundary.status, 401);

    const gif = new MediaUtil('logo.gif', logo);
    assert.match((await refusal(env.wxpay.v3.merchant.media.upload.post(gif.requestOptions()))).message ?? '', /不支持的文件格式/);
    const video = new MediaUtil('logo.png', logo);
    assert.match((await refusal(env.wxpay.v3.merchant.media.video_upload.post(video.requestOptions()))).message ?? '', /不支持的文件格式/);
  });

  it('refuses an upload without a multipart Content-Type, and a file over the size limit', async () => {
    const json = await refusal(env.wxpay.chain('v3/merchant/media/upload' as string).post({ json: { filename: 'logo.png' } }));
    assert.deepEqual([json.status, json.code], [400, 'INVALID_REQUEST']);
    const big = new MediaUtil('big.png', Buffer.alloc(2 * 1024 * 1024 + 1));
    assert.equal((await refusal(env.wxpay.v3.merchant.media.upload.post(big.requestOptions()))).message, '文件大小不能超过2M');
  });
});

describe('the sandbox multipart reader', () => {
  it('reads quoted and bare boundaries, refuses other media types', () => {
    assert.equal(boundaryOf('multipart/form-data; boundary="a b"'), 'a b');
    assert.equal(boundaryOf('Multipart/Form-Data;boundary=xyz'), 'xyz');
    assert.equal(boundaryOf('application/json; boundary=xyz'), undefined);
    assert.equal(boundaryOf(undefined), undefined);
  });

  it('refuses a body that does not close, lacks CRLF or has a part without a name', () => {
    assert.match(JSON.stringify(parseFormData(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nv'), 'b')), /no closing/);
    assert.match(JSON.stringify(parseFormData(Buffer.from('--b\nContent-Disposition: form-data; name="x"\r\n\r\nv\r\n--b--'), 'b')), /CRLF/);
    assert.match(JSON.stringify(parseFormData(Buffer.from('--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--'), 'b')), /Content-Disposition/);
    assert.match(JSON.stringify(parseFormData(Buffer.from('--b--'), 'b')), /no part/);
    assert.match(JSON.stringify(parseFormData(Buffer.from('--c\r\n'), 'b')), /does not start/);
  });
});
