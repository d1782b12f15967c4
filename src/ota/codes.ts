/**
 * The OTA Error Type codes Concur accepts in a supplier's response (Hotel Direct Connect error
 * handling, seeds 001 and 002).
 *
 * @example
 * ```ts
 * if (error.type === OTA_ERROR_TYPES.NoImplementation) disableEndpoint(error.messageName);
 * ```
 */
export const OTA_ERROR_TYPES = {
  /** 1: an unknown error. Also what Concur assumes when `Type` is missing. */
  Unknown: 1,
  /** 2: the supplier's system has no implementation for the request. */
  NoImplementation: 2,
  /** 13: a back-end application returned an error, passed back in the response. */
  ApplicationError: 13,
} as const;

/** One of the Error Type codes Concur accepts: 1 (Unknown), 2 (No implementation), 13 (Application error). */
export type OtaErrorType = (typeof OTA_ERROR_TYPES)[keyof typeof OTA_ERROR_TYPES];

/**
 * OTA Error Type 4, Authentication. Concur does not expect it: authentication failures must be
 * answered with HTTP 403 instead.
 */
export const OTA_AUTHENTICATION_ERROR_TYPE = 4;

/**
 * The name of each Error Type, as in Concur's Error Types table.
 *
 * @example
 * ```ts
 * OTA_ERROR_TYPE_NAMES[13]; // 'Application error'
 * ```
 */
export const OTA_ERROR_TYPE_NAMES: Readonly<Record<OtaErrorType, string>> = {
  1: 'Unknown',
  2: 'No implementation',
  13: 'Application error',
};

/**
 * Every Error code Concur expects, by name. Codes are strings because the `Code` attribute is text;
 * compare them with `error.code`.
 *
 * @example
 * ```ts
 * if (error.code === OTA_ERROR_CODES.NoAvailability) showOtherHotels(error.details.hotelCodes);
 * ```
 */
export const OTA_ERROR_CODES = {
  /** 188 (type 1): transaction error, for errors no other code covers. */
  TransactionError: '188',
  /** 1 (type 2): the endpoint called is not implemented yet. */
  NotImplemented: '1',
  /** 242 (type 13): credit card number invalid or missing. */
  InvalidCreditCard: '242',
  /** 320 (type 13): invalid value; detail `Node:value`. */
  InvalidValue: '320',
  /** 322 (type 13): no availability; detail: hotel codes. */
  NoAvailability: '322',
  /** 424 (type 13): no hotels match the search; detail: latitude, longitude, radius, unit. */
  NoHotelsFound: '424',
  /** 95 (type 13): the booking is already cancelled. */
  BookingAlreadyCancelled: '95',
  /** 438 (type 13): requested rate not available; detail: rate plan ids. */
  RateNotAvailable: '438',
  /** 748 (type 13): invalid corporate id; detail: requestor id. */
  InvalidCorporateId: '748',
  /** 400 (type 13): invalid property code; detail: hotel codes. */
  InvalidPropertyCode: '400',
  /** 385 (type 13): invalid confirmation or cancellation number; detail: reservation id. */
  InvalidConfirmationNumber: '385',
} as const;

/** One of the Error codes Concur expects (see {@link OTA_ERROR_CODES}). */
export type OtaErrorCode = (typeof OTA_ERROR_CODES)[keyof typeof OTA_ERROR_CODES];

/** Names of the structured fields an error's detail can carry (see `OtaErrorDetails`). */
export type OtaDetailShape = 'hotelCodes' | 'geoSearch' | 'invalidValue' | 'ratePlanIds' | 'requestorId' | 'reservationId';

/** What Concur's tables say about one Error code. */
export interface OtaErrorCodeInfo {
  /** The code, as sent in the `Code` attribute. */
  readonly code: OtaErrorCode;
  /** The Error Type the code belongs to. */
  readonly type: OtaErrorType;
  /** The code's meaning, from Concur's table; the default `ShortText` when building. */
  readonly meaning: string;
  /** What the supplier should put in the detail, when the code carries one. */
  readonly detailHint: string | undefined;
  /** How the detail is read into structured fields, when the code has a structured detail. */
  readonly detailShape: OtaDetailShape | undefined;
}

function entry(code: OtaErrorCode, type: OtaErrorType, meaning: string, detailHint?: string, detailShape?: OtaDetailShape): OtaErrorCodeInfo {
  return Object.freeze({ code, type, meaning, detailHint, detailShape });
}

/**
 * Concur's code tables, in the order the seeds list them: each code with its Error Type, meaning and
 * expected detail.
 *
 * @example
 * ```ts
 * for (const info of OTA_ERROR_CATALOGUE) console.log(info.code, info.type, info.meaning);
 * ```
 */
export const OTA_ERROR_CATALOGUE: readonly OtaErrorCodeInfo[] = Object.freeze([
  entry('188', 1, 'Transaction error', "Optional: the supplier's internal log id, for debugging."),
  entry('1', 2, 'Not implemented'),
  entry('242', 13, 'Credit card number is invalid or missing'),
  entry('320', 13, 'Invalid value', 'The node or attribute and the value sent, e.g. `StayDateRange:2019-11-33`.', 'invalidValue'),
  entry('322', 13, 'No availability', 'Comma-separated hotel codes, e.g. `HTL4444,HTL5555`.', 'hotelCodes'),
  entry(
    '424',
    13,
    'No hotels found which match this input',
    'Latitude, longitude, radius and unit of measure code, comma-separated, e.g. `50.111,40.222,5,2`.',
    'geoSearch',
  ),
  entry('95', 13, 'Booking already cancelled'),
  entry('438', 13, 'Requested rate not available', 'Comma-separated RatePlanIDs, e.g. `111,222`.', 'ratePlanIds'),
  entry('748', 13, 'Invalid corporate ID', 'The requestor id.', 'requestorId'),
  entry('400', 13, 'Invalid property code', 'Comma-separated hotel codes, e.g. `HTL4444,HTL5555`.', 'hotelCodes'),
  entry('385', 13, 'Invalid confirmation or cancellation number', 'The reservation id.', 'reservationId'),
]);

// A Map, not an object literal, so a hostile Code such as "__proto__" finds nothing.
const BY_CODE = new Map<string, OtaErrorCodeInfo>(OTA_ERROR_CATALOGUE.map((info) => [info.code, info]));

/**
 * What Concur's tables say about `code`, or `undefined` for a code they do not list.
 *
 * @example
 * ```ts
 * describeOtaErrorCode('322')?.meaning; // 'No availability'
 * ```
 */
export function describeOtaErrorCode(code: string | number | undefined): OtaErrorCodeInfo | undefined {
  return code === undefined ? undefined : BY_CODE.get(String(code).trim());
}

/**
 * True when `value` is one of the Error Types Concur accepts (1, 2 or 13).
 *
 * @example
 * ```ts
 * isOtaErrorType(13); // true
 * isOtaErrorType(4);  // false: authentication failures are HTTP 403
 * ```
 */
export function isOtaErrorType(value: unknown): value is OtaErrorType {
  return value === 1 || value === 2 || value === 13;
}

/**
 * True when Concur's tables list `code` under Error Type `type` (e.g. 322 under 13, 1 under 2).
 *
 * @example
 * ```ts
 * isOtaCodeOfType('322', 13); // true
 * isOtaCodeOfType('322', 1);  // false
 * ```
 */
export function isOtaCodeOfType(code: string | number, type: number): boolean {
  return describeOtaErrorCode(code)?.type === type;
}
