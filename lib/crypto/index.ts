export { AesEcb } from './aes-ecb.js';
export { AesGcm } from './aes-gcm.js';
export { ALGO_HMAC_SHA256, ALGO_MD5, Hash, isSignType, type SignType } from './hash.js';
export { Rsa, type KeyLike, type KeyType } from './rsa.js';
