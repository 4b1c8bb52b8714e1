/**
 * Settings from the environment: `WECHATPAY_MCHID`, `WECHATPAY_SERIAL`, `WECHATPAY_PRIVATE_KEY` (a path),
 * `WECHATPAY_CERTS` (`id=path,…`), `WECHATPAY_SECRET`, `WECHATPAY_APIV3_KEY`, `WECHATPAY_BASE_URI`.
 *
 * @module
 */

import { ConfigError } from '../../errors/config-error.js';
import { resolvePath } from '../files.js';
import { SETTING_NAMES, SETTING_SOURCES, type Layer, type SettingName, type Settings } from './settings.js';

/**
 * Parses `id=path,id=path` (spaces around items allowed) into absolute paths by ID.
 *
 * @param text - the list
 * @param cwd - the folder relative paths start from
 * @param home - the home folder
 * @throws ConfigError (`certs`) for an item without `=`, or an ID given twice
 */
export function parseCertList(text: string, cwd: string, home: string): Record<string, string> {
  const certs: Record<string, string> = {};
  for (const item of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const at = item.indexOf('=');
    const id = item.slice(0, at).trim();
    const path = item.slice(at + 1).trim();
    if (at < 0 || id === '' || path === '') {
      throw new ConfigError('certs', `${SETTING_SOURCES.certs.env} takes id=path pairs separated by commas (PUB_KEY_ID_…=pub_key.pem), got ${JSON.stringify(item)}.`);
    }
    if (Object.hasOwn(certs, id)) throw new ConfigError('certs', `${SETTING_SOURCES.certs.env} names ${id} twice.`);
    certs[id] = resolvePath(path, cwd, home);
  }
  return certs;
}

/**
 * The settings the environment gives; an empty variable counts as unset. Paths are relative to `cwd`.
 *
 * @throws ConfigError for a malformed `WECHATPAY_CERTS`
 */
export function envLayer(env: Readonly<Record<string, string | undefined>>, cwd: string, home: string): Layer {
  const settings: Settings = {};
  const origins: Partial<Record<SettingName, string>> = {};
  for (const name of SETTING_NAMES) {
    const variable = SETTING_SOURCES[name].env;
    const value = env[variable];
    if (value === undefined || value === '') continue;
    origins[name] = variable;
    if (name === 'certs') settings.certs = parseCertList(value, cwd, home);
    else if (name === 'privateKey') settings.privateKey = resolvePath(value, cwd, home);
    else settings[name] = value;
  }
  return { settings, origins };
}
