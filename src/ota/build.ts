import { ConcurValidationError } from '../errors/validation-errors.js';
import { buildXmlDocument, type XmlBuildValue } from '../xml/builder.js';
import { ATTRIBUTE_PREFIX, TEXT_KEY } from '../xml/parser.js';
import { OTA_AUTHENTICATION_ERROR_TYPE, OTA_ERROR_CATALOGUE, OTA_ERROR_TYPE_NAMES, describeOtaErrorCode, isOtaErrorType, type OtaErrorCode, type OtaErrorType } from './codes.js';

/**
 * The namespaces of seed 002's example response: the SOAP 1.1 envelope (used for both the `soap:`
 * and `SOAP-ENV:` prefixes), OTA 2003/05 as the message's default namespace, and Concur's auth
 * namespace as `ns2`.
 *
 * @example
 * ```ts
 * OTA_XML_NAMESPACES.ota; // 'http://www.opentravel.org/OTA/2003/05'
 * ```
 */
export const OTA_XML_NAMESPACES = {
  /** SOAP 1.1 envelope namespace. */
  soapEnvelope: 'http://schemas.xmlsoap.org/soap/envelope/',
  /** OpenTravel Alliance 2003/05 namespace. */
  ota: 'http://www.opentravel.org/OTA/2003/05',
  /** Concur's web service auth namespace, declared as `ns2` on the message. */
  concurAuth: 'http://www.concur.com/webservice/auth',
} as const;

/** What to put in the error response built by {@link buildOtaErrorResponse}. */
export interface BuildOtaErrorResponseOptions {
  /** Local name of the response message, e.g. `OTA_HotelSearchRS` (the request's name with `RS`). */
  messageName: string;
  /** One of the codes Concur expects (see `OTA_ERROR_CODES`). */
  code: OtaErrorCode;
  /**
   * The Error Type. Must be the type Concur's table lists the code under; Type 4 is refused
   * (authentication failures are HTTP 403).
   * @default the code's type in `OTA_ERROR_CATALOGUE` (e.g. 13 for 322)
   */
  type?: OtaErrorType;
  /**
   * A description of the error, for Concur's logs (never shown to users).
   * @default the code's meaning in Concur's table (e.g. `No availability`)
   */
  shortText?: string;
  /** The detail, e.g. hotel codes `HTL4444,HTL5555` for 322. Where it goes depends on `directConnectVersion`. */
  detail?: string;
  /** The request's `EchoToken`, echoed so Concur can pair the response with its request. */
  echoToken?: string;
  /** The message's OTA `Version` attribute (echo the request's). Omitted when not given. */
  version?: string;
  /**
   * Which Hotel Direct Connect version to answer: 2 puts `detail` in the Error element's content
   * (seed 002); 1 puts it in ShortText (seed 001), so `shortText` and `detail` cannot both be given.
   * @default 2
   */
  directConnectVersion?: 1 | 2;
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]{0,127}$/;
const NOT_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function refuse(field: string, problem: string): never {
  throw new ConcurValidationError(`buildOtaErrorResponse: ${problem}`, { field });
}

