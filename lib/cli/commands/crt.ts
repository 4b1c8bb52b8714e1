/**
 * `wxpay crt`: downloads the platform certificates (下载平台证书) with the flags of PHP's `CertificateDownloader`,
 * verifies them with themselves, and saves each as `wechatpay_<serial>.pem`.
 *
 * @module
 */

import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NoPlatformCertificateError } from '../../errors/no-platform-certificate-error.js';
import { downloadCertificates } from '../../v3/certificates.js';
import { VERSION } from '../../version.js';
import { stringOption, switchOption, timeoutOption, TIMEOUT_OPTION } from '../args.js';
import type { Command, OptionsSpec, ParsedArgs } from '../command.js';
import { createClient } from '../config/client.js';
import { CONFIG_FILE_OPTION, type SettingFlags } from '../config/flags.js';
import { clientConfigOf, commandSources, stackSettings, type LoadedConfig } from '../config/load.js';
import { SETTING_SOURCES, type Layer, type SettingName } from '../config/settings.js';
import { ExitCode } from '../exit.js';
import { fsReason, resolvePath } from '../files.js';
import type { CliIo } from '../io.js';
import { certificateFileName, certificateReport } from '../output/certificate.js';
import { UsageError } from '../usage-error.js';

/** PHP's flag names, by the setting each gives (they win over the environment and the file). */
export const CRT_FLAGS: SettingFlags = { apiv3Key: 'key', mchid: 'mchid', privateKey: 'privatekey', serial: 'serialno', base_uri: 'baseuri' };

/** What the download needs, in the order the message lists what is missing, with what to call each. */
const REQUIRED: readonly (readonly [SettingName, string])[] = [
  ['apiv3Key', 'the APIv3 key'],
  ['mchid', 'the merchant ID'],
  ['privateKey', 'the merchant private key file'],
  ['serial', "the merchant certificate's serial"],
];

const OPTIONS: OptionsSpec = {
  key: { type: 'string', short: 'k', value: 'KEY', description: 'The APIv3 key (over WECHATPAY_APIV3_KEY; prefer the variable: a flag shows in ps).' },
  mchid: { type: 'string', short: 'm', value: 'ID', description: 'The merchant ID (over WECHATPAY_MCHID).' },
  privatekey: { type: 'string', short: 'f', value: 'FILE', description: 'The merchant private key file, apiclient_key.pem (over WECHATPAY_PRIVATE_KEY).' },
  serialno: { type: 'string', short: 's', value: 'SERIAL', description: "The merchant API certificate's serial (over WECHATPAY_SERIAL)." },
  output: { type: 'string', short: 'o', value: 'FOLDER', description: 'Where to save wechatpay_<serial>.pem (created if needed; default: the temporary folder).' },
  baseuri: { type: 'string', short: 'u', value: 'URL', description: 'The API host (over WECHATPAY_BASE_URI; default https://api.mch.weixin.qq.com/).' },
  ...CONFIG_FILE_OPTION,
  ...TIMEOUT_OPTION,
  version: { type: 'boolean', short: 'V', description: 'Print the version and exit.' },
};

/**
 * The settings the download needs but the layer lacks, each named with where to give it: `the APIv3 key
 * (-k/--key, WECHATPAY_APIV3_KEY or "apiv3Key" in wxpay.json)`.
 */
export function missingSettings(layer: Layer): string[] {
  return REQUIRED.filter(([name]) => layer.settings[name] === undefined).map(([name, label]) => {
    const flag = CRT_FLAGS[name] ?? name;
    const short = OPTIONS[flag]?.short;
    return `${label} (${short === undefined ? '' : `-${short}/`}--${flag}, ${SETTING_SOURCES[name].env} or "${name}" in wxpay.json)`;
  });
}

/**
 * The configuration for the download: PHP's flags over the environment over the file; `certs` are neither read
 * nor needed (the answer is verified with the certificates it carries), so the client gets PHP's `{ any: null }`
 * placeholder.
 *
 * @throws UsageError naming every missing setting; ConfigError for a key file that cannot be read
 */
