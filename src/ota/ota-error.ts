import { ConcurError, nameErrorClass, type ConcurErrorOptions } from '../errors/concur-error.js';
import { describeOtaErrorCode, type OtaErrorType } from './codes.js';
import type { OtaErrorDetails } from './details.js';

/** What an {@link OtaError} knows about the supplier's Error element. */
export interface OtaErrorOptions extends ConcurErrorOptions {
  /** The Error Type as Concur treats it: 1, 2 or 13. */
  type: OtaErrorType;
  /** The `Code` attribute, as sent. */
  code?: string | undefined;
  /** The `ShortText` attribute, as sent (bounded). */
  shortText?: string | undefined;
  /** The detail: the element's content (v2), else a ShortText that is more than the code's meaning (v1). */
  detail?: string | undefined;
  /** The detail read into fields, by code. */
  details?: OtaErrorDetails | undefined;
  /** The message's `EchoToken`, to match the error to its request. */
  echoToken?: string | undefined;
  /** Local name of the OTA message, e.g. `OTA_HotelSearchRS`. */
  messageName?: string | undefined;
  /** The `Type` attribute exactly as sent; `undefined` when it was missing. */
  reportedType?: string | undefined;
  /** True when the supplier sent Type 4 (Authentication), read as Unknown. */
  authenticationType?: boolean | undefined;
  /** How many further Error elements the message held; Concur drops them. */
  droppedErrors?: number | undefined;
}

/**
 * A supplier's OTA response carried an Error, or could not be read at all. Concur reads only the
 * first Error of a message and discards the rest of its content; this error holds what that Error
 * said. Subclasses name the kind: {@link OtaUnknownError} (type 1), {@link OtaNoImplementationError}
 * (type 2), {@link OtaApplicationError} (type 13).
 *
 * Supplier text is for logs only: Concur never shows it to the user.
 *
 * @example
 * ```ts
 * try {
 *   const message = parseOtaResponse(xml);
 * } catch (error) {
 *   if (error instanceof OtaError) logger.warn(error.toJSON()); // code, type, detail, echoToken…
 *   else throw error;
 * }
 * ```
 */
export class OtaError extends ConcurError {
  /** The class name, or the name of the subclass for the Error Type. */
  declare readonly name: 'OtaError' | 'OtaUnknownError' | 'OtaNoImplementationError' | 'OtaApplicationError' | 'OtaUnreadableResponseError';
  /** The Error Type as Concur treats it: missing, 4 and unsupported types read as 1 (Unknown). */
  readonly type: OtaErrorType;
  /** The `Code` attribute, as sent; `undefined` for an empty Errors element or an unreadable response. */
  readonly code: string | undefined;
  /** The code's meaning in Concur's table, when the code is listed. */
  readonly codeMeaning: string | undefined;
  /** The `ShortText` attribute, as sent. */
  readonly shortText: string | undefined;
  /** The detail text: the element's content (v2), else a ShortText that says more than the code's meaning (v1). */
  readonly detail: string | undefined;
  /** The detail read into fields for codes 320, 322, 400, 424, 438, 748 and 385; otherwise empty. */
  readonly details: OtaErrorDetails;
  /** The message's `EchoToken`. */
  readonly echoToken: string | undefined;
  /** Local name of the OTA message, e.g. `OTA_HotelSearchRS`. */
  readonly messageName: string | undefined;
  /** The `Type` attribute exactly as sent; `undefined` when it was missing. */
  readonly reportedType: string | undefined;
  /**
   * True when the supplier sent Type 4 (Authentication). Concur does not expect it (authentication
   * failures are HTTP 403), so the error is read as Unknown and this flag says why.
   */
  readonly authenticationType: boolean;
  /** How many Error elements after the first the message held; Concur drops them. */
  readonly droppedErrors: number;

  static {
    nameErrorClass(this, 'OtaError');
  }

  constructor(message: string, options: OtaErrorOptions) {
    super(message, options);
    this.type = options.type;
    this.code = options.code;
    this.codeMeaning = describeOtaErrorCode(options.code)?.meaning;
    this.shortText = options.shortText;
    this.detail = options.detail;
    this.details = options.details ?? {};
    this.echoToken = options.echoToken;
    this.messageName = options.messageName;
    this.reportedType = options.reportedType;
    this.authenticationType = options.authenticationType ?? false;
    this.droppedErrors = options.droppedErrors ?? 0;
  }
}

