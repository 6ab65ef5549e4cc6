// The route groups few requests need, in one chunk the API loads on the first of them: the review
// queue, appeal letters, letters today, the clerk's credit-hold release, the cross-customer sweep,
// retention holds and the sending routes. One chunk, not one per group: each file the cold start
// must read costs it more than the code it would hold (the debtor's routes, the busiest of the
// lazy ones, stay a chunk of their own).
export { releaseHoldByClerk } from '../services/clerk-release.js';
export { listCrossCustomer } from '../services/cross-customer-sweep.js';
export { lettersToday } from '../services/letters-today.js';
export { appealLetter, appealRequestSchema } from './appeal-route.js';
export { crossCustomerPage } from './integrity-route.js';
export { decideQueue, queueAnswer } from './queue-routes.js';
export { holdCustomers, retentionHolds } from './retention-holds.js';
export { sendingRoute } from './sending-routes.js';
