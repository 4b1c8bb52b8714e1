import { NotificationFormatError } from '../errors/notification-format-error.js';
import { describeValue } from './clip.js';
import { isRecord } from '../is-record.js';

/** The only `resource.algorithm` WeChat Pay uses for callbacks. */
export const RESOURCE_ALGORITHM = 'AEAD_AES_256_GCM';

/** The encrypted `resource` of an APIv3 callback. */
export interface EncryptedResource {
  /** `AEAD_AES_256_GCM`. */
  readonly algorithm: string;
  /** base64 of the AES-256-GCM ciphertext followed by its 16-byte tag. */
  readonly ciphertext: string;
  /** The GCM nonce (12 characters). */
  readonly nonce: string;
  /** The GCM associated data; may be empty. */
  readonly associated_data: string;
  /** The kind of object encrypted, e.g. `transaction`; `undefined` when absent. */
  readonly original_type: string | undefined;
}

/** An APIv3 callback body (通知报文), before decryption. */
export interface NotificationEnvelope {
  /** The notification ID; the same for every retry of one notification, so use it to drop duplicates. */
  readonly id: string;
  /** When the notification was created (RFC 3339); `''` when absent. */
  readonly create_time: string;
  /** The event, e.g. `MALL_TRANSACTION.SUCCESS`. */
  readonly event_type: string;
  /** `encrypt-resource`; `''` when absent. */
  readonly resource_type: string;
  /** WeChat Pay's summary in words; `''` when absent. */
  readonly summary: string;
  /** The encrypted payload. */
  readonly resource: EncryptedResource;
}


function optionalString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A format error about the body. */
function malformed(message: string, requestId: string | undefined, cause?: unknown): NotificationFormatError {
  return new NotificationFormatError(message, 'body', { requestId, cause });
}

/** Reads `resource`: `ciphertext` and `nonce` are required strings, `associated_data` defaults to `''`. */
function readResource(value: unknown, requestId: string | undefined): EncryptedResource {
  if (!isRecord(value) || typeof value.ciphertext !== 'string' || typeof value.nonce !== 'string') {
    throw malformed('The callback body has no `resource` with a `ciphertext` and a `nonce`.', requestId);
  }
  const algorithm = value.algorithm ?? RESOURCE_ALGORITHM;
  if (algorithm !== RESOURCE_ALGORITHM) {
    throw malformed(`The callback resource's algorithm ${describeValue(algorithm)} is not supported, only ${RESOURCE_ALGORITHM}.`, requestId);
  }
  const originalType = value.original_type;
  return {
    algorithm,
    ciphertext: value.ciphertext,
    nonce: value.nonce,
    associated_data: optionalString(value.associated_data),
    original_type: typeof originalType === 'string' ? originalType : undefined,
  };
}

/**
 * Parses a verified APIv3 callback body: a JSON object with string `id` and `event_type`, and a `resource` to
 * decrypt. `create_time`, `resource_type` and `summary` default to `''`.
 * @throws NotificationFormatError (part `'body'`) when the body is not such a JSON object
 */
export function parseEnvelope(body: Buffer, requestId?: string): NotificationEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw malformed(`The callback body (${body.length} bytes) is not JSON.`, requestId, cause);
  }
  if (!isRecord(json)) throw malformed('The callback body is not a JSON object.', requestId);
  if (typeof json.id !== 'string' || typeof json.event_type !== 'string') {
    throw malformed('The callback body lacks the `id` and `event_type` of a WeChat Pay notification.', requestId);
  }
  return {
    id: json.id,
    create_time: optionalString(json.create_time),
    event_type: json.event_type,
    resource_type: optionalString(json.resource_type),
    summary: optionalString(json.summary),
    resource: readResource(json.resource, requestId),
  };
}