/** Checks a caller's text, normalises line ends, trims; `undefined` when nothing is left. */
function text(value: unknown, field: string, inAttribute: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') refuse(field, `${field} must be a string, got ${typeof value}.`);
  const bad = NOT_IN_XML.exec(value)?.[0];
  if (bad !== undefined) {
    const hex = (bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    refuse(field, `${field} contains U+${hex}, which XML 1.0 cannot carry; remove control characters and unpaired surrogates.`);
  }
  // An XML reader turns CR LF into LF, and tabs and line ends in attribute values into spaces; doing
  // it here makes what Concur reads equal to what the supplier's logs show.
  const normalised = value.replace(/\r\n?/g, '\n');
  const cleaned = (inAttribute ? normalised.replace(/[\t\n]/g, ' ') : normalised).trim();
  return cleaned === '' ? undefined : cleaned;
}

function resolveType(code: OtaErrorCode, requested: unknown): OtaErrorType {
  const info = describeOtaErrorCode(code);
  if (info === undefined) {
    const known = OTA_ERROR_CATALOGUE.map((entry) => `${entry.code} (type ${entry.type})`).join(', ');
    refuse('code', `code ${JSON.stringify(code)} is not one Concur expects. Use one of ${known}; 188 covers errors no other code does.`);
  }
  const type = requested ?? info.type;
  if (type === OTA_AUTHENTICATION_ERROR_TYPE) {
    refuse('type', 'type 4 (Authentication) is not expected by Concur. Answer authentication failures with HTTP 403 instead of an OTA error.');
  }
  if (!isOtaErrorType(type)) refuse('type', `type ${JSON.stringify(type)} is not supported by Concur; use 1 (Unknown), 2 (No implementation) or 13 (Application error).`);
  if (type !== info.type) {
    refuse('type', `code ${code} (${info.meaning}) belongs to type ${info.type} (${OTA_ERROR_TYPE_NAMES[info.type]}), not type ${type}. Leave type out to use the right one.`);
  }
  return type;
}

/**
 * Builds a supplier's SOAP error response the way Concur expects it: one OTA message in
 * `soap:Body` holding an `Errors` element with exactly one `Error` (`Code`, `ShortText`, `Type`), in
 * the namespaces of seed 002. All text is escaped; leading and trailing whitespace is trimmed.
 *
 * @throws ConcurValidationError when the code is not one Concur expects, the type is 4 or does not
 *   match the code, the message name is not an XML name, or a text holds characters XML cannot carry.
 *
 * @example
 * ```ts
 * const body = buildOtaErrorResponse({
 *   messageName: 'OTA_HotelSearchRS',
 *   code: OTA_ERROR_CODES.NoAvailability,
 *   detail: 'HTL4444,HTL5555',
 *   echoToken: request.echoToken,
 *   version: '4',
 * });
 * // … <Errors><Error Code="322" ShortText="No availability" Type="13">HTL4444,HTL5555</Error></Errors> …
 * ```
 */
export function buildOtaErrorResponse(options: BuildOtaErrorResponseOptions): string {
  const { messageName, code, directConnectVersion = 2 } = options;
  if (typeof messageName !== 'string' || !XML_NAME.test(messageName)) {
    refuse('messageName', `messageName ${JSON.stringify(messageName)} is not an XML element name; use the response's OTA name, e.g. OTA_HotelSearchRS.`);
  }
  if (directConnectVersion !== 1 && directConnectVersion !== 2) {
    refuse('directConnectVersion', `directConnectVersion must be 1 or 2, got ${JSON.stringify(directConnectVersion)}.`);
  }
  const type = resolveType(code, options.type);
  const meaning = describeOtaErrorCode(code)?.meaning ?? '';
  const shortText = text(options.shortText, 'shortText', true);
  let detail = text(options.detail, 'detail', directConnectVersion === 1);
  let attributeText = shortText ?? meaning;
  if (directConnectVersion === 1 && detail !== undefined) {
    if (shortText !== undefined) {
      refuse('shortText', 'Hotel Direct Connect v1 carries the detail in ShortText, so give either shortText or detail, not both.');
    }
    attributeText = detail;
    detail = undefined;
  }

  const error: Record<string, string> = {
    [`${ATTRIBUTE_PREFIX}Code`]: code,
    [`${ATTRIBUTE_PREFIX}ShortText`]: attributeText,
    [`${ATTRIBUTE_PREFIX}Type`]: String(type),
  };
  if (detail !== undefined) error[TEXT_KEY] = detail;

  const message: Record<string, XmlBuildValue> = {
    [`${ATTRIBUTE_PREFIX}xmlns`]: OTA_XML_NAMESPACES.ota,
    [`${ATTRIBUTE_PREFIX}xmlns:ns2`]: OTA_XML_NAMESPACES.concurAuth,
  };
  const echoToken = text(options.echoToken, 'echoToken', true);
  const version = text(options.version, 'version', true);
  if (echoToken !== undefined) message[`${ATTRIBUTE_PREFIX}EchoToken`] = echoToken;
  if (version !== undefined) message[`${ATTRIBUTE_PREFIX}Version`] = version;
  message['Errors'] = { Error: error };

  const envelope = {
    'soap:Envelope': {
      [`${ATTRIBUTE_PREFIX}xmlns:soap`]: OTA_XML_NAMESPACES.soapEnvelope,
      'SOAP-ENV:Header': { [`${ATTRIBUTE_PREFIX}xmlns:SOAP-ENV`]: OTA_XML_NAMESPACES.soapEnvelope },
      'soap:Body': { [messageName]: message },
    },
  };
  return buildXmlDocument(envelope);
}
