/**
 * The client configuration from every source: the file, the environment and the flags, stacked in that order,
 * with the key files read. A file that cannot be read is a one-line error naming the setting and its source.
 *
 * @module
 */

import type { ClientConfig } from '../../config.js';
import { ConfigError } from '../../errors/config-error.js';
import { stringOption } from '../args.js';
import type { ParsedArgs } from '../command.js';
import { readFileOr } from '../files.js';
import type { CliIo } from '../io.js';
import { envLayer } from './env.js';
import { fileLayer, findConfigFile } from './file.js';
import { flagLayer, type SettingFlags } from './flags.js';
import { NO_SETTINGS, SETTING_SOURCES, mergeLayers, settingSource, type Layer, type SettingName } from './settings.js';

/** A configuration ready for `Builder.factory`, and what the CLI needs besides. */
export interface LoadedConfig {
  /** The client configuration, keys read (PEM text). */
  readonly client: ClientConfig;
  /** The APIv3 key, for the commands that decrypt (`crt`, `notify`). */
  readonly apiv3Key: string | undefined;
  /** The configuration file used, if any. */
  readonly file: string | undefined;
  /** The stacked settings and where each came from. */
  readonly layer: Layer;
}

/** Where the configuration comes from. */
export interface ConfigSources {
  /** `--config`, if given. */
  readonly configFile: string | undefined;
  /** The settings given by flags. */
  readonly flags: Layer;
  /** The environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working folder. */
  readonly cwd: string;
  /** The home folder. */
  readonly home: string;
}

function readKey(layer: Layer, name: SettingName, label: string, path: string): string {
  return readFileOr(path, (reason) => new ConfigError(name, `${settingSource(layer, name, label)}: cannot read ${path}: ${reason}.`)).toString('utf8');
}

function requireMchid(layer: Layer, file: string | undefined): string {
  const { mchid } = layer.settings;
  if (mchid !== undefined) return mchid;
  if (file === undefined && Object.keys(layer.origins).length === 0) {
    throw new ConfigError('mchid', `No configuration: pass --config FILE, create ./wxpay.json or ~/.config/wxpay/config.json, or set ${SETTING_SOURCES.mchid.env} and the other WECHATPAY_* variables.`);
  }
  throw new ConfigError('mchid', `No mchid: add "mchid" to ${file ?? 'a configuration file'}, set ${SETTING_SOURCES.mchid.env}, or pass --mchid.`);
}

/**
 * The client configuration from a stacked layer: key files read into PEM text.
 *
 * @throws ConfigError naming the setting (and its source) whose file cannot be read, or a missing mchid
 */
export function clientConfigOf(layer: Layer, file?: string): ClientConfig {
  const { serial, privateKey, certs, secret, base_uri } = layer.settings;
  return {
    mchid: requireMchid(layer, file),
    ...(serial === undefined ? {} : { serial }),
    ...(privateKey === undefined ? {} : { privateKey: readKey(layer, 'privateKey', 'privateKey', privateKey) }),
    ...(certs === undefined ? {} : { certs: Object.fromEntries(Object.entries(certs).map(([id, path]) => [id, readKey(layer, 'certs', `certs.${id}`, path)])) }),
    ...(secret === undefined ? {} : { secret }),
    ...(base_uri === undefined ? {} : { base_uri }),
  };
}

/** The settings stacked from every source, before any key file is read, and the configuration file used. */
export interface StackedSettings {
  /** The stacked settings and where each came from. */
  readonly layer: Layer;
  /** The configuration file used, if any. */
  readonly file: string | undefined;
}

/**
 * Stacks the settings: flags over environment over file. Reads the configuration file, not the key files.
 *
 * @throws ConfigError for an unreadable or invalid file, a malformed variable
 */
export function stackSettings(sources: ConfigSources): StackedSettings {
  const file = findConfigFile(sources.configFile, sources.cwd, sources.home);
  return { layer: mergeLayers([file === undefined ? NO_SETTINGS : fileLayer(file, sources.home), envLayer(sources.env, sources.cwd, sources.home), sources.flags]), file };
}

/**
 * Loads the configuration: flags over environment over file.
 *
 * @throws ConfigError for an unreadable or invalid file, a malformed variable, an unreadable key file, no mchid
 */
export function loadConfig(sources: ConfigSources): LoadedConfig {
  const { layer, file } = stackSettings(sources);
  return { client: clientConfigOf(layer, file), apiv3Key: layer.settings.apiv3Key, file, layer };
}

/**
 * Where a command line says the configuration comes from: `--config`, the setting flags (`flags` names them for
 * commands with other option names), the environment, the working and home folders.
 *
 * @throws UsageError for a malformed `--cert`
 */
export function commandSources(args: ParsedArgs, io: Pick<CliIo, 'env' | 'cwd' | 'home'>, flags?: SettingFlags): ConfigSources {
  return { configFile: stringOption(args, 'config'), flags: flagLayer(args, io.cwd, io.home, flags), env: io.env, cwd: io.cwd, home: io.home };
}

/**
 * Loads the configuration a command line asks for ({@link commandSources}).
 *
 * @throws ConfigError as {@link loadConfig}; UsageError for a malformed `--cert`
 */
export function loadCommandConfig(args: ParsedArgs, io: Pick<CliIo, 'env' | 'cwd' | 'home'>, flags?: SettingFlags): LoadedConfig {
  return loadConfig(commandSources(args, io, flags));
}
