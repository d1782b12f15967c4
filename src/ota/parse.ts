import { boundedText } from '../errors/redact.js';
import { attributeOf, childOf, childText, textOf, type XmlElement } from '../xml/nodes.js';
import type { XmlNode } from '../xml/parser.js';
import { OTA_AUTHENTICATION_ERROR_TYPE, OTA_ERROR_TYPE_NAMES, describeOtaErrorCode, isOtaErrorType, type OtaErrorType } from './codes.js';
import { isOnlyMeaning, parseOtaErrorDetail } from './details.js';
import { attributesOf, childElementsOf, DEFAULT_MAX_OTA_CHARS, readOtaDocument, type LocatedMessage } from './envelope.js';
import { OTA_ERROR_CLASSES, OtaUnreadableResponseError, type OtaError } from './ota-error.js';

/** Options of {@link parseOtaResponse}. */
export interface ParseOtaResponseOptions {
  /**
   * Refuse documents longer than this many characters, before parsing.
   * @default 5242880 (5 MiB, `DEFAULT_MAX_OTA_CHARS`)
   */
  maxChars?: number;
}

/** A supplier's OTA message that carried no Error. */
export interface OtaMessage {
  /** Local name of the message element, e.g. `OTA_HotelSearchRS`. */
  readonly name: string;
  /** The message element's attributes, namespace prefixes removed (`xmlns` declarations are not kept). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The `EchoToken` attribute, which pairs the response with its request. */
  readonly echoToken: string | undefined;
  /**
   * The message's child elements, as parsed by the SDK's XML reader: attributes under `@_Name`,
   * text under `#text` when an element also has attributes, repeated elements as arrays. OTA
   * `Warnings` are left out: Concur ignores them.
   */
  readonly payload: XmlElement;
}

const MAX_FIELD_CHARS = 2048;
const MAX_QUOTE_CHARS = 300;

/** Every Error element: those in `Errors`, then (seed 001's example) any directly in the message. */
function errorElements(message: XmlNode): { present: boolean; errors: XmlNode[] } {
  const list = (node: XmlNode | undefined): XmlNode[] => (node === undefined ? [] : Array.isArray(node) ? node : [node]);
  const holders = list(childOf(message, 'Errors'));
  const errors = [...holders.flatMap((holder) => list(childOf(holder, 'Error'))), ...list(childOf(message, 'Error'))];
  return { present: holders.length > 0 || errors.length > 0, errors };
}

function resolveType(reported: string | undefined): { type: OtaErrorType; authentication: boolean } {
  // Seeds 001 and 002: an Error without Type is treated as 1, Unknown. Type 4 (Authentication) is
  // not expected (failures must be HTTP 403); it and any other unsupported type also read as 1, with
  // `reportedType` keeping what was sent.
  const text = reported?.trim() ?? '';
  const value = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (isOtaErrorType(value)) return { type: value, authentication: false };
  return { type: 1, authentication: value === OTA_AUTHENTICATION_ERROR_TYPE };
}

const ADVICE: Readonly<Record<OtaErrorType, string>> = {
  1: "Log it (ShortText may carry the supplier's log id) and show the user a generic message; the supplier did not say what failed.",
  2: 'The supplier does not implement this request: stop sending it to this supplier until they do.',
  13: 'The supplier refused the request for a business reason: log the detail, show the user a Concur message (supplier text is never shown), and change the request rather than repeat it.',
};

function quote(text: string): string {
  return `"${boundedText(text, [], MAX_QUOTE_CHARS)}"`;
}

function optional(text: string | undefined, max: number): string | undefined {
  return text === undefined || text === '' ? undefined : boundedText(text, [], max);
}

