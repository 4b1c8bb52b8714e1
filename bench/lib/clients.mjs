// The two clients under test, configured from the same key material against the same server:
// wechatpay-ts (the built package) and wechatpay-axios-plugin. Both keep connections alive and run without timeouts.
import http from 'node:http';
import { Agent } from 'undici';
import { Builder } from 'wechatpay-ts';
import axiosPlugin from 'wechatpay-axios-plugin';

const { Wechatpay } = axiosPlugin;

/** The APIv3 call: 设置商家券事件通知地址, a small JSON body both ways (the server answers its JSON, signed). */
export const v3Body = (material) => ({ mchid: material.mchid, notify_url: material.notifyUrl });

/** The APIv2 call: seed 002 用户入场通知, HMAC-SHA256. */
export const v2Data = (material) => ({
  appid: material.appid,
  mch_id: material.mchid,
  sign_type: 'HMAC-SHA256',
  version: '3.0',
  trade_scene: 'PARKING',
  scene_info: '{"scene_info":{"start_time":"20170926114339","plate_number":"粤B888888","free_time":"1200","car_type":"大型车","parking_name":"欢乐海岸停车场"}}',
});

/** How each client is configured, for the printed and recorded configuration. */
export const CLIENT_SETUP = {
  'wechatpay-ts': 'Builder.factory({ mchid, serial, privateKey: PEM, certs: { [PUB_KEY_ID]: PEM }, secret, base_uri, dispatcher: new undici.Agent({ keepAliveTimeout: 30s, headersTimeout: 0, bodyTimeout: 0 }) }); v3: (await post({ json })).json(); v2: (await post({ xml })).toArray()',
  'wechatpay-axios-plugin': 'new Wechatpay({ mchid, serial, privateKey: PEM, certs: { [PUB_KEY_ID]: PEM }, secret, baseURL, httpAgent: new http.Agent({ keepAlive: true }) }); v3: (await post(data)).data; v2: (await post(data)).data',
};

/** wechatpay-ts against `baseUrl`. */
export function ours(material, baseUrl, extra = {}) {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });
  const wxpay = Builder.factory({
    mchid: material.mchid,
    serial: material.serial,
    privateKey: material.privateKeyPem,
    certs: { [material.platformSerial]: material.platformPublicKeyPem },
    secret: material.secret,
    base_uri: baseUrl,
    dispatcher,
    ...extra,
  });
  const json = v3Body(material);
  const xml = v2Data(material);
  return {
    name: 'wechatpay-ts',
    wxpay,
    v3: async () => (await wxpay.v3.marketing.busifavor.callbacks.post({ json })).json(),
    v2: async () => (await wxpay.v2.vehicle.pay.notification.post({ xml })).toArray(),
    close: () => dispatcher.close(),
  };
}

/** wechatpay-axios-plugin against `baseUrl`. */
export function peer(material, baseUrl) {
  const httpAgent = new http.Agent({ keepAlive: true });
  const wxpay = new Wechatpay({
    mchid: material.mchid,
    serial: material.serial,
    privateKey: material.privateKeyPem,
    certs: { [material.platformSerial]: material.platformPublicKeyPem },
    secret: material.secret,
    baseURL: baseUrl,
    httpAgent,
  });
  const data = v3Body(material);
  const xml = v2Data(material);
  return {
    name: 'wechatpay-axios-plugin',
    wxpay,
    v3: async () => (await wxpay.v3.marketing.busifavor.callbacks.post(data)).data,
    v2: async () => (await wxpay.v2.vehicle.pay.notification.post({ ...xml })).data,
    close: async () => httpAgent.destroy(),
  };
}
