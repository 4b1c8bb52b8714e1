/**
 * The CLI's settings: the client configuration as files and strings (key files are paths, made absolute by the
 * source that gave them), where each came from, and how sources stack: flags over environment over file.
 *
 * @module
 */

/** The settings a configuration source may give. Paths are absolute. */
export interface Settings {
  /** The merchant ID. */
  mchid?: string;
  /** The merchant API certificate serial. */
  serial?: string;
  /** The merchant private key file (`apiclient_key.pem`). */
  privateKey?: string;
  /** WeChat Pay's public key or platform certificate files, by `PUB_KEY_ID_…` or certificate serial. */
  certs?: Record<string, string>;
  /** The APIv2 key. */
  secret?: string;
  /** The APIv3 key (platform certificates, callbacks). */
  apiv3Key?: string;
  /** The API host. */
  base_uri?: string;
}

/** A setting's name, as in `wxpay.json`. */
export type SettingName = keyof Settings;

/** Every setting, in the order the help lists them. */
export const SETTING_NAMES: readonly SettingName[] = ['mchid', 'serial', 'privateKey', 'certs', 'secret', 'apiv3Key', 'base_uri'];

/** Where each setting can be given besides the file: its environment variable, and its flag (the keys have none). */
export const SETTING_SOURCES: Readonly<Record<SettingName, { readonly env: string; readonly flag?: string }>> = {
  mchid: { env: 'WECHATPAY_MCHID', flag: 'mchid' },
  serial: { env: 'WECHATPAY_SERIAL', flag: 'serial' },
  privateKey: { env: 'WECHATPAY_PRIVATE_KEY', flag: 'private-key' },
  certs: { env: 'WECHATPAY_CERTS', flag: 'cert' },
  secret: { env: 'WECHATPAY_SECRET' },
  apiv3Key: { env: 'WECHATPAY_APIV3_KEY' },
  base_uri: { env: 'WECHATPAY_BASE_URI', flag: 'base-uri' },
};

/** `set "serial" in the configuration file, WECHATPAY_SERIAL, or --serial`: the end of a message about an unset setting. */
export function howToSet(name: SettingName): string {
  const { env, flag } = SETTING_SOURCES[name];
  return flag === undefined ? `set "${name}" in the configuration file, or ${env}` : `set "${name}" in the configuration file, ${env}, or --${flag}`;
}

/** What one source gives, and where each setting came from (`WECHATPAY_MCHID`, `--serial`, a file's path). */
export interface Layer {
  readonly settings: Readonly<Settings>;
  readonly origins: Readonly<Partial<Record<SettingName, string>>>;
}

/** The empty layer. */
export const NO_SETTINGS: Layer = { settings: {}, origins: {} };

/**
 * Stacks layers, later over earlier, setting by setting (`certs` as a whole: a later source's certs replace an
 * earlier one's).
 */
export function mergeLayers(layers: readonly Layer[]): Layer {
  const settings: Record<string, unknown> = {};
  const origins: Partial<Record<SettingName, string>> = {};
  for (const layer of layers) {
    for (const name of SETTING_NAMES) {
      const value = layer.settings[name];
      if (value === undefined) continue;
      settings[name] = value;
      origins[name] = layer.origins[name];
    }
  }
  return { settings, origins };
}

/** `label (from origin)`, to say in a message which source to fix; the label defaults to the setting's name. */
export function settingSource(layer: Layer, name: SettingName, label: string = name): string {
  const origin = layer.origins[name];
  return origin === undefined ? label : `${label} (from ${origin})`;
}
