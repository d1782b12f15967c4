import { describe, expect, it } from 'vitest';
import { ConcurValidationError } from '../../src/errors/validation-errors.js';
import { parseXml } from '../../src/xml/parser.js';
import {
  OTA_ERROR_CODES,
  OTA_XML_NAMESPACES,
  OtaApplicationError,
  OtaError,
  buildOtaErrorResponse,
  parseOtaResponse,
  validateOtaErrorResponse,
  type BuildOtaErrorResponseOptions,
  type OtaErrorCode,
} from '../../src/ota/index.js';

function parsed(options: BuildOtaErrorResponseOptions): OtaError {
  try {
    parseOtaResponse(buildOtaErrorResponse(options));
  } catch (error) {
    expect(error).toBeInstanceOf(OtaError);
    return error as OtaError;
  }
  throw new Error('expected the built response to carry an OtaError');
}

function refusal(options: BuildOtaErrorResponseOptions): ConcurValidationError {
  try {
    buildOtaErrorResponse(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConcurValidationError);
    return error as ConcurValidationError;
  }
  throw new Error('expected buildOtaErrorResponse to refuse');
}

describe('buildOtaErrorResponse', () => {
  it('writes seed 002’s envelope with exactly one Error', () => {
    const xml = buildOtaErrorResponse({
      messageName: 'OTA_HotelSearchRS',
      code: OTA_ERROR_CODES.NoAvailability,
      echoToken: '11111111-2222-3333-4444-555555555555',
      version: '4',
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
        '<SOAP-ENV:Header xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"></SOAP-ENV:Header>' +
        '<soap:Body>' +
        '<OTA_HotelSearchRS xmlns="http://www.opentravel.org/OTA/2003/05" xmlns:ns2="http://www.concur.com/webservice/auth" EchoToken="11111111-2222-3333-4444-555555555555" Version="4">' +
        '<Errors><Error Code="322" ShortText="No availability" Type="13"></Error></Errors>' +
        '</OTA_HotelSearchRS></soap:Body></soap:Envelope>',
    );
    expect(validateOtaErrorResponse(xml)).toEqual([]);
  });

  it('uses the seed 002 namespaces', () => {
    expect(OTA_XML_NAMESPACES).toEqual({
      soapEnvelope: 'http://schemas.xmlsoap.org/soap/envelope/',
      ota: 'http://www.opentravel.org/OTA/2003/05',
      concurAuth: 'http://www.concur.com/webservice/auth',
    });
  });

  it('puts the detail in the element content for v2 and reads back', () => {
    const xml = buildOtaErrorResponse({ messageName: 'OTA_HotelSearchRS', code: '424', detail: '50.111,40.222,5,2' });
    expect(xml).toContain('<Error Code="424" ShortText="No hotels found which match this input" Type="13">50.111,40.222,5,2</Error>');
    const error = parsed({ messageName: 'OTA_HotelSearchRS', code: '424', detail: '50.111,40.222,5,2' });
    expect(error).toBeInstanceOf(OtaApplicationError);
    expect(error.details).toEqual({ latitude: 50.111, longitude: 40.222, radius: 5, unit: '2' });
  });

  it('puts the detail in ShortText for Hotel Direct Connect v1', () => {
    const xml = buildOtaErrorResponse({ messageName: 'OTA_HotelAvailRS', code: '438', detail: '111,222', directConnectVersion: 1 });
    expect(xml).toContain('<Error Code="438" ShortText="111,222" Type="13"></Error>');
    expect(validateOtaErrorResponse(xml, { directConnectVersion: 1 })).toEqual([]);
    expect(parsed({ messageName: 'OTA_HotelAvailRS', code: '438', detail: '111,222', directConnectVersion: 1 }).details.ratePlanIds).toEqual(['111', '222']);
  });

  it('defaults type and ShortText from the catalogue', () => {
    const error = parsed({ messageName: 'OTA_ReadRS', code: '1' });
    expect(error.type).toBe(2);
    expect(error.shortText).toBe('Not implemented');
  });

  it('escapes XML special characters in every text', () => {
    const hostile = `a</Error><Error Code="1">&amp;"'<![CDATA[x]]>`;
    const xml = buildOtaErrorResponse({ messageName: 'OTA_HotelResRS', code: '188', shortText: hostile, detail: hostile, echoToken: hostile, version: hostile });
    expect(xml.match(/<Error /g)).toHaveLength(1);
    expect(validateOtaErrorResponse(xml)).toEqual([]);
    const error = parsed({ messageName: 'OTA_HotelResRS', code: '188', shortText: hostile, detail: hostile, echoToken: hostile, version: hostile });
    expect(error.shortText).toBe(hostile);
    expect(error.detail).toBe(hostile);
    expect(error.echoToken).toBe(hostile);
  });

  it('trims text, normalises line ends, and turns line breaks in attributes into spaces', () => {
    const xml = buildOtaErrorResponse({ messageName: 'OTA_HotelResRS', code: '188', shortText: '  line one\r\nline two\t ', detail: '\r\n first\r\nsecond \r' });
    const tree = parseXml(xml) as { Envelope: { Body: { OTA_HotelResRS: { Errors: { Error: Record<string, string> } } } } };
    const error = tree.Envelope.Body.OTA_HotelResRS.Errors.Error;
    expect(error['@_ShortText']).toBe('line one line two');
    expect(error['#text']).toBe('first\nsecond');
  });

  it('refuses type 4 and points to HTTP 403', () => {
    const error = refusal({ messageName: 'OTA_HotelSearchRS', code: '188', type: 4 as never });
    expect(error.field).toBe('type');
    expect(error.message).toContain('HTTP 403');
  });

  it('refuses a type the code does not belong to', () => {
    const error = refusal({ messageName: 'OTA_HotelSearchRS', code: '322', type: 1 });
    expect(error.field).toBe('type');
    expect(error.message).toBe(
      'buildOtaErrorResponse: code 322 (No availability) belongs to type 13 (Application error), not type 1. Leave type out to use the right one.',
    );
  });

  it('refuses an unsupported type, an unknown code and a bad directConnectVersion', () => {
    expect(refusal({ messageName: 'OTA_X', code: '188', type: 3 as never }).field).toBe('type');
    const unknown = refusal({ messageName: 'OTA_X', code: '999' as OtaErrorCode });
    expect(unknown.field).toBe('code');
    expect(unknown.message).toContain('188 (type 1)');
    expect(refusal({ messageName: 'OTA_X', code: '188', directConnectVersion: 3 as never }).field).toBe('directConnectVersion');
  });

  it.each(['', 'ns:OTA_X', 'OTA X', '1OTA', '<OTA_X>', 'x'.repeat(200)])('refuses the message name %j', (messageName) => {
    expect(refusal({ messageName, code: '188' }).field).toBe('messageName');
  });

  it('refuses characters XML 1.0 cannot carry', () => {
    const error = refusal({ messageName: 'OTA_X', code: '188', detail: 'bell\u0007' });
    expect(error.field).toBe('detail');
    expect(error.message).toContain('U+0007');
    expect(refusal({ messageName: 'OTA_X', code: '188', shortText: 'half \uD800 pair' }).message).toContain('U+D800');
  });

  it('refuses both shortText and detail for v1, where they share ShortText', () => {
    expect(refusal({ messageName: 'OTA_X', code: '322', shortText: 'Sold out', detail: 'HTL1', directConnectVersion: 1 }).field).toBe('shortText');
  });

  it('refuses non-string text from JavaScript callers', () => {
    expect(refusal({ messageName: 'OTA_X', code: '188', detail: 42 as never }).message).toContain('detail must be a string');
  });
});