function errorFrom(message: LocatedMessage, errors: XmlNode[]): OtaError {
  const echoToken = optional(attributeOf(message.element, 'EchoToken'), 256);
  const messageName = boundedText(message.name, [], 256);
  const first = errors[0];
  const common = { echoToken, messageName, droppedErrors: Math.max(errors.length - 1, 0) };
  if (first === undefined) {
    // Seeds 001 and 002: an empty Errors element is treated as an Unknown error.
    return new OTA_ERROR_CLASSES[1](
      `The supplier's ${messageName} has an empty Errors element, which Concur treats as an Unknown error. Log it; the supplier should send one Error with Type, Code and ShortText.`,
      { ...common, type: 1 },
    );
  }
  const code = optional(attributeOf(first, 'Code'), 64);
  const shortText = optional(attributeOf(first, 'ShortText'), MAX_FIELD_CHARS);
  const reportedType = optional(attributeOf(first, 'Type'), 32);
  const content = optional(textOf(first), MAX_FIELD_CHARS);
  // Seed 002 (v2) puts the detail in the element's content; seed 001 (v1) in ShortText. Content wins;
  // a ShortText that only repeats the code's meaning ("No availability") is no detail.
  const detail = content ?? (shortText !== undefined && !isOnlyMeaning(code, shortText) ? shortText : undefined);
  const { type, authentication } = resolveType(reportedType);

  const meaning = describeOtaErrorCode(code)?.meaning;
  const codePart = code === undefined ? 'without a Code' : meaning === undefined ? code : `${code} (${meaning})`;
  const extraShortText = shortText !== undefined && shortText !== detail && !isOnlyMeaning(code, shortText) ? `, ShortText ${quote(shortText)}` : '';
  const detailPart = detail === undefined ? '' : `: ${quote(detail)}${extraShortText}`;
  const dropped = errors.length > 1 ? ` ${errors.length - 1} further Error element(s) dropped, as Concur does.` : '';
  const typeNote = authentication
    ? ' The supplier sent Type 4 (Authentication), which Concur does not expect, so it is read as Unknown: check the credentials sent to this supplier, and ask the supplier to answer authentication failures with HTTP 403.'
    : ` ${ADVICE[type]}`;
  const text = `The supplier's ${messageName} carries OTA error ${codePart}, type ${type} ${OTA_ERROR_TYPE_NAMES[type]}${detailPart}.${dropped}${typeNote}`;

  return new OTA_ERROR_CLASSES[type](text, {
    ...common,
    type,
    code,
    shortText,
    detail,
    details: parseOtaErrorDetail(code, detail),
    reportedType,
    authenticationType: authentication,
  });
}

function unreadable(problem: string, messageName?: string): OtaUnreadableResponseError {
  return new OtaUnreadableResponseError(
    `Could not read the supplier's OTA response: ${problem}. It is treated as an Unknown error; the supplier should return a well-formed SOAP envelope holding one OTA message (validateOtaErrorResponse checks error responses).`,
    { problem, messageName },
  );
}

/**
 * Reads a supplier's OTA response the way Concur does, and returns the message when it carries no
 * Error.
 *
 * - The message is the first element in `soap:Body`; an Envelope without Body (seed 001's example)
 *   and a bare message without envelope are read too. Prefixes (`soap:`, `SOAP-ENV:`, none) do not
 *   matter: elements are matched by local name.
 * - When an `Errors` element is present, the rest of the message is discarded and an
 *   {@link OtaError} is thrown for the first Error only; `droppedErrors` counts the others.
 * - A missing `Type` means 1 (Unknown); an empty `Errors` is an Unknown error; Type 4 reads as
 *   Unknown with `authenticationType` set.
 * - OTA `Warnings` are ignored.
 *
 * @param xml - The response body.
 * @throws {@link OtaApplicationError}, {@link OtaNoImplementationError} or {@link OtaUnknownError}
 *   for an Error; {@link OtaUnreadableResponseError} for a document that is empty, malformed, too
 *   large, hostile, a SOAP Fault, or holds no message.
 *
 * @example
 * ```ts
 * try {
 *   const message = parseOtaResponse(body);
 *   console.log(message.name, message.echoToken, message.payload);
 * } catch (error) {
 *   if (error instanceof OtaApplicationError && error.code === OTA_ERROR_CODES.NoAvailability) {
 *     console.log('sold out:', error.details.hotelCodes);
 *   } else throw error;
 * }
 * ```
 */
export function parseOtaResponse(xml: string, options: ParseOtaResponseOptions = {}): OtaMessage {
  const read = readOtaDocument(xml, options.maxChars ?? DEFAULT_MAX_OTA_CHARS);
  if (!read.ok) throw unreadable(read.problem);
  const { message } = read;
  const attributes = attributesOf(message.element);
  const echoToken = Object.hasOwn(attributes, 'EchoToken') ? attributes['EchoToken'] : undefined;
  if (message.name === 'Fault') {
    const fault = childText(message.element, 'faultstring');
    throw unreadable(`the supplier answered with a SOAP Fault${fault === undefined ? '' : ` ${quote(fault)}`}`, 'Fault');
  }
  const { present, errors } = errorElements(message.element);
  if (present) throw errorFrom(message, errors);

  const payload = childElementsOf(message.element);
  delete payload['Warnings'];
  return { name: message.name, attributes, echoToken, payload };
}
