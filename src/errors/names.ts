/**
 * The `name` of every error class concur-sdk throws, from any of its entry points (`concur-sdk`,
 * `concur-sdk/ota`). Each class declares its own literal, and a class with subclasses the union of
 * its own and theirs, so comparing `error.name` narrows a union of error types and a misspelled
 * name is a compile error.
 *
 * @example
 * ```ts
 * function label(error: NotFoundError | ConflictError): string {
 *   return error.name === 'NotFoundError' ? `no such id: ${error.path}` : 'busy';
 * }
 * ```
 */
export type ConcurErrorName =
  | 'ConcurError'
  | 'ConcurApiError'
  | 'BadRequestError'
  | 'UnauthorizedError'
  | 'ForbiddenError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'TooManyRequestsError'
  | 'InternalServerError'
  | 'ServiceUnavailableError'
  | 'ConcurAuthError'
  | 'ConcurTimeoutError'
  | 'ConcurNetworkError'
  | 'ConcurProxyError'
  | 'ConcurAbortError'
  | 'ConcurResponseError'
  | 'ConcurValidationError'
  | 'BatchSizeError'
  | 'ExtractJobFailedError'
  | 'ExtractJobTimeoutError'
  | 'OtaError'
  | 'OtaUnknownError'
  | 'OtaNoImplementationError'
  | 'OtaApplicationError'
  | 'OtaUnreadableResponseError';
