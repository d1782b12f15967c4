import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OTA_ERROR_CATALOGUE,
  OtaError,
  buildOtaErrorResponse,
  parseOtaResponse,
  validateOtaErrorResponse,
  type BuildOtaErrorResponseOptions,
} from '../../src/ota/index.js';

const NOT_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text heavy in XML's special characters and whitespace, plus any Unicode XML can carry. */
const text = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('<', '>', '&', '"', "'", ']]>', '<!--', '&amp;', '&#65;', '<![CDATA[', ' ', '\t', '\n', '\r\n', '\r', 'é', '😀', '\u00A0'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 40,
  })
  .map((value) => value.replace(NOT_IN_XML, ''));

const lineEnds = (value: string): string => value.replace(/\r\n?/g, '\n');
/** What an XML reader returns for element content the builder wrote. */
const asContent = (value: string): string => lineEnds(value).trim();
/** What an XML reader returns for an attribute value the builder wrote. */
const asAttribute = (value: string): string => lineEnds(value).replace(/[\t\n]/g, ' ').trim();

function parsedError(options: BuildOtaErrorResponseOptions): OtaError {
  try {
    parseOtaResponse(buildOtaErrorResponse(options));
  } catch (error) {
    if (error instanceof OtaError) return error;
    throw error;
  }
  throw new Error('the built response parsed without an error');
}

describe('build → parse round trip', () => {
  it('keeps any code, type, ShortText, detail and EchoToken', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OTA_ERROR_CATALOGUE), fc.boolean(), text, text, text, (info, explicitType, shortText, detail, echoToken) => {
        const options: BuildOtaErrorResponseOptions = {
          messageName: 'OTA_HotelSearchRS',
          code: info.code,
          shortText,
          detail,
          echoToken,
          ...(explicitType ? { type: info.type } : {}),
        };
        const error = parsedError(options);
        expect(error.type).toBe(info.type);
        expect(error.code).toBe(info.code);
        expect(error.messageName).toBe('OTA_HotelSearchRS');
        expect(error.droppedErrors).toBe(0);
        expect(error.shortText).toBe(asAttribute(shortText) === '' ? info.meaning : asAttribute(shortText));
        expect(error.echoToken).toBe(asAttribute(echoToken) === '' ? undefined : asAttribute(echoToken));
        if (asContent(detail) !== '') {
          expect(error.detail).toBe(asContent(detail));
          expect(validateOtaErrorResponse(buildOtaErrorResponse(options))).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the detail of any code in ShortText for Hotel Direct Connect v1', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OTA_ERROR_CATALOGUE), text, (info, detail) => {
        fc.pre(asAttribute(detail) !== '');
        const error = parsedError({ messageName: 'OTA_HotelAvailRS', code: info.code, detail, directConnectVersion: 1 });
        expect(error.shortText).toBe(asAttribute(detail));
        expect(error.type).toBe(info.type);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps structured details: hotel codes, rate plans and geo searches', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    const list = fc.array(token, { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(list, list, (hotelCodes, ratePlanIds) => {
        expect(parsedError({ messageName: 'OTA_X', code: '322', detail: hotelCodes.join(',') }).details).toEqual({ hotelCodes });
        expect(parsedError({ messageName: 'OTA_X', code: '400', detail: hotelCodes.join(', ') }).details).toEqual({ hotelCodes });
        expect(parsedError({ messageName: 'OTA_X', code: '438', detail: ratePlanIds.join(',') }).details).toEqual({ ratePlanIds });
      }),
    );
    const coordinate = (limit: number): fc.Arbitrary<number> => fc.integer({ min: -limit * 1000, max: limit * 1000 }).map((n) => n / 1000);
    fc.assert(
      fc.property(coordinate(90), coordinate(180), fc.integer({ min: 0, max: 500 }), fc.constantFrom('1', '2'), (latitude, longitude, radius, unit) => {
        const detail = [latitude, longitude, radius, unit].join(',');
        expect(parsedError({ messageName: 'OTA_X', code: '424', detail }).details).toEqual({ latitude, longitude, radius, unit });
      }),
    );
  });
});
