/**
 * The APIv2 side of the sandbox: the endpoints, the HTTPS listener with mutual TLS, and the APIv2 faults.
 *
 * @module
 */

export type { V2Fault } from '../faults.js';
export type { SandboxHttpsClientConfig } from './https.js';
export type { V2ResultFailure, V2Outcome, V2Route, V2RouteInput, V2Success } from './route.js';
export { V2_ROUTES } from './routes.js';
export { DOCTYPE_PROBE } from './xml-answer.js';
