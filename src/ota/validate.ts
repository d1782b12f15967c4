import { attributeOf, childOf, textOf } from '../xml/nodes.js';
import type { XmlNode } from '../xml/parser.js';
import { OTA_ERROR_CATALOGUE, OTA_ERROR_TYPE_NAMES, describeOtaErrorCode, isOtaCodeOfType, isOtaErrorType } from './codes.js';
import { looksLikeDetail } from './details.js';
import { DEFAULT_MAX_OTA_CHARS, readOtaDocument } from './envelope.js';

/**
 * The rules {@link validateOtaErrorResponse} checks, from Concur's error handling pages:
 *
 * - `well-formed`: the document parses (well-formed, within the size limit, no hostile constructs).
 * - `soap-body`: the OTA message is the first element of `soap:Body` inside `soap:Envelope`.
 * - `error-present`: the message holds an Error (an empty `Errors`, no `Errors` or a SOAP Fault breaks it).
 * - `errors-wrapper`: Error elements sit inside an `Errors` element.
 * - `single-error`: exactly one Error; Concur drops the others.
 * - `type-required`: the Error has a `Type` (Concur reads a missing one as 1, Unknown).
 * - `no-authentication-type`: no Type 4; authentication failures are HTTP 403.
 * - `supported-type`: the Type is 1, 2 or 13.
 * - `code-required`: the Error has a `Code`.
 * - `short-text-required`: the Error has a `ShortText`.
 * - `code-matches-type`: the Code is one Concur lists under the Error's Type.
 * - `detail-in-content`: (Hotel v2) the detail is in the element's content, not in ShortText.
 */
export type OtaResponseRule =
  | 'well-formed'
  | 'soap-body'
  | 'error-present'
  | 'errors-wrapper'
  | 'single-error'
  | 'type-required'
  | 'no-authentication-type'
  | 'supported-type'
  | 'code-required'
  | 'short-text-required'
  | 'code-matches-type'
  | 'detail-in-content';

/** One rule an error response breaks, and how to fix it. */
export interface OtaRuleViolation {
  /** The rule broken. */
  readonly rule: OtaResponseRule;
  /** What is wrong and what to change. */
  readonly message: string;
}

/** Options of {@link validateOtaErrorResponse}. */
export interface ValidateOtaErrorResponseOptions {
  /**
   * The Hotel Direct Connect version the response is for. Version 1 (seed 001) carries the detail in
   * ShortText, so the `detail-in-content` rule applies to version 2 only.
   * @default 2
   */
  directConnectVersion?: 1 | 2;
  /**
   * Refuse documents longer than this many characters.
   * @default 5242880 (5 MiB, `DEFAULT_MAX_OTA_CHARS`)
   */
  maxChars?: number;
}

