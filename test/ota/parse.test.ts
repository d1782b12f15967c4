import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConcurError } from '../../src/errors/concur-error.js';
import {
  OTA_ERROR_CODES,
  OtaApplicationError,
  OtaError,
  OtaNoImplementationError,
  OtaUnknownError,
  OtaUnreadableResponseError,
  isOtaApplicationError,
  isOtaError,
  parseOtaResponse,
} from '../../src/ota/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ota/${name}`, import.meta.url), 'utf8');

/** A seed 002 style envelope around `inner`, the content of an OTA_HotelSearchRS. */
function search(inner: string, attributes = 'EchoToken="echo-1" Version="4"'): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><OTA_HotelSearchRS xmlns="http://www.opentravel.org/OTA/2003/05" ${attributes}>${inner}</OTA_HotelSearchRS></soap:Body></soap:Envelope>`;
}

/** Runs `fn` and returns the OtaError it threw; fails when it throws nothing or something else. */
function otaErrorOf(fn: () => unknown): OtaError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OtaError);
    return error as OtaError;
  }
  throw new Error('expected an OtaError');
}

describe('parseOtaResponse: the seeds’ examples', () => {
  it('reads seed 002’s example as OTA error 322, type 13, with the message name and EchoToken', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('seed-002-no-availability.xml')));
    expect(error).toBeInstanceOf(OtaApplicationError);
    expect(error).toBeInstanceOf(ConcurError);
    expect(error.name).toBe('OtaApplicationError');
    expect(error.type).toBe(13);
    expect(error.code).toBe(OTA_ERROR_CODES.NoAvailability);
    expect(error.codeMeaning).toBe('No availability');
    expect(error.shortText).toBe('No availability');
    expect(error.messageName).toBe('OTA_HotelSearchRS');
    expect(error.echoToken).toBe('11111111-2222-3333-4444-555555555555');
    expect(error.droppedErrors).toBe(0);
    expect(error.authenticationType).toBe(false);
    expect(error.reportedType).toBe('13');
    // A ShortText that only repeats the code's meaning carries no detail.
    expect(error.detail).toBeUndefined();
    expect(error.details).toEqual({});
    expect(error.message).toContain('OTA_HotelSearchRS');
    expect(error.message).toContain('322 (No availability)');
  });

  it('reads seed 001’s shape (no Body, no Errors wrapper, detail in ShortText) tolerantly', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('seed-001-style.xml')));
    expect(error).toBeInstanceOf(OtaApplicationError);
    expect(error.code).toBe('322');
    expect(error.messageName).toBe('OTA_HotelSearchRS');
    expect(error.detail).toBe('HTL4444,HTL5555');
    expect(error.details.hotelCodes).toEqual(['HTL4444', 'HTL5555']);
  });

  it('gives a typed error, not a partial message, for seed 001’s malformed original', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('seed-001-original.xml')));
    expect(error).toBeInstanceOf(OtaUnreadableResponseError);
    expect(error).toBeInstanceOf(OtaUnknownError);
    expect(error.type).toBe(1);
    expect((error as OtaUnreadableResponseError).problem).toMatch(/Malformed XML/);
    expect(error.message).toMatch(/^Could not read the supplier's OTA response: .*well-formed SOAP envelope/);
  });

  it('reads seed 002’s 320 row with the detail in the element content (v2)', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('seed-002-invalid-value.xml')));
    expect(error.code).toBe('320');
    expect(error.shortText).toBe('Invalid value');
    expect(error.detail).toBe('StayDateRange:2019-11-33');
    expect(error.details).toEqual({ node: 'StayDateRange', value: '2019-11-33' });
    expect(error.messageName).toBe('OTA_HotelAvailRS');
    expect(error.echoToken).toBe('echo-320');
  });
});

describe('parseOtaResponse: where the detail comes from', () => {
  it('prefers the element content (seed 002) over ShortText (seed 001)', () => {
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error Code="400" ShortText="HTL1" Type="13">HTL4444, HTL5555</Error></Errors>')));
    expect(error.detail).toBe('HTL4444, HTL5555');
    expect(error.details.hotelCodes).toEqual(['HTL4444', 'HTL5555']);
    expect(error.shortText).toBe('HTL1');
  });

  it('falls back to ShortText when the element is empty (seed 001)', () => {
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error Code="424" ShortText="50.111,40.222,5,2" Type="13"/></Errors>')));
    expect(error.detail).toBe('50.111,40.222,5,2');
    expect(error.details).toEqual({ latitude: 50.111, longitude: 40.222, radius: 5, unit: '2' });
  });

  it('keeps a descriptive ShortText as detail but reads no fields from a sentence', () => {
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error Code="322" ShortText="All rooms sold out" Type="13"/></Errors>')));
    expect(error.detail).toBe('All rooms sold out');
    expect(error.details).toEqual({});
  });

  it.each([
    ['438', '111,222', { ratePlanIds: ['111', '222'] }],
    ['748', 'CORP-42', { requestorId: 'CORP-42' }],
    ['385', 'RES123456', { reservationId: 'RES123456' }],
    ['188', 'supplier-log-9f2', {}],
  ])('reads code %s with detail %s', (code, detail, details) => {
    const error = otaErrorOf(() => parseOtaResponse(search(`<Errors><Error Code="${code}" ShortText="x y" Type="13">${detail}</Error></Errors>`)));
    expect(error.detail).toBe(detail);
    expect(error.details).toEqual(details);
  });

  it('goes by the Code sent: seed 002’s 424 example with Code="322" reads as hotel codes', () => {
    // Seed 002 shows Code="322" in the examples of the 424, 438 and 400 rows; the code decides.
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error Code="322" ShortText="No availability" Type="13">50.111,40.222,5,2</Error></Errors>')));
    expect(error.code).toBe('322');
    expect(error.details).toEqual({ hotelCodes: ['50.111', '40.222', '5', '2'] });
  });
});

describe('parseOtaResponse: Concur’s rules', () => {
  it('uses only the first Error, drops the rest and counts them', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('several-errors.xml')));
    expect(error.code).toBe('438');
    expect(error.details.ratePlanIds).toEqual(['111', '222']);
    expect(error.droppedErrors).toBe(2);
    expect(error.message).toContain('2 further Error element(s) dropped');
  });

  it.each(['<Errors/>', '<Errors></Errors>', '<Errors>   </Errors>', '<Errors><Warning Code="1"/></Errors>'])(
    'treats an empty Errors element (%s) as an Unknown error',
    (errors) => {
      const error = otaErrorOf(() => parseOtaResponse(search(`<Success/>${errors}`)));
      expect(error).toBeInstanceOf(OtaUnknownError);
      expect(error).not.toBeInstanceOf(OtaUnreadableResponseError);
      expect(error.type).toBe(1);
      expect(error.code).toBeUndefined();
      expect(error.echoToken).toBe('echo-1');
      expect(error.message).toContain('empty Errors element');
    },
  );

  it('treats an Error without Type as 1, Unknown', () => {
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error Code="188" ShortText="log 4711"/></Errors>')));
    expect(error).toBeInstanceOf(OtaUnknownError);
    expect(error.type).toBe(1);
    expect(error.reportedType).toBeUndefined();
    expect(error.detail).toBe('log 4711');
  });

  it('reads an empty <Error/> as an Unknown error without code', () => {
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error/></Errors>')));
    expect(error).toBeInstanceOf(OtaUnknownError);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain('without a Code');
  });

  it('reads type 2 as No implementation', () => {
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error Code="1" ShortText="Not implemented" Type="2"/></Errors>')));
    expect(error).toBeInstanceOf(OtaNoImplementationError);
    expect(error.type).toBe(2);
    expect(error.message).toContain('does not implement this request');
  });

  it('reads type 4 (Authentication) as Unknown and flags it', () => {
    const error = otaErrorOf(() => parseOtaResponse(search('<Errors><Error Code="497" ShortText="Authorization error" Type="4"/></Errors>')));
    expect(error).toBeInstanceOf(OtaUnknownError);
    expect(error.type).toBe(1);
    expect(error.authenticationType).toBe(true);
    expect(error.reportedType).toBe('4');
    expect(error.message).toContain('HTTP 403');
  });

  it.each(['3', '12', 'thirteen', ''])('reads an unsupported Type %j as Unknown without the authentication flag', (type) => {
    const error = otaErrorOf(() => parseOtaResponse(search(`<Errors><Error Code="188" ShortText="x" Type="${type}"/></Errors>`)));
    expect(error.type).toBe(1);
    expect(error.authenticationType).toBe(false);
  });

  it('discards the rest of the message when an error is present', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('several-errors.xml')));
    expect(JSON.stringify(error.toJSON())).not.toContain('RoomStay');
  });

  it('ignores OTA Warnings and returns the message of a successful response', () => {
    const message = parseOtaResponse(fixture('search-success.xml'));
    expect(message.name).toBe('OTA_HotelSearchRS');
    expect(message.echoToken).toBe('echo-ok');
    expect(message.attributes).toEqual({ EchoToken: 'echo-ok', Version: '4', PrimaryLangID: 'en' });
    expect(Object.keys(message.payload)).toEqual(['Success', 'Properties']);
    expect(message.payload['Properties']).toEqual({
      Property: [
        { '@_HotelCode': 'HTL4444', '@_HotelName': 'Hotel & Spa' },
        { '@_HotelCode': 'HTL5555', '@_HotelName': 'Garden Inn' },
      ],
    });
  });

  it('returns an empty payload for an empty message element', () => {
    const message = parseOtaResponse('<OTA_PingRS/>');
    expect(message).toEqual({ name: 'OTA_PingRS', attributes: {}, echoToken: undefined, payload: {} });
  });
});

describe('parseOtaResponse: prefixes and envelopes', () => {
  it('reads the SOAP-ENV: prefix and a prefixed OTA message (ota:Error)', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('soap-env-prefix.xml')));
    expect(error.messageName).toBe('OTA_HotelResRS');
    expect(error.code).toBe('242');
    expect(error.detail).toBe('Missing Credit Card number');
    expect(error.echoToken).toBe('echo-res');
  });

  it('reads an envelope without prefixes', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('no-prefix.xml')));
    expect(error.messageName).toBe('OTA_CancelRS');
    expect(error.code).toBe('95');
    expect(error.type).toBe(13);
  });

  it('reads a bare OTA message without envelope', () => {
    const error = otaErrorOf(() =>
      parseOtaResponse('<OTA_HotelSearchRS EchoToken="e"><Errors><Error Code="322" ShortText="No availability" Type="13">HTL1</Error></Errors></OTA_HotelSearchRS>'),
    );
    expect(error.messageName).toBe('OTA_HotelSearchRS');
    expect(error.details.hotelCodes).toEqual(['HTL1']);
  });

  it('reads a message preceded by an XML declaration, a BOM and comments', () => {
    const message = parseOtaResponse(`\uFEFF<?xml version="1.0"?><!-- hello -->${search('<Success/>')}`);
    expect(message.name).toBe('OTA_HotelSearchRS');
  });

  it('reports a SOAP Fault as an unreadable response with its faultstring', () => {
    const fault =
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>Backend down</faultstring></soap:Fault></soap:Body></soap:Envelope>';
    const error = otaErrorOf(() => parseOtaResponse(fault));
    expect(error).toBeInstanceOf(OtaUnreadableResponseError);
    expect(error.messageName).toBe('Fault');
    expect((error as OtaUnreadableResponseError).problem).toBe('the supplier answered with a SOAP Fault "Backend down"');
  });

  it.each([
    ['an empty Body', '<soap:Envelope xmlns:soap="s"><soap:Body/></soap:Envelope>', 'the SOAP Body is empty'],
    ['an Envelope with only a Header', '<soap:Envelope xmlns:soap="s"><soap:Header/></soap:Envelope>', 'the SOAP Envelope holds no Body and no OTA message'],
    ['an empty body', '  ', 'the response body is empty'],
  ])('reports %s as unreadable', (_label, xml, problem) => {
    const error = otaErrorOf(() => parseOtaResponse(xml));
    expect(error).toBeInstanceOf(OtaUnreadableResponseError);
    expect((error as OtaUnreadableResponseError).problem).toBe(problem);
  });
});

describe('OtaError', () => {
  it('serialises its safe fields with toJSON and matches its guards', () => {
    const error = otaErrorOf(() => parseOtaResponse(fixture('seed-001-style.xml')));
    expect(isOtaError(error)).toBe(true);
    expect(isOtaApplicationError(error)).toBe(true);
    expect(isOtaError(new Error('x'))).toBe(false);
    expect(error.toJSON()).toMatchObject({
      name: 'OtaApplicationError',
      type: 13,
      code: '322',
      codeMeaning: 'No availability',
      shortText: 'HTL4444,HTL5555',
      detail: 'HTL4444,HTL5555',
      details: { hotelCodes: ['HTL4444', 'HTL5555'] },
      echoToken: '11111111-2222-3333-4444-555555555555',
      messageName: 'OTA_HotelSearchRS',
      reportedType: '13',
      authenticationType: false,
      droppedErrors: 0,
      retryable: false,
    });
  });

  it('bounds long supplier text', () => {
    const long = 'A'.repeat(10_000);
    const error = otaErrorOf(() => parseOtaResponse(search(`<Errors><Error Code="188" ShortText="x" Type="1">${long}</Error></Errors>`)));
    expect(error.detail?.length).toBeLessThan(2_100);
    expect(error.detail).toMatch(/more characters\]$/);
    expect(error.message.length).toBeLessThan(1_000);
  });
});