function crtConfig(args: ParsedArgs, io: CliIo): LoadedConfig & { readonly apiv3Key: string } {
  const { layer: stacked, file } = stackSettings(commandSources(args, io, CRT_FLAGS));
  const missing = missingSettings(stacked);
  const { apiv3Key } = stacked.settings;
  if (missing.length > 0 || apiv3Key === undefined) throw new UsageError(`Missing ${missing.join(', ')}.`, 'crt');
  const settings = { ...stacked.settings };
  delete settings.certs;
  const layer: Layer = { settings, origins: stacked.origins };
  return { client: { ...clientConfigOf(layer, file), certs: { any: null } }, apiv3Key, file, layer };
}

/**
 * The output folder, created if needed: `-o` (relative to the working folder), or the temporary folder.
 *
 * @throws UsageError when it cannot be created or written in
 */
function outputFolder(given: string | undefined, io: CliIo): string {
  const folder = given === undefined ? tmpdir() : resolvePath(given, io.cwd, io.home);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new UsageError(`-o ${given ?? folder}: cannot write in ${folder}: ${fsReason(error)}.`, 'crt');
  }
  return folder;
}

/** What a public-key merchant is told: there is nothing to download, and what to configure instead. */
export function publicKeyAdvice(mchid: string, error: Pick<NoPlatformCertificateError, 'status' | 'code'>): string {
  return (
    `wxpay: merchant ${mchid} needs no platform certificates: WeChat Pay answered ${error.status} ${error.code} because it signs with the WeChat Pay public key. ` +
    'Download pub_key.pem and its PUB_KEY_ID_… from 商户平台 → 账户中心 → API安全 → 微信支付公钥, and configure it: ' +
    `"certs": {"PUB_KEY_ID_…": "pub_key.pem"} in wxpay.json, ${SETTING_SOURCES.certs.env}=PUB_KEY_ID_…=pub_key.pem, or --cert PUB_KEY_ID_…=pub_key.pem.\n`
  );
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  if (switchOption(args, 'version')) {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const config = crtConfig(args, io);
  const timeout = timeoutOption(args, 'crt');
  const folder = outputFolder(stringOption(args, 'output'), io);
  const client = createClient(config);
  try {
    const certificates = await downloadCertificates(client, config.apiv3Key, timeout === undefined ? {} : { timeout });
    certificates.forEach((certificate, index) => {
      const path = join(folder, certificateFileName(certificate.serial));
      writeFileSync(path, certificate.pem);
      io.stdout.write(certificateReport(certificate, path, [index + 1, certificates.length]));
    });
    return ExitCode.OK;
  } catch (error) {
    if (!(error instanceof NoPlatformCertificateError)) throw error;
    io.stderr.write(publicKeyAdvice(config.client.mchid, error));
    return ExitCode.WECHAT_ERROR;
  } finally {
    await client.getDriver().close();
  }
}

/** `wxpay crt -k KEY -m ID -f FILE -s SERIAL [-o FOLDER] [-u URL]`. */
export const crtCommand: Command = {
  name: 'crt',
  summary: 'Download the platform certificates (PHP CertificateDownloader flags)',
  usage: 'wxpay crt -k APIV3_KEY -m MCHID -f apiclient_key.pem -s SERIAL [-o FOLDER] [-u URL] [-V]',
  description: [
    'Downloads the platform certificates (GET /v3/certificates), decrypts them with the APIv3 key, verifies the answer',
    'with the certificates it carries, saves each as wechatpay_<serial>.pem and prints its serial, validity and path.',
    'The flags are those of PHP\'s CertificateDownloader; each may also come from the environment (WECHATPAY_APIV3_KEY,',
    'WECHATPAY_MCHID, WECHATPAY_PRIVATE_KEY, WECHATPAY_SERIAL, WECHATPAY_BASE_URI) or the configuration file; "certs"',
    'there are not needed. A merchant using the WeChat Pay public key (PUB_KEY_ID_…) has no certificates to download:',
    'it is told so and what to configure instead (exit 1).',
  ].join('\n'),
  options: OPTIONS,
  positionals: false,
  examples: [
    'WECHATPAY_APIV3_KEY=… wxpay crt -m 1900000100 -f apiclient_key.pem -s 5157F09EFDC096DE15EBE81A47057A72 -o ./certs',
    'wxpay crt --config ./wxpay.json -o ./certs          # mchid, serial, privateKey, apiv3Key from the file',
    'wxpay crt -V',
  ],
  run,
};
