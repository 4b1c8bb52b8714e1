import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Builder, type Chainable } from '../../lib/index.js';
import { untyped } from './untyped.js';
import { Sandbox } from '../../lib/sandbox/index.js';

/** A fresh sandbox and a client configured for it (`clientConfig()`: APIv3 keys and the APIv2 secret). */
export async function startSandboxClient(): Promise<{ sandbox: Sandbox; wxpay: Chainable }> {
  const sandbox = await Sandbox.start();
  return { sandbox, wxpay: untyped(Builder.factory(sandbox.clientConfig())) };
}

/** Closes a client and its sandbox. */
export async function closeSandboxClient({ sandbox, wxpay }: { sandbox: Sandbox; wxpay: Chainable }): Promise<void> {
  await wxpay.getDriver().close();
  await sandbox.close();
}

/**
 * The APIv2 sign computed independently of the SDK, with node:crypto only: the non-empty pairs but `sign`, sorted
 * by name, `&key=<key>` appended, MD5 or HMAC-SHA256 (keyed with the key), upper-case hex.
 */
export function referenceSign(fields: Readonly<Record<string, string>>, key: string, type: 'MD5' | 'HMAC-SHA256' = 'MD5'): string {
  const pairs = Object.keys(fields)
    .filter((name) => name !== 'sign' && fields[name] !== '')
    .sort()
    .map((name) => `${name}=${fields[name]}`);
  const text = `${pairs.join('&')}&key=${key}`;
  const digest = type === 'MD5' ? createHash('md5') : createHmac('sha256', key);
  return digest.update(text, 'utf8').digest('hex').toUpperCase();
}

/** The seed 002 request (用户入场通知), for the sandbox merchant `mchid`. */
export function seed002(mchid: string): Record<string, string> {
  return {
    appid: 'wxcbda96de0b165486',
    mch_id: mchid,
    sign_type: 'HMAC-SHA256',
    version: '3.0',
    trade_scene: 'PARKING',
    scene_info: '{"scene_info":{"start_time":"20170926114339","plate_number":"粤B888888","free_time":"1200","car_type":"大型车","parking_name":"欢乐海岸停车场"}}',
  };
}

/** A red packet request (发放普通红包) for `mchid`. */
export function redpack(mchid: string): Record<string, string> {
  return {
    mch_billno: '10000098201411111234567890',
    mch_id: mchid,
    wxappid: 'wxcbda96de0b165486',
    send_name: '天虹百货',
    re_openid: 'oxTWIuGaIt6gTKsQRLau2M0yL16E',
    total_amount: '1000',
    total_num: '1',
    wishing: '感谢您参加猜灯谜活动，祝您元宵节快乐！',
    client_ip: '192.168.0.1',
    act_name: '猜灯谜抢红包活动',
    remark: '猜越多得越多，快来抢！',
  };
}

/** A refund request (申请退款) for `mchid`. */
export function refundOf(mchid: string): Record<string, string> {
  return { appid: 'wxcbda96de0b165486', mch_id: mchid, transaction_id: '4200000000000000000000000001', out_refund_no: 'R20220601001', total_fee: '100', refund_fee: '60' };
}

/** Whether the `openssl` command line tool can be run. */
export const hasOpenssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;

/** A temporary directory with the merchant PEM files, for building PKCS#12 bundles with the `openssl` CLI. */
export class CertificateFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'wechatpay-ts-mtls-'));
  readonly certPath: string;
  readonly keyPath: string;

  constructor(cert: string, key: string) {
    this.certPath = this.write('apiclient_cert.pem', cert);
    this.keyPath = this.write('apiclient_key.pem', key);
  }

  /** Writes a file into the directory and returns its path. */
  write(name: string, content: string | Buffer): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  /** A `file://` URL for a path. */
  url(path: string): string {
    return pathToFileURL(path).href;
  }

  /** Runs `openssl` with these arguments in the directory; throws with its stderr when it fails. */
  openssl(...args: string[]): void {
    const run = spawnSync('openssl', args, { cwd: this.dir, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr}`);
  }

  /** Exports the pair as a PKCS#12 bundle (modern AES by default; `legacy` for RC2-40, as older WeChat Pay downloads). */
  pkcs12(name: string, passphrase: string, legacy = false): string {
    this.openssl('pkcs12', '-export', ...(legacy ? ['-legacy'] : []), '-in', this.certPath, '-inkey', this.keyPath, '-out', name, '-passout', `pass:${passphrase}`);
    return join(this.dir, name);
  }

  /** Removes the directory. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
