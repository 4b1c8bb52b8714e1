import { NetworkError } from './network-error.js';

/** The request took longer than its `timeout` (or `connect_timeout`) allowed. */
export class TimeoutError extends NetworkError {}
