/**
 * `wechatpay-ts/sandbox`: a loopback WeChat Pay APIv3 emulator for tests and demos, and the test PKI
 * it signs with.
 *
 * @module
 */

export { Sandbox, type SandboxClientConfig, type SandboxOptions } from './sandbox.js';
export type { Fault, DelayFault } from './faults.js';
export type { SandboxMode } from './keys.js';
export type { RecordedRequest } from './recorder.js';
export { PlatformRotation, type PlatformSigner, type RotateOptions, type SigningScheme } from './rotation.js';
export { DEFAULT_BILL_SIZE, DEFAULT_RATE_LIMIT, type SandboxState } from './state.js';
export { AUTHORIZATION_SCHEME, MAXIMUM_CLOCK_OFFSET } from './authorization.js';
export { STALE_TIMESTAMP_OFFSET, UNKNOWN_SERIAL } from './answer.js';
export { createTestPki, DEFAULT_SANDBOX_MCHID, type PkiMember, type TestPki, type TestPkiOptions } from './pki/index.js';
export * from './v2/index.js';
export * from './notifier.js';
export { Payments, SandboxPaymentError, type PaymentEvent, type PayOptions } from './payments/payments.js';
export { DEFAULT_PAYER_OPENID, PaymentLedger } from './payments/ledger.js';
export type { Order, Refund, RefundStatus, TradeState, TradeType } from './payments/records.js';
