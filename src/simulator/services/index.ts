import type { Route } from '../http-types.js';
import { attendeeRoutes } from './attendees.js';
import { extractRoutes } from './extract.js';
import { imagingRoutes } from './imaging.js';
import { listRoutes } from './lists.js';
import { oauthRoutes } from './oauth.js';
import { paymentBatchRoutes } from './payment-batches.js';
import { purchaseOrderRoutes } from './purchase-orders.js';
import { userRoutes } from './users.js';

/** Every endpoint the simulator serves, one table per Concur service. */
export const ROUTES: readonly Route[] = [
  ...listRoutes,
  ...attendeeRoutes,
  ...userRoutes,
  ...extractRoutes,
  ...imagingRoutes,
  ...paymentBatchRoutes,
  ...purchaseOrderRoutes,
  ...oauthRoutes,
];
