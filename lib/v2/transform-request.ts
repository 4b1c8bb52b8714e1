import { V2RequestError } from '../errors/v2-request-error.js';
import { Formatter } from '../formatter.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import { Transformer } from '../transformer/transformer.js';
import { encodeQuery } from '../uri/query.js';
import { assertMerchantId, signTypeOf, v2Fields, type V2Fields } from './request-data.js';
import { v2Signature } from './sign.js';

/** What APIv2 signing needs: the configured merchant ID and the 32-byte APIv2 key. */
export interface V2Credentials {
  readonly mchid: string;
  readonly secret: string;
}

/** The `Content-Type` of an APIv2 request body. */
export const V2_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * Signs APIv2 data, in PHP's order: the merchant ID check, then the sign type, then `nonce_str` (a 32-character
 * base62 nonce, unless `nonceless` or the data has one), then `sign` over the byte-sorted non-empty pairs with
 * `&key=<secret>`. Returns the fields in the caller's order with `nonce_str` (when added) and `sign` last.
 * @throws V2RequestError when the data names another merchant, has an unknown `sign_type`, or a value that is not
 * flat text.
 */
export function signV2Fields(data: Readonly<Record<string, unknown>>, credentials: V2Credentials, nonceless = false): V2Fields {
  assertMerchantId(data, credentials.mchid);
  const fields = v2Fields(data);
  const type = signTypeOf(fields);
  if (!nonceless) fields.nonce_str ??= Formatter.nonce();
  delete fields.sign;
  fields.sign = v2Signature(fields, type, credentials.secret);
  return fields;
}

/** The data of an APIv2 request: the `xml` option, else (for GET) the URI query, else nothing. */
function dataOf(request: WechatpayRequest): Readonly<Record<string, unknown>> {
  const { xml } = request.options;
  if (xml === undefined) return request.method === 'GET' ? Object.fromEntries(request.url.searchParams) : {};
  if (typeof xml !== 'object' || xml === null || Array.isArray(xml)) {
    throw new V2RequestError('xml', '`xml` is the APIv2 request data: an object of flat text values, e.g. `{ appid, mch_id, … }`.');
  }
  return xml;
}

/**
 * The APIv2 request middleware (`transform_request`): takes the data from `xml` (or, for GET, from the URI query;
 * `xml` wins when both are given), signs it with {@link signV2Fields}, and writes it: a non-GET request gets it as
 * the XML body (`Transformer.toXml`, `sign` last, `Content-Type: text/xml; charset=utf-8`), a GET request as its
 * query (RFC 3986, the same order, `sign` last) and no body. `nonceless` counts by its presence, whatever its value.
 *
 * Every check happens here, before the request leaves: a wrong merchant ID, an unknown `sign_type`, a `false` or
 * nested value each reject with a `V2RequestError`.
 */
export function transformRequest(credentials: V2Credentials): Middleware {
  return async (request, next) => {
    const fields = signV2Fields(dataOf(request), credentials, 'nonceless' in request.options);
    if (request.method === 'GET') {
      request.url.search = `?${encodeQuery(fields)}`;
      request.body = undefined;
    } else {
      request.body = Transformer.toXml(fields);
      request.headers['content-type'] = V2_CONTENT_TYPE;
    }
    return next(request);
  };
}
