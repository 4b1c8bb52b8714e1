/**
 * The SDK client for a loaded configuration.
 *
 * @module
 */

import { Builder } from '../../builder/builder.js';
import type { Root } from '../../builder/types.js';
import { ConfigError } from '../../errors/config-error.js';
import type { Protocol } from '../../pipeline/request.js';
import type { LoadedConfig } from './load.js';
import { SETTING_NAMES, howToSet, settingSource, type SettingName } from './settings.js';

function isSettingName(name: string): name is SettingName {
  return (SETTING_NAMES as readonly string[]).includes(name);
}

/**
 * `Builder.factory` on the loaded configuration. The SDK's validation message is kept, prefixed with the setting
 * and where it came from (`privateKey (from WECHATPAY_PRIVATE_KEY): /…/key.pem: …`), or followed by where to set
 * it when it was not set.
 *
 * @throws ConfigError for a configuration the SDK refuses
 */
export function createClient(config: LoadedConfig): Root {
  try {
    return Builder.factory(config.client);
  } catch (error) {
    if (!(error instanceof ConfigError) || !isSettingName(error.setting)) throw error;
    const { setting } = error;
    const path = setting === 'privateKey' ? config.layer.settings.privateKey : undefined;
    const file = path === undefined ? '' : `${path}: `;
    const hint = config.layer.origins[setting] === undefined ? ` To fix: ${howToSet(setting)}.` : '';
    throw new ConfigError(setting, `${settingSource(config.layer, setting)}: ${file}${error.message}${hint}`, { cause: error });
  }
}

/**
 * Checks that the configuration can call a protocol before the SDK is asked to: APIv2 needs the APIv2 key.
 *
 * @throws ConfigError naming the missing setting and where to set it
 */
export function assertProtocol(config: LoadedConfig, protocol: Protocol): void {
  if (protocol === 'v2' && config.client.secret === undefined) throw new ConfigError('secret', `secret: APIv2 paths (v2/…) need the APIv2 key: ${howToSet('secret')}.`);
}
