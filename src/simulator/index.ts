// The public API of `concur-sdk/simulator`: a local Concur simulator for tests and demos.
// Everything not listed here is internal and may change.

export { startSimulator, type Simulator, type SimulatorOptions } from './start.js';
export { DEFAULT_SEED, SIMULATOR_OAUTH, SIMULATOR_TOKEN, type SimulatorOAuthCredentials } from './default-seed.js';
export {
  checkSeed,
  loadSeedFile,
  type SeedAttendeeType,
  type SeedList,
  type SeedOAuthClient,
  type SeedPurchaseOrderPolicy,
  type SeedRefreshToken,
  type SeedToken,
  type SeedVendor,
  type SimulatorSeed,
} from './seed.js';
export type { SimulatorSleep } from './delivery.js';

export { FaultInjector, ScheduledFault } from './faults.js';
export {
  FAULT_KINDS,
  type ErrorFaultOptions,
  type FaultKind,
  type FaultOptions,
  type FaultSpec,
  type HtmlFaultOptions,
  type TruncatedFaultOptions,
} from './fault-types.js';

export { SimulatorState } from './state/index.js';
export { RequestLog, type RequestLogEntry, type RequestOutcome } from './state/request-log.js';
export {
  TokenStore,
  type AddClientOptions,
  type AddTokenOptions,
  type IssuedTokens,
  type OAuthClientRecord,
  type RefreshTokenRecord,
  type TokenRecord,
  type TokenStatus,
} from './state/tokens.js';
export { ListStore, SimList, type AddListItemOptions, type CreateListOptions, type SimListItem } from './state/lists.js';
export { AttendeeStore, type AddAttendeeOptions, type SimAttendee, type SimAttendeeType } from './state/attendees.js';
export { UserStore, type SimFormField, type SimUser } from './state/users.js';
export {
  ExtractStore,
  type AddExtractDefinitionOptions,
  type ExtractJobOutcome,
  type ExtractJobStatus,
  type SimExtractDefinition,
  type SimExtractJob,
} from './state/extract.js';
export { ImageStore, type ImageTarget, type SimImage } from './state/images.js';
export { PaymentBatchStore, type AddPaymentBatchOptions, type SimPaymentBatch, type SimPaymentReport } from './state/payment-batches.js';
export { PurchaseOrderStore, type SimPurchaseOrder, type SimPurchaseOrderLine, type SimPurchaseOrderPolicy } from './state/purchase-orders.js';
