// Reference clients for the APIv3 call without any SDK, used to split a call's cost:
// - `raw`: undici.request with the same method, target, headers and body, no signature and no verification;
// - `minimal`: the least a correct client must do: node:crypto sign, undici.request, node:crypto verify, JSON.parse.
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { Agent } from 'undici';
import { v3Body } from './clients.mjs';

export function references(material, baseUrl) {
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });
  const privateKey = createPrivateKey(material.privateKeyPem);
  const publicKey = createPublicKey(material.platformPublicKeyPem);
  const url = new URL('v3/marketing/busifavor/callbacks', baseUrl);
  const body = JSON.stringify(v3Body(material));
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  const send = (authorization) =>
    dispatcher.request({ origin: url.origin, path: url.pathname, method: 'POST', body, headers: authorization === undefined ? headers : { ...headers, authorization } });
  return {
    async raw() {
      const answer = await send(undefined);
      return JSON.parse(await answer.body.text());
    },
    async minimal() {
      const timestamp = Math.floor(Date.now() / 1000);
      const nonce = randomBytes(16).toString('hex');
      const signature = sign('sha256', Buffer.from(`POST\n${url.pathname}\n${timestamp}\n${nonce}\n${body}\n`), privateKey).toString('base64');
      const answer = await send(`WECHATPAY2-SHA256-RSA2048 mchid="${material.mchid}",serial_no="${material.serial}",timestamp="${timestamp}",nonce_str="${nonce}",signature="${signature}"`);
      const text = await answer.body.text();
      const h = answer.headers;
      const message = Buffer.from(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${text}\n`);
      if (!verify('sha256', message, publicKey, Buffer.from(h['wechatpay-signature'], 'base64'))) throw new Error('minimal client: answer signature mismatch');
      return JSON.parse(text);
    },
    close: () => dispatcher.close(),
  };
}
