/**
 * How the sandbox writes APIv2 answers: XML bodies, the `return_code` FAIL answer, and the `sign` (with the
 * signature faults applied).
 *
 * @module
 */

import type { SignType } from '../../crypto/hash.js';
import { Transformer } from '../../transformer/transformer.js';
import { v2Signature } from '../../v2/sign.js';
import type { WireAnswer } from '../answer.js';
import type { Fault } from '../faults.js';

/** The body of the `'v2-doctype'` fault: a DOCTYPE declaring an external entity, used in `return_code`. */
export const DOCTYPE_PROBE = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE xml [<!ENTITY probe SYSTEM "file:///etc/passwd">]>\n<xml><return_code>&probe;</return_code></xml>';

/**
 * An XML answer as written on the wire.
 *
 * @param status - the HTTP status
 * @param body - the XML text
 */
export function xmlAnswer(status: number, body: string): WireAnswer {
  const bytes = Buffer.from(body);
  return { status, headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(bytes.length) }, body: bytes };
}

/**
 * `<xml><return_code>FAIL</return_code><return_msg>…</return_msg></xml>`: the request was refused before any
 * business logic (signature, parameters); unsigned, as WeChat Pay sends it.
 *
 * @param message - the `return_msg`, e.g. `签名错误`
 * @param status - the HTTP status (WeChat Pay answers 200)
 */
export function returnFail(message: string, status = 200): WireAnswer {
  return xmlAnswer(status, Transformer.toXml({ return_code: 'FAIL', return_msg: message }));
}

/**
 * The fields with `sign` appended, made with the request's sign type and the APIv2 key, after the faults:
 * `'v2-missing-sign'` appends none, `'bad-signature'` signs other data, `'v2-lowercase-sign'` lower-cases it.
 *
 * @param fields - the answer fields, in order
 * @param type - the request's sign type
 * @param secret - the APIv2 key
 * @param faults - the faults of this answer
 */
export function withSign(fields: Readonly<Record<string, string>>, type: SignType, secret: string, faults: readonly Fault[]): Record<string, string> {
  if (faults.includes('v2-missing-sign')) return { ...fields };
  const signed = faults.includes('bad-signature') ? { ...fields, tampered: 'yes' } : fields;
  const sign = v2Signature(signed, type, secret);
  return { ...fields, sign: faults.includes('v2-lowercase-sign') ? sign.toLowerCase() : sign };
}
