#!/usr/bin/env node
// The seed flows, in all three call styles, against the embedded sandbox: `npm run demo`.
// Each request line (as sent and signed) and each answer is printed.
import { Builder, HttpError } from 'wechatpay-ts';
import { Sandbox } from 'wechatpay-ts/sandbox';

const sandbox = await Sandbox.start();
const wxpay = Builder.factory(sandbox.clientConfig());

// A middleware that prints what went out and what came back, outside the verifier: the answers it prints were verified.
wxpay.getDriver().select('v3').unshift(async (request, next) => {
  console.log(`→ ${request.method} ${request.target}${request.body ? `  ${request.body}` : ''}`);
  try {
    const response = await next(request);
    console.log(`← ${response.status} ${response.statusText}${response.text() ? `  ${response.text()}` : ''}  (verified, Request-ID ${response.header('request-id')})\n`);
    return response;
  } catch (error) {
    console.log(`← ${error instanceof HttpError ? `${error.status} ${error.code}` : error.name}: ${error.wechatMessage ?? error.message}\n`);
    throw error;
  }
}, 'demo-log');

const appid = 'wx931386123456789e';
const openid = 'oUpF8uMuAJOM2pxb1Q';
const parking = { sub_mchid: '1900000109', brandid: 1000, appid, openid, plate_number: '粤B888888', state: 'IN', time: '2022-06-01T10:43:39+08:00' };

console.log(`WeChat Pay sandbox at ${sandbox.url} (mchid ${sandbox.mchid}, answers signed by ${sandbox.platformSerial})\n`);

console.log('# 商圈会员停车状态同步 (seed 000/001), three call styles');
const res = await wxpay.v3.businesscircle.parkings.post({ json: parking });
console.log('property chain:', res.getStatusCode() === 204, '\n');
const ok = await wxpay.chain('v3/businesscircle/parkings').postAsync({ json: parking }).then((r) => r.getStatusCode() === 204).wait();
console.log('chain() + postAsync().then().wait():', ok, '\n');
await wxpay['v3/businesscircle/parkings'].post({ json: parking });
console.log('bracket path: done\n');

console.log('# 查询车牌服务开通信息 (seed 003), GET with a Chinese query value');
const find = await wxpay.v3.vehicle.parking.services.find.get({ query: { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid } });
console.log('service_state:', find.json().service_state, '\n');

console.log('# 设置商家券事件通知地址 (seed 004)');
const callbacks = await wxpay.v3.marketing.busifavor.callbacks.post({ json: { mchid: '10000098', notify_url: 'https://example.com/notify' } });
console.log('update_time:', callbacks.json().update_time, '\n');

console.log('# 智慧商圈: placeholders filled from the options');
await wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid, query: { appid } });
await wxpay.v3.businesscircle.users['{openid}'].points.commit_status.get({ openid, query: { brandid: 1000, appid } });
await wxpay.v3.businesscircle.points.notify.post({
  json: { sub_mchid: '1900000109', brandid: 1000, transaction_id: '4200000000000000000000000001', appid, openid, earn_points: true, increased_points: 100, points_update_time: '2022-06-01T10:43:39+08:00' },
});

console.log('# an error, as WeChat Pay reports it');
await wxpay.v3.businesscircle.parkings.post({ json: { ...parking, plate_number: 'B888888' } }).catch(() => undefined);

const unsigned = sandbox.requests.filter((r) => !r.authorized).length;
console.log(`${sandbox.requests.length} requests, ${unsigned} with a bad signature.`);
await sandbox.close();
await wxpay.getDriver().close();
if (unsigned > 0) process.exit(1);
