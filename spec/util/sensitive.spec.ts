import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  ClientError,
  PlatformKeys,
  Rsa,
  SensitiveFieldError,
  decryptSensitiveFields,
  encryptSensitiveFields,
  selectPlatformKey,
  type RequestOptions,
} from '../../lib/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { useSandbox } from './sandbox-client.js';

const pki = createTestPki();
const FIELDS = ['contact_info.contact_name', 'contact_info.contact_id_number', 'contact_info.mobile_phone'];
const applyment = {
  business_code: 'APPLY_20240301_0001',
  contact_info: { contact_type: 'LEGAL', contact_name: '张三', contact_id_number: '11010119900307001X', mobile_phone: '13800138000' },
  subject_info: { subject_type: 'SUBJECT_TYPE_INDIVIDUAL' },
};

const keyMode = useSandbox({ pki });
const certMode = useSandbox({ pki, mode: 'certificate' });

describe('sensitive fields end to end (特约商户进件 提交申请单)', () => {
  for (const mode of ['public-key', 'certificate'] as const) {
    it(`${mode} mode: encrypted with the platform key, Wechatpay-Serial set, decrypted by the sandbox`, async () => {
      const { sandbox, wxpay } = mode === 'public-key' ? keyMode : certMode;
      const sealed = encryptSensitiveFields(wxpay, applyment, FIELDS);
      assert.deepEqual(sealed.headers, { 'Wechatpay-Serial': sandbox.platformSerial });
      const res = await wxpay['v3/applyment4sub/applyment/'].post(sealed);
      assert.match(String(res.json<{ applyment_id: number }>().applyment_id), /^2000002\d{9}$/);
      const seen = sandbox.lastRequest();
      assert.equal(seen?.headers['wechatpay-serial'], sandbox.platformSerial);
      const sent = JSON.parse(seen.text) as typeof applyment;
      assert.notEqual(sent.contact_info.contact_name, '张三');
      assert.equal(Rsa.decrypt(sent.contact_info.contact_id_number, pki.platform.key), '11010119900307001X');
      assert.equal(sent.contact_info.contact_type, 'LEGAL', 'other fields untouched');
    });
  }

  it('the sandbox refuses plaintext fields, a missing or foreign Wechatpay-Serial, and another key', async () => {
    const { sandbox, wxpay } = keyMode;
    const path = wxpay['v3/applyment4sub/applyment/'];
    const sealed = encryptSensitiveFields(wxpay, applyment, FIELDS);
    const refused = async (options: RequestOptions, pattern: RegExp): Promise<void> => {
      await assert.rejects(path.post(options), (error: unknown) => error instanceof ClientError && error.status === 400 && pattern.test(error.wechatMessage ?? ''));
    };
    await refused({ json: applyment, headers: sealed.headers }, /contact_info\.contact_name解密失败/);
    await refused({ json: sealed.json }, /Wechatpay-Serial为空/);
    await refused({ json: sealed.json, headers: { 'Wechatpay-Serial': 'PUB_KEY_ID_0000000000000000000000000001' } }, /不是当前可用/);
    const stranger = new PlatformKeys({ [sandbox.platformSerial]: createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) });
    await refused(encryptSensitiveFields(stranger, applyment, FIELDS), /解密失败/);
    await refused(encryptSensitiveFields(wxpay, { ...applyment, contact_info: { ...applyment.contact_info, contact_id_number: '123' } }, FIELDS), /contact_id_number格式有误/);
  });
});

describe('encryptSensitiveFields / decryptSensitiveFields', () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keys = new PlatformKeys({ PUB_KEY_ID_0114232134912410000000000001: merchant.publicKey });

  it('round-trips nested paths and * over lists, without touching the input', () => {
    const body = { ubo_info_list: [{ ubo_id_doc_name: '李四' }, { ubo_id_doc_name: '王五', other: 1 }, {}], contact_info: { contact_name: '张三' } };
    const copy = structuredClone(body);
    const paths = ['ubo_info_list.*.ubo_id_doc_name', 'contact_info.contact_name', 'absent.field'];
    const sealed = encryptSensitiveFields(keys, body, paths);
    assert.deepEqual(body, copy);
    assert.notEqual(sealed.json.ubo_info_list[0]?.ubo_id_doc_name, '李四');
    assert.equal(sealed.json.ubo_info_list[1]?.other, 1);
    assert.deepEqual(sealed.json.ubo_info_list[2], {});
    assert.deepEqual(decryptSensitiveFields(sealed.json, paths, merchant.privateKey), body);
    assert.deepEqual(decryptSensitiveFields(sealed.json, paths, merchant.privateKey.export({ type: 'pkcs8', format: 'pem' })), body);
  });

  it('refuses a value that is not text, an empty path segment, an oversized value, a ciphertext for another key', () => {
    assert.throws(() => encryptSensitiveFields(keys, { a: { b: 1 } }, ['a.b']), (error: unknown) => error instanceof SensitiveFieldError && error.field === 'a.b' && /is number/.test(error.message));
    assert.throws(() => encryptSensitiveFields(keys, { a: null }, ['a']), /is null/);
    assert.throws(() => encryptSensitiveFields(keys, {}, ['a..b']), /empty segment/);
    assert.throws(() => encryptSensitiveFields(keys, { a: 'x'.repeat(215) }, ['a']), /at most 214/);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const sealed = encryptSensitiveFields(keys, { phone: '13800138000' }, ['phone']);
    assert.throws(() => decryptSensitiveFields(sealed.json, ['phone'], other.privateKey), (error: unknown) => error instanceof SensitiveFieldError && error.field === 'phone' && !error.message.includes('13800138000'));
  });

  it('selectPlatformKey: a given serial; else the public key ID; else the certificate set last; never a placeholder', () => {
    const a = createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const certs = new PlatformKeys({ OLDCERT: a, placeholder: null, NEWCERT: a });
    assert.equal(selectPlatformKey(certs).serial, 'NEWCERT');
    certs.set('PUB_KEY_ID_0114232134912410000000000002', a);
    certs.set('NEWESTCERT', a);
    assert.equal(selectPlatformKey(certs).serial, 'PUB_KEY_ID_0114232134912410000000000002');
    assert.equal(selectPlatformKey(certs, 'OLDCERT').serial, 'OLDCERT');
    assert.equal(encryptSensitiveFields(certs, { a: 'x' }, ['a'], { serial: 'NEWCERT' }).headers['Wechatpay-Serial'], 'NEWCERT');
    assert.throws(() => selectPlatformKey(certs, 'placeholder'), /no usable key under placeholder/);
    assert.throws(() => selectPlatformKey(new PlatformKeys({ any: null })), (error: unknown) => error instanceof SensitiveFieldError && /has no WeChat Pay public key or platform certificate \(it has: any\)/.test(error.message));
  });
});
