// The public API of concur-sdk. Everything not listed here is internal and may change.

export { ConcurClient } from './client.js';
export { ConcurRegions, type ConcurRegion } from './regions.js';
export { refreshTokenProvider, type RefreshTokenProviderOptions, type RefreshedTokens } from './auth/refresh-token-provider.js';
export { memoryTokenStore, type MemoryTokenStoreOptions, type StoredTokens, type TokenStore, type TokenStoreLock } from './auth/token-store.js';
export { memoryCoordination, type MemoryCoordinationOptions } from './coordination/memory.js';
export type { Coordination, PauseEvent, RateLimit, RequestBudget } from './coordination/types.js';
export type {
  AccessTokenProvider,
  AppInfo,
  AuthScheme,
  CallOptions,
  ClientOptions,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  TokenRequestContext,
} from './core/options.js';
export type { ConcurRequest, ResponseType } from './core/prepare.js';
export type { ConcurResponse } from './core/decode.js';
export type { HttpMethod } from './core/transport.js';
export type { DownloadProgress } from './core/download.js';
export type { DownloadOptions, DownloadTarget, SavedFile } from './services/files.js';
export type { ImageSource, ImageStream } from './services/image-source.js';
export type { QueryParams } from './core/path.js';
export type { SleepFunction } from './core/sleep.js';
export { DEFAULT_RETRY_OPTIONS, type RetryOptions } from './retry/options.js';
export type { TransientReason } from './errors/transient.js';

export { ConcurError, isConcurError, type ConcurErrorOptions } from './errors/concur-error.js';
export type { ConcurErrorName } from './errors/names.js';
export { ConcurApiError, isConcurApiError, type ConcurApiErrorOptions } from './errors/api-error.js';
export { ConcurAuthError, type ConcurAuthCredential, type ConcurAuthErrorOptions } from './errors/auth-error.js';
export {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
} from './errors/status-errors.js';
export {
  ConcurAbortError,
  ConcurNetworkError,
  ConcurProxyError,
  ConcurResponseError,
  ConcurTimeoutError,
  type ConcurNetworkErrorOptions,
  type ConcurProxyErrorOptions,
  type ConcurResponseErrorOptions,
  type ConcurTimeoutErrorOptions,
} from './errors/request-errors.js';
export {
  BatchSizeError,
  ConcurValidationError,
  validateBatchSize,
  type BatchSizeErrorOptions,
  type BatchSizeLimits,
  type ConcurValidationErrorOptions,
  type ValidationProblem,
} from './errors/validation-errors.js';
export {
  isBadRequestError,
  isBatchSizeError,
  isConcurAbortError,
  isConcurAuthError,
  isConcurNetworkError,
  isConcurProxyError,
  isConcurResponseError,
  isConcurTimeoutError,
  isConcurValidationError,
  isConflictError,
  isForbiddenError,
  isInternalServerError,
  isNotFoundError,
  isRetryableError,
  isServiceUnavailableError,
  isTooManyRequestsError,
  isUnauthorizedError,
} from './errors/guards.js';
export { CONCUR_SUPPORT_EMAIL } from './errors/factory.js';

export type {
  BatchChunkSummary,
  BatchInput,
  BatchItemResult,
  BatchItemStatus,
  BatchOptions,
  BatchProgress,
  BatchResult,
  InvalidItemsMode,
  ItemProblem,
  ListedItemError,
  OutageMode,
} from './batch/types.js';
export type { BatchRejection, BatchStop, BatchStopReason } from './batch/stop-types.js';
export { partialResultOf } from './batch/partial.js';
export type {
  GetListItemsOptions,
  ListItem,
  ListItemCodes,
  ListItemInput,
  ListItemKey,
  ListItemOperation,
  ListItemsService,
  ListSummary,
} from './services/list-items.js';
export type { WalkedListItem } from './services/list-items-walk.js';
export type {
  AttendeeCustomFields,
  AttendeeFields,
  AttendeeInactivation,
  AttendeeInput,
  AttendeeOperation,
  AttendeesService,
  AttendeeType,
  AttendeeUpdate,
} from './services/attendees.js';
export type { UserOperation, UsersService } from './services/users.js';
export type {
  UserCustomFields,
  UserFields,
  UserFormField,
  UserInput,
  UserOrgUnitFields,
  UserPasswordInput,
  UserProfile,
  UserProfileFields,
} from './services/users-types.js';
export type { PurchaseOrdersService } from './services/purchase-orders.js';
export type {
  PurchaseOrderAddress,
  PurchaseOrderAllocation,
  PurchaseOrderAllocationFields,
  PurchaseOrderCustomFields,
  PurchaseOrderFields,
  PurchaseOrderInput,
  PurchaseOrderLineCustomFields,
  PurchaseOrderLineItem,
  PurchaseOrderLineItemFields,
  SubmitPurchaseOrdersOptions,
} from './services/purchase-orders-types.js';
export type { ExtractService } from './services/extract.js';
export {
  ExtractJobFailedError,
  ExtractJobTimeoutError,
  extractJobState,
  type DownloadedFile,
  type ExtractDefinition,
  type ExtractJob,
  type ExtractJobErrorOptions,
  type ExtractJobState,
  type ExtractJobTimeoutErrorOptions,
  type WaitForJobOptions,
} from './services/extract-types.js';
export { MAX_IMAGE_BYTES, type ImageContentType, type ImageUrl, type ImagingService, type UploadedImage } from './services/imaging.js';
export type {
  ClosePaymentBatchOptions,
  ListPaymentBatchesOptions,
  PaymentBatchCloseResult,
  PaymentBatchesService,
  PaymentBatchStatus,
  PaymentBatchSummary,
} from './services/payment-batches.js';

// Direct Connect (OTA) hotel supplier errors are in the `concur-sdk/ota` entry point only.
