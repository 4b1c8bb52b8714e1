/**
 * Settings from a JSON file: `--config FILE`, else `./wxpay.json`, else `~/.config/wxpay/config.json`. Key paths in
 * the file are relative to the file's folder.
 *
 * @module
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../errors/config-error.js';
import { readFileOr, resolvePath } from '../files.js';
import { SETTING_NAMES, type Layer, type SettingName, type Settings } from './settings.js';
import { isRecord } from '../../is-record.js';

/** The file looked for in the working folder. */
export const LOCAL_CONFIG = 'wxpay.json';

/** The file looked for under the home folder. */
export const USER_CONFIG = join('.config', 'wxpay', 'config.json');

/**
 * The configuration file to use: the one given (which must then exist), else the first of `./wxpay.json` and
 * `~/.config/wxpay/config.json` that exists, else none.
 *
 * @param given - `--config`, relative to `cwd`
 */
export function findConfigFile(given: string | undefined, cwd: string, home: string): string | undefined {
  if (given !== undefined) return resolvePath(given, cwd, home);
  return [join(cwd, LOCAL_CONFIG), join(home, USER_CONFIG)].find((path) => existsSync(path));
}


function text(file: string, name: SettingName, value: unknown): string {
  if (name === 'mchid' && typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string' || value === '') throw new ConfigError(name, `${file}: "${name}" must be a non-empty string.`);
  return value;
}

function certPaths(file: string, value: unknown, home: string): Record<string, string> {
  if (!isRecord(value)) throw new ConfigError('certs', `${file}: "certs" must map each PUB_KEY_ID_… or certificate serial to a file, e.g. {"PUB_KEY_ID_…": "pub_key.pem"}.`);
  const certs: Record<string, string> = {};
  for (const [id, path] of Object.entries(value)) {
    if (typeof path !== 'string' || path === '') throw new ConfigError('certs', `${file}: "certs"."${id}" must be a file path.`);
    certs[id] = resolvePath(path, dirname(file), home);
  }
  return certs;
}

/**
 * The settings in a configuration file's text. Unknown keys are errors (a typo would otherwise be ignored).
 *
 * @param source - the file's text
 * @param file - its absolute path: named in errors, and the folder key paths are relative to
 * @param home - the home folder, for `~/` paths
 * @throws ConfigError naming the file and the setting at fault
 */
export function parseConfigFile(source: string, file: string, home: string): Layer {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new ConfigError('config', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(data)) throw new ConfigError('config', `${file} must hold a JSON object of settings (${SETTING_NAMES.join(', ')}).`);
  const settings: Settings = {};
  const origins: Partial<Record<SettingName, string>> = {};
  for (const [key, value] of Object.entries(data)) {
    const name = SETTING_NAMES.find((known) => known === key);
    if (name === undefined) throw new ConfigError(key, `${file}: unknown setting "${key}" (the settings are ${SETTING_NAMES.join(', ')}).`);
    origins[name] = file;
    if (name === 'certs') settings.certs = certPaths(file, value, home);
    else if (name === 'privateKey') settings.privateKey = resolvePath(text(file, name, value), dirname(file), home);
    else settings[name] = text(file, name, value);
  }
  return { settings, origins };
}

/**
 * Reads and parses a configuration file.
 *
 * @throws ConfigError when it cannot be read or is not a valid configuration
 */
export function fileLayer(file: string, home: string): Layer {
  const source = readFileOr(file, (reason) => new ConfigError('config', `Cannot read the configuration file ${file}: ${reason}.`));
  return parseConfigFile(source.toString('utf8'), file, home);
}