/**
 * OTA Error Type 1, Unknown: the supplier's Error had Type 1, no Type, Type 4 or a type Concur does
 * not support, or the message had an empty Errors element.
 *
 * @example
 * ```ts
 * if (error instanceof OtaUnknownError && error.authenticationType) alertOps('supplier sent OTA type 4');
 * ```
 */
export class OtaUnknownError extends OtaError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'OtaUnknownError' | 'OtaUnreadableResponseError';
  static {
    nameErrorClass(this, 'OtaUnknownError');
  }
}

/**
 * OTA Error Type 2, No implementation: the supplier does not implement the request (code 1).
 *
 * @example
 * ```ts
 * if (error instanceof OtaNoImplementationError) supplier.disable(error.messageName);
 * ```
 */
export class OtaNoImplementationError extends OtaError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'OtaNoImplementationError';
  static {
    nameErrorClass(this, 'OtaNoImplementationError');
  }
}

/**
 * OTA Error Type 13, Application error: the supplier's back end refused the request, e.g. 322 No
 * availability with the hotel codes in `details.hotelCodes`.
 *
 * @example
 * ```ts
 * if (error instanceof OtaApplicationError && error.code === OTA_ERROR_CODES.NoAvailability) {
 *   console.log(error.details.hotelCodes);
 * }
 * ```
 */
export class OtaApplicationError extends OtaError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'OtaApplicationError';
  static {
    nameErrorClass(this, 'OtaApplicationError');
  }
}

/** Options of {@link OtaUnreadableResponseError}. */
export interface OtaUnreadableResponseErrorOptions extends Omit<OtaErrorOptions, 'type'> {
  /** What was wrong with the document, e.g. `Malformed XML at line 3: …`. */
  problem: string;
}

/**
 * The supplier's response could not be read as an OTA message: malformed, truncated, too large,
 * hostile XML, or a SOAP Fault. It is an {@link OtaUnknownError} (type 1), so code that handles
 * Unknown errors handles it too; `problem` says what was wrong.
 *
 * @example
 * ```ts
 * if (error instanceof OtaUnreadableResponseError) logger.error(error.problem);
 * ```
 */
export class OtaUnreadableResponseError extends OtaUnknownError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'OtaUnreadableResponseError';
  /** What was wrong with the document. */
  readonly problem: string;

  static {
    nameErrorClass(this, 'OtaUnreadableResponseError');
  }

  constructor(message: string, options: OtaUnreadableResponseErrorOptions) {
    super(message, { ...options, type: 1 });
    this.problem = options.problem;
  }
}

/** The class for each Error Type. @internal */
export const OTA_ERROR_CLASSES: Readonly<Record<OtaErrorType, new (message: string, options: OtaErrorOptions) => OtaError>> = {
  1: OtaUnknownError,
  2: OtaNoImplementationError,
  13: OtaApplicationError,
};

/**
 * True when `value` is an {@link OtaError} from any copy of concur-sdk.
 *
 * @example
 * ```ts
 * if (isOtaError(error)) logger.warn({ code: error.code, echoToken: error.echoToken });
 * ```
 */
export function isOtaError(value: unknown): value is OtaError {
  return value instanceof OtaError;
}

/** True for an OTA Error Type 1 (Unknown), unreadable responses included. */
export const isOtaUnknownError = (value: unknown): value is OtaUnknownError => value instanceof OtaUnknownError;
/** True for an OTA Error Type 2 (No implementation). */
export const isOtaNoImplementationError = (value: unknown): value is OtaNoImplementationError => value instanceof OtaNoImplementationError;
/** True for an OTA Error Type 13 (Application error). */
export const isOtaApplicationError = (value: unknown): value is OtaApplicationError => value instanceof OtaApplicationError;
/** True when the supplier's response could not be read as an OTA message. */
export const isOtaUnreadableResponseError = (value: unknown): value is OtaUnreadableResponseError =>
  value instanceof OtaUnreadableResponseError;
