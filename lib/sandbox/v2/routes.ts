/**
 * Every APIv2 endpoint the sandbox emulates. To add one, write a handler (fields → outcome) next to its siblings
 * and list it here.
 *
 * @module
 */

import { payV2Routes } from './pay.js';
import { redpackV2Routes } from './redpack.js';
import { refundV2Routes } from './refund.js';
import type { V2Route } from './route.js';
import { vehicleV2Routes } from './vehicle.js';

/** The sandbox's APIv2 route table. */
export const V2_ROUTES: readonly V2Route[] = [...vehicleV2Routes, ...payV2Routes, ...redpackV2Routes, ...refundV2Routes];
