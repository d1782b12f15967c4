// The public API of concur-sdk/ota: reading hotel suppliers' OTA error responses (Concur side) and
// building and checking them (supplier side). Everything not listed here is internal.

export {
  OTA_AUTHENTICATION_ERROR_TYPE,
  OTA_ERROR_CATALOGUE,
  OTA_ERROR_CODES,
  OTA_ERROR_TYPE_NAMES,
  OTA_ERROR_TYPES,
  describeOtaErrorCode,
  isOtaCodeOfType,
  isOtaErrorType,
  type OtaDetailShape,
  type OtaErrorCode,
  type OtaErrorCodeInfo,
  type OtaErrorType,
} from './codes.js';
export { parseOtaErrorDetail, type OtaErrorDetails } from './details.js';
export {
  OtaApplicationError,
  OtaError,
  OtaNoImplementationError,
  OtaUnknownError,
  OtaUnreadableResponseError,
  isOtaApplicationError,
  isOtaError,
  isOtaNoImplementationError,
  isOtaUnknownError,
  isOtaUnreadableResponseError,
  type OtaErrorOptions,
  type OtaUnreadableResponseErrorOptions,
} from './ota-error.js';
export { DEFAULT_MAX_OTA_CHARS } from './envelope.js';
export { parseOtaResponse, type OtaMessage, type ParseOtaResponseOptions } from './parse.js';
export { OTA_XML_NAMESPACES, buildOtaErrorResponse, type BuildOtaErrorResponseOptions } from './build.js';
export {
  validateOtaErrorResponse,
  type OtaResponseRule,
  type OtaRuleViolation,
  type ValidateOtaErrorResponseOptions,
} from './validate.js';
export { otaErrorFromHttp, readOtaHttpResponse, type OtaHttpResponse, type ReadOtaHttpResponseOptions } from './http.js';
export type { XmlElement } from '../xml/nodes.js';
export type { XmlNode } from '../xml/parser.js';
