/**
 * The configuration options every command that calls WeChat Pay takes, and the settings they give (flags win over
 * the environment and the file). Paths are relative to the working folder.
 *
 * @module
 */

import { listOption, parsePairs, stringOption } from '../args.js';
import type { OptionsSpec, ParsedArgs } from '../command.js';
import { resolvePath } from '../files.js';
import { SETTING_NAMES, SETTING_SOURCES, type Layer, type SettingName, type Settings } from './settings.js';

/** `--config FILE`. */
export const CONFIG_FILE_OPTION: OptionsSpec = {
  config: { type: 'string', short: 'c', value: 'FILE', description: 'The configuration file (default ./wxpay.json, then ~/.config/wxpay/config.json).' },
};

/** `--config` and the per-setting flags. */
export const CONFIG_OPTIONS: OptionsSpec = {
  ...CONFIG_FILE_OPTION,
  mchid: { type: 'string', value: 'ID', description: 'The merchant ID (over WECHATPAY_MCHID and the file).' },
  serial: { type: 'string', value: 'SERIAL', description: "The merchant API certificate's serial (over WECHATPAY_SERIAL)." },
  'private-key': { type: 'string', value: 'FILE', description: 'The merchant private key, apiclient_key.pem (over WECHATPAY_PRIVATE_KEY).' },
  cert: { type: 'string', multiple: true, value: 'ID=FILE', description: "WeChat Pay's public key by PUB_KEY_ID_…, or a platform certificate by serial; repeatable (over WECHATPAY_CERTS)." },
  'base-uri': { type: 'string', short: 'u', value: 'URL', description: 'The API host, e.g. https://api2.mch.weixin.qq.com/ (over WECHATPAY_BASE_URI).' },
};

/** Which option gives which setting: by default the flags of {@link CONFIG_OPTIONS}. */
export type SettingFlags = Readonly<Partial<Record<SettingName, string>>>;

/** The flags of {@link CONFIG_OPTIONS}, by setting. */
const DEFAULT_FLAGS: SettingFlags = Object.fromEntries(SETTING_NAMES.flatMap((name) => (SETTING_SOURCES[name].flag === undefined ? [] : [[name, SETTING_SOURCES[name].flag]])));

/**
 * The settings given by flags. A command with other option names (PHP's `-m/--mchid -s/--serialno
 * -f/--privatekey -k/--key` for `crt`) passes its own `flags` map.
 *
 * @param flags - the long option of each setting
 * @throws UsageError for a malformed `--cert`
 */
export function flagLayer(args: ParsedArgs, cwd: string, home: string, flags: SettingFlags = DEFAULT_FLAGS): Layer {
  const settings: Settings = {};
  const origins: Partial<Record<SettingName, string>> = {};
  for (const name of SETTING_NAMES) {
    const flag = flags[name];
    if (flag === undefined) continue;
    if (name === 'certs') {
      const pairs = listOption(args, flag);
      if (pairs.length === 0) continue;
      settings.certs = Object.fromEntries(Object.entries(parsePairs(pairs, `--${flag}`)).map(([id, path]) => [id, resolvePath(path, cwd, home)]));
    } else {
      const value = stringOption(args, flag);
      if (value === undefined) continue;
      settings[name] = name === 'privateKey' ? resolvePath(value, cwd, home) : value;
    }
    origins[name] = `--${flag}`;
  }
  return { settings, origins };
}
