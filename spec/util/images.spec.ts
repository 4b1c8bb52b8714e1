import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decryptSensitiveFields } from '../../lib/index.js';
import { complaintMediaId, complaintPhone } from '../../lib/sandbox/routes/complaints.js';
import { MEDIA_ID_KEYWORD } from '../../lib/sandbox/routes/images.js';
import { pngText } from '../../lib/sandbox/routes/png.js';
import { useSandbox } from './sandbox-client.js';

const complaintId = '200201820200101080076610000';
const mediaId = complaintMediaId(complaintId);
const encoded = encodeURIComponent(mediaId);
const env = useSandbox();

describe('消费者投诉: details with an encrypted phone, images downloaded unverified', () => {
  it('the media ID has the characters that get double-encoded: / + =', () => {
    assert.match(mediaId, /\//);
    assert.match(mediaId, /\+/);
    assert.match(mediaId, /=$/);
    assert.match(encoded, /%2F/);
  });

  it('查询投诉单详情: payer_phone decrypts with the merchant private key; media_url points at the sandbox', async () => {
    const res = await env.wxpay.v3.merchantService.complaintsV2._complaint_id_.get({ complaint_id: complaintId });
    const body = res.json<{ payer_phone: string; complaint_media_list: { media_url: string[] }[] }>();
    assert.notEqual(body.payer_phone, complaintPhone(complaintId), 'encrypted on the wire');
    const plain = decryptSensitiveFields(body, ['payer_phone'], env.sandbox.clientConfig().privateKey);
    assert.equal(plain.payer_phone, complaintPhone(complaintId));
    assert.deepEqual(body.complaint_media_list[0]?.media_url, [`${env.sandbox.url}v3/merchant-service/images/${encoded}`]);
  });

  it('{+media_id} sends an encoded ID as it is; the unsigned image is accepted', async () => {
    const res = await env.wxpay.chain('v3/merchant-service/images/{+media_id}').get({ media_id: encoded });
    assert.equal(env.sandbox.lastRequest()?.target, `/v3/merchant-service/images/${encoded}`);
    assert.equal(env.sandbox.lastRequest()?.authorized, true, 'the request is signed');
    assert.equal(res.header('content-type'), 'image/png');
    assert.equal(res.header('wechatpay-signature'), undefined, 'WeChat Pay does not sign images');
    assert.equal(pngText(res.body!, MEDIA_ID_KEYWORD), mediaId);
  });

  it('the media_url as given, through the driver, is sent exactly', async () => {
    const res = await env.wxpay.getDriver().request('GET', `${env.sandbox.url}v3/merchant-service/images/${encoded}`);
    assert.equal(env.sandbox.lastRequest()?.target, `/v3/merchant-service/images/${encoded}`);
    assert.equal(pngText(res.body!, MEDIA_ID_KEYWORD), mediaId);
  });

  it('{media_id} encodes a raw ID correctly, but encodes an encoded one again (%2F → %252F)', async () => {
    const raw = await env.wxpay.chain('v3/merchant-service/images/{media_id}').get({ media_id: mediaId });
    assert.equal(pngText(raw.body!, MEDIA_ID_KEYWORD), mediaId);
    const twice = await env.wxpay.chain('v3/merchant-service/images/{media_id}').get({ media_id: encoded });
    assert.match(env.sandbox.lastRequest()?.target ?? '', /%252F/);
    assert.equal(pngText(twice.body!, MEDIA_ID_KEYWORD), encoded, 'the sandbox received another ID');
  });

  it('streams as any answer with stream: true', async () => {
    const res = await env.wxpay.chain('v3/merchant-service/images/{+media_id}').get({ media_id: encoded, stream: true });
    const chunks: Buffer[] = [];
    for await (const chunk of res.stream!) chunks.push(chunk as Buffer);
    assert.equal(pngText(Buffer.concat(chunks), MEDIA_ID_KEYWORD), mediaId);
  });
});
