/**
 * Every endpoint the sandbox emulates. To add one, write a handler (input → answer) next to its
 * siblings and list it here.
 *
 * @module
 */

import { paymentRoutes } from '../payments/routes.js';
import type { Route } from '../router.js';
import { applymentRoutes } from './applyment.js';
import { billRoutes } from './bills.js';
import { busifavorRoutes } from './busifavor.js';
import { businesscircleRoutes } from './businesscircle.js';
import { certificateRoutes } from './certificates.js';
import { complaintRoutes } from './complaints.js';
import { imageRoutes } from './images.js';
import { mediaRoutes } from './media.js';
import { vehicleRoutes } from './vehicle.js';

/** The sandbox's route table. */
export const ROUTES: readonly Route[] = [
  ...businesscircleRoutes,
  ...vehicleRoutes,
  ...busifavorRoutes,
  ...mediaRoutes,
  ...imageRoutes,
  ...billRoutes,
  ...certificateRoutes,
  ...applymentRoutes,
  ...complaintRoutes,
  ...paymentRoutes,
];
