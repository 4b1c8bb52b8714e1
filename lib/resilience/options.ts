/**
 * The checks of the resilience options: `retries`, `backup_uri`.
 *
 * @module
 */

import { ConfigError } from '../errors/config-error.js';
import { BACKUP_DOMAIN, defaultBackup } from './failover.js';

/**
 * Checks `retries`: a whole number from 0 (no retry) to 10.
 *
 * @returns the number, or `undefined` when not given
 * @throws ConfigError for anything else
 */
export function validateRetries(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 10) {
    throw new ConfigError('retries', `\`retries\` is how many extra attempts a call may make: a whole number from 0 (none) to 10, got ${typeof value === 'number' ? String(value) : typeof value}.`);
  }
  return value;
}

/**
 * The backup base URI: `false` for none, a given http(s) URL, or by default the main domain's backup when `base_uri`
 * is the main domain.
 *
 * @param backupUri - the `backup_uri` option
 * @param baseUri - the resolved `base_uri`
 * @throws ConfigError for a value that is neither `false` nor an absolute http(s) URL
 */
export function resolveBackupUri(backupUri: unknown, baseUri: string): string | undefined {
  if (backupUri === false) return undefined;
  if (backupUri === undefined) return defaultBackup(baseUri);
  const url = typeof backupUri === 'string' && URL.canParse(backupUri) ? new URL(backupUri) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigError('backup_uri', `\`backup_uri\` must be an absolute http(s) URL such as ${BACKUP_DOMAIN}, or false for none.`);
  }
  return url.href === baseUri ? undefined : url.href;
}
