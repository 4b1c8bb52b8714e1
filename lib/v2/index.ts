/**
 * APIv2 (XML): the pipeline rooms, the signing helpers and the endpoints that answer unsigned.
 * @module
 */
export { V2_ACCEPT, v2Pipeline } from './pipeline.js';
export { MERCHANT_ID_FIELDS, assertMerchantId, signTypeOf, v2Fields, type V2Fields } from './request-data.js';
export { hasValidV2Sign, signTypeOfSign, v2Signature } from './sign.js';
export { V2_CONTENT_TYPE, signV2Fields, transformRequest, type V2Credentials } from './transform-request.js';
export { assertV2Signed, assertV2Success, parseV2Answer, transformResponse } from './transform-response.js';
export { V2_UNSIGNED_PATHS, isV2UnsignedPath } from './unsigned-paths.js';
export { LEGACY_PKCS12_CONVERSION, type ClientCertificate } from '../transport/mtls.js';