function list(node: XmlNode | undefined): XmlNode[] {
  return node === undefined ? [] : Array.isArray(node) ? node : [node];
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function codeRule(code: string, type: number): OtaRuleViolation | undefined {
  if (isOtaCodeOfType(code, type)) return undefined;
  const info = describeOtaErrorCode(code);
  const name = isOtaErrorType(type) ? OTA_ERROR_TYPE_NAMES[type] : 'Unknown';
  if (info !== undefined) {
    return {
      rule: 'code-matches-type',
      message: `Code ${info.code} (${info.meaning}) belongs to type ${info.type} (${OTA_ERROR_TYPE_NAMES[info.type]}), but the Error is type ${type} (${name}). Send Type="${info.type}".`,
    };
  }
  const expected = OTA_ERROR_CATALOGUE.filter((entry) => entry.type === type).map((entry) => `${entry.code} (${entry.meaning})`);
  return {
    rule: 'code-matches-type',
    message: `Code ${JSON.stringify(code)} is not one Concur expects under type ${type} (${name}); use one of: ${expected.join(', ')}.`,
  };
}

function errorRules(error: XmlNode, version: 1 | 2): OtaRuleViolation[] {
  const found: OtaRuleViolation[] = [];
  const type = attributeOf(error, 'Type');
  const code = attributeOf(error, 'Code');
  const shortText = attributeOf(error, 'ShortText');
  let effectiveType: number | undefined = 1;
  if (!present(type)) {
    found.push({ rule: 'type-required', message: 'The Error has no Type attribute; Concur reads it as 1 (Unknown). Send Type 1, 2 or 13.' });
  } else if (type.trim() === '4') {
    effectiveType = undefined;
    found.push({
      rule: 'no-authentication-type',
      message: 'The Error has Type 4 (Authentication), which Concur does not expect. Answer authentication failures with HTTP 403 and no OTA error.',
    });
  } else {
    effectiveType = /^\d{1,4}$/.test(type.trim()) ? Number(type.trim()) : Number.NaN;
    if (!isOtaErrorType(effectiveType)) {
      effectiveType = undefined;
      found.push({ rule: 'supported-type', message: `Type ${JSON.stringify(type)} is not supported by Concur; use 1 (Unknown), 2 (No implementation) or 13 (Application error).` });
    }
  }
  if (!present(code)) found.push({ rule: 'code-required', message: 'The Error has no Code attribute; send one of the codes in Concur\'s tables (188 when no other fits).' });
  if (!present(shortText)) found.push({ rule: 'short-text-required', message: 'The Error has no ShortText attribute; describe the error there (Concur logs it, users never see it).' });
  if (present(code) && effectiveType !== undefined) {
    const violation = codeRule(code.trim(), effectiveType);
    if (violation !== undefined) found.push(violation);
  }
  const content = textOf(error);
  if (version === 2 && !present(content) && looksLikeDetail(code, shortText)) {
    const info = describeOtaErrorCode(code);
    found.push({
      rule: 'detail-in-content',
      message: `ShortText ${JSON.stringify(shortText)} looks like the detail of code ${code}. Hotel Direct Connect v2 expects the detail in the Error element's content and a description in ShortText, e.g. <Error Code="${code}" ShortText="${info?.meaning ?? 'No availability'}" Type="${info?.type ?? 13}">${shortText}</Error>.`,
    });
  }
  return found;
}

/**
 * Checks a supplier's OTA error response against the rules Concur's error handling pages set, and
 * lists every rule it breaks (an empty list means it conforms). Never throws for bad input: an
 * unreadable document is reported as a `well-formed` violation. Only the first Error is checked in
 * detail, as only that one is read by Concur. See {@link OtaResponseRule} for the rules.
 *
 * @param xml - The response body the supplier would send.
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest';
 * import { validateOtaErrorResponse } from 'concur-sdk/ota';
 *
 * it('answers "no availability" the way Concur expects', async () => {
 *   const body = await myHotelService.search({ hotelCodes: ['SOLD-OUT'] });
 *   expect(validateOtaErrorResponse(body)).toEqual([]);
 * });
 * ```
 */
export function validateOtaErrorResponse(xml: string, options: ValidateOtaErrorResponseOptions = {}): OtaRuleViolation[] {
  const read = readOtaDocument(xml, options.maxChars ?? DEFAULT_MAX_OTA_CHARS);
  if (!read.ok) {
    return [{ rule: 'well-formed', message: `The response cannot be read: ${read.problem}. Send a well-formed SOAP envelope holding one OTA message.` }];
  }
  const { message } = read;
  const found: OtaRuleViolation[] = [];
  if (message.shape !== 'soap') {
    const where = message.shape === 'bare' ? `${message.name} is the document's root` : `${message.name} sits directly in the Envelope`;
    found.push({ rule: 'soap-body', message: `${where}; put the OTA message in soap:Body inside soap:Envelope, as in Concur's example.` });
  }
  if (message.name === 'Fault') {
    found.push({ rule: 'error-present', message: 'The response is a SOAP Fault; answer with the OTA response message holding an Errors element with one Error.' });
    return found;
  }
  const holders = list(childOf(message.element, 'Errors'));
  const wrapped = holders.flatMap((holder) => list(childOf(holder, 'Error')));
  const bare = list(childOf(message.element, 'Error'));
  const errors = [...wrapped, ...bare];
  if (bare.length > 0) found.push({ rule: 'errors-wrapper', message: `${message.name} holds Error directly; put it inside an Errors element.` });
  const first = errors[0];
  if (first === undefined) {
    const problem = holders.length > 0 ? 'an empty Errors element, which Concur reads as an Unknown error' : 'no Errors element, so it is not an error response';
    found.push({ rule: 'error-present', message: `${message.name} has ${problem}. Add one Error with Type, Code and ShortText.` });
    return found;
  }
  if (errors.length > 1) {
    found.push({ rule: 'single-error', message: `${message.name} holds ${errors.length} Error elements; Concur reads only the first and drops the others. Send exactly one.` });
  }
  found.push(...errorRules(first, options.directConnectVersion ?? 2));
  return found;
}
