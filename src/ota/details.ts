import { describeOtaErrorCode } from './codes.js';

/**
 * The structured fields of an error's detail. Which fields are present depends on the code:
 * 322 and 400 give `hotelCodes`; 424 gives `latitude`, `longitude`, `radius` and `unit`; 320 gives
 * `node` and `value`; 438 gives `ratePlanIds`; 748 gives `requestorId`; 385 gives `reservationId`.
 * Empty when the code has no structured detail or the text does not have the expected shape.
 */
export interface OtaErrorDetails {
  /** 322, 400: the hotel codes, e.g. `['HTL4444', 'HTL5555']`. */
  readonly hotelCodes?: readonly string[];
  /** 424: latitude of the search centre, in degrees. */
  readonly latitude?: number;
  /** 424: longitude of the search centre, in degrees. */
  readonly longitude?: number;
  /** 424: search radius, in `unit`. */
  readonly radius?: number;
  /** 424: the OTA unit of measure code of the radius, as sent (e.g. `'2'`). */
  readonly unit?: string;
  /** 320: the node or attribute that held the invalid value, e.g. `StayDateRange`. */
  readonly node?: string;
  /** 320: the value that was sent, e.g. `2019-11-33`. */
  readonly value?: string;
  /** 438: the RatePlanIDs that are not available. */
  readonly ratePlanIds?: readonly string[];
  /** 748: the requestor (corporate) id that was refused. */
  readonly requestorId?: string;
  /** 385: the reservation id that was refused. */
  readonly reservationId?: string;
}

const NO_DETAILS: OtaErrorDetails = Object.freeze({});

/** A code, id or node name: one token without whitespace. */
function isToken(text: string): boolean {
  return text !== '' && !/\s/.test(text);
}

// Codes, ids and names never hold spaces, so a sentence such as "No rooms left" is not read as a
// hotel code: seed 001 puts the detail in ShortText, and ShortText also holds plain descriptions.
function tokenList(detail: string): string[] | undefined {
  const items = detail.split(',').map((item) => item.trim());
  return items.every(isToken) ? items : undefined;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function decimal(text: string, min: number, max: number): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

function geoSearch(detail: string): OtaErrorDetails {
  // Seed 002 writes the list as "Latitude, Longitude, Radius, Unit" and the example without spaces;
  // both are accepted.
  const parts = tokenList(detail);
  if (parts?.length !== 4) return NO_DETAILS;
  const [lat = '', lon = '', rad = '', unit = ''] = parts;
  const latitude = decimal(lat, -90, 90);
  const longitude = decimal(lon, -180, 180);
  const radius = decimal(rad, 0, Number.MAX_SAFE_INTEGER);
  if (latitude === undefined || longitude === undefined || radius === undefined) return NO_DETAILS;
  return { latitude, longitude, radius, unit };
}

function invalidValue(detail: string): OtaErrorDetails {
  // The seeds describe 320's detail as "comma separated node or attribute and sent value" but show
  // `StayDateRange:2019-11-33`: a colon is read first, a comma when there is no colon. The value keeps
  // any later colons (times, URNs).
  const colon = detail.indexOf(':');
  const at = colon >= 0 ? colon : detail.indexOf(',');
  if (at < 0) return NO_DETAILS;
  const node = detail.slice(0, at).trim();
  if (!isToken(node)) return NO_DETAILS;
  return { node, value: detail.slice(at + 1).trim() };
}

/**
 * Reads an error's detail text into structured fields, by the code's row in Concur's table.
 * The code sent decides the shape: seed 002's examples for 424, 438 and 400 show `Code="322"`, which
 * is read as a slip in the document, not as a rule.
 *
 * @param code - The `Code` attribute.
 * @param detail - The detail text: the Error element's content (v2) or its ShortText (v1).
 * @returns The fields for the code, or an empty object when the code has no structured detail or
 *   the text does not fit.
 *
 * @example
 * ```ts
 * parseOtaErrorDetail('424', '50.111,40.222,5,2');
 * // { latitude: 50.111, longitude: 40.222, radius: 5, unit: '2' }
 * ```
 */
export function parseOtaErrorDetail(code: string | undefined, detail: string | undefined): OtaErrorDetails {
  const text = detail?.trim();
  const shape = describeOtaErrorCode(code)?.detailShape;
  if (text === undefined || text === '' || shape === undefined) return NO_DETAILS;
  switch (shape) {
    case 'hotelCodes': {
      const hotelCodes = tokenList(text);
      return hotelCodes === undefined ? NO_DETAILS : { hotelCodes };
    }
    case 'ratePlanIds': {
      const ratePlanIds = tokenList(text);
      return ratePlanIds === undefined ? NO_DETAILS : { ratePlanIds };
    }
    case 'geoSearch':
      return geoSearch(text);
    case 'invalidValue':
      return invalidValue(text);
    case 'requestorId':
      return isToken(text) ? { requestorId: text } : NO_DETAILS;
    case 'reservationId':
      return isToken(text) ? { reservationId: text } : NO_DETAILS;
  }
}

/**
 * True when `text` reads as the structured detail of `code`. Used to spot a v2 response that put the
 * detail in ShortText: a description such as "No availability" does not match, `HTL4444` does. Lists
 * and ids must contain a digit, so a one-word description such as "Unavailable" is not mistaken for
 * one.
 *
 * @internal
 */
export function looksLikeDetail(code: string | undefined, text: string | undefined): boolean {
  if (text === undefined || Object.keys(parseOtaErrorDetail(code, text)).length === 0) return false;
  return describeOtaErrorCode(code)?.detailShape === 'invalidValue' || /\d/.test(text);
}

/**
 * True when `shortText` only repeats the code's meaning from Concur's table (seed 002's style:
 * `ShortText="No availability"`), so it carries no detail.
 *
 * @internal
 */
export function isOnlyMeaning(code: string | undefined, shortText: string): boolean {
  const meaning = describeOtaErrorCode(code)?.meaning;
  const squash = (text: string): string => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return meaning !== undefined && squash(meaning) === squash(shortText);
}
