import { describe, expect, it } from 'vitest';
import { OtaError, OtaUnreadableResponseError, parseOtaResponse, validateOtaErrorResponse } from '../../src/ota/index.js';

/** Runs `fn` and returns the OtaUnreadableResponseError it threw; fails on anything else. */
function unreadableOf(fn: () => unknown): OtaUnreadableResponseError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OtaUnreadableResponseError);
    return error as OtaUnreadableResponseError;
  }
  throw new Error('expected an OtaUnreadableResponseError');
}

const envelope = (inner: string): string =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${inner}</soap:Body></soap:Envelope>`;

describe('hostile supplier responses give a typed error', () => {
  it('refuses nested entity expansion (billion laughs)', () => {
    const entities = ['<!ENTITY a0 "0123456789">'];
    for (let level = 1; level <= 9; level += 1) entities.push(`<!ENTITY a${level} "${`&a${level - 1};`.repeat(10)}">`);
    const xml = `<!DOCTYPE r [${entities.join('')}]>${envelope('<OTA_HotelSearchRS><Errors><Error Code="188" ShortText="&a9;" Type="1"/></Errors></OTA_HotelSearchRS>')}`;
    // Whether the parser refuses or leaves the reference unexpanded, the result must be small and typed.
    let thrown: unknown;
    try {
      parseOtaResponse(xml);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OtaError);
    expect(JSON.stringify(thrown).length).toBeLessThan(5_000);
  });

  // Any DOCTYPE is refused before parsing (issue "Hardening" 13), so declared entities never expand.
  it('refuses many references to a large entity', () => {
    const xml = `<!DOCTYPE r [<!ENTITY big "${'x'.repeat(5_000)}">]>${envelope(`<OTA_HotelSearchRS><Success/><Note>${'&big;'.repeat(2_000)}</Note></OTA_HotelSearchRS>`)}`;
    expect(unreadableOf(() => parseOtaResponse(xml)).problem).toMatch(/DOCTYPE declaration, which is refused/);
  });

  it('refuses external entities', () => {
    const xml = `<!DOCTYPE r [<!ENTITY ext SYSTEM "file:///etc/passwd">]>${envelope('<OTA_HotelSearchRS><Errors><Error Code="188" ShortText="&ext;" Type="1"/></Errors></OTA_HotelSearchRS>')}`;
    const error = unreadableOf(() => parseOtaResponse(xml));
    expect(error.problem).toMatch(/DOCTYPE declaration, which is refused/);
    expect(error.message).not.toContain('root:');
  });

  it.each(['__proto__', 'constructor'])('refuses a <%s> element', (tag) => {
    const xml = envelope(`<OTA_HotelSearchRS><Success/><${tag}><polluted>yes</polluted></${tag}></OTA_HotelSearchRS>`);
    unreadableOf(() => parseOtaResponse(xml));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps a __proto__ attribute as plain data', () => {
    const message = parseOtaResponse(envelope('<OTA_HotelSearchRS __proto__="x" EchoToken="e"><Success/></OTA_HotelSearchRS>'));
    expect(Object.getPrototypeOf(message.attributes)).toBe(Object.prototype);
    expect(Object.hasOwn(message.attributes, '__proto__')).toBe(true);
    expect(message.echoToken).toBe('e');
  });

  it('does not resolve a hostile Code through Object.prototype', () => {
    let thrown: unknown;
    try {
      parseOtaResponse(envelope('<OTA_HotelSearchRS><Errors><Error Code="__proto__" ShortText="constructor" Type="13">toString</Error></Errors></OTA_HotelSearchRS>'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OtaError);
    expect((thrown as OtaError).codeMeaning).toBeUndefined();
    expect((thrown as OtaError).details).toEqual({});
  });

  it('refuses nesting deeper than the parser allows', () => {
    const xml = envelope(`<OTA_HotelSearchRS>${'<a>'.repeat(150)}${'</a>'.repeat(150)}</OTA_HotelSearchRS>`);
    expect(unreadableOf(() => parseOtaResponse(xml)).problem).toMatch(/nested/i);
  });

  it('refuses very deep unclosed nesting without overflowing the stack', () => {
    const xml = `<OTA_HotelSearchRS>${'<a>'.repeat(200_000)}`;
    unreadableOf(() => parseOtaResponse(xml));
  });

  it('refuses input over the size limit before parsing it', () => {
    const xml = envelope(`<OTA_HotelSearchRS><Success/><Pad>${'x'.repeat(6 * 1024 * 1024)}</Pad></OTA_HotelSearchRS>`);
    expect(unreadableOf(() => parseOtaResponse(xml)).problem).toMatch(/exceeds the limit of 5242880/);
  });

  it('applies a smaller maxChars when given', () => {
    const xml = envelope('<OTA_HotelSearchRS><Success/></OTA_HotelSearchRS>');
    expect(unreadableOf(() => parseOtaResponse(xml, { maxChars: 50 })).problem).toMatch(/exceeds the limit of 50/);
    expect(parseOtaResponse(xml, { maxChars: 10_000 }).name).toBe('OTA_HotelSearchRS');
  });

  it.each([
    ['truncated', envelope('<OTA_HotelSearchRS><Errors><Error Code="322"').slice(0, 120), /Malformed XML/],
    ['two roots', '<OTA_A/><OTA_B/>', /2 root elements/],
    ['not XML', 'Service Unavailable', /Malformed XML/],
    ['HTML', '<!DOCTYPE html><html><body><h1>502</h1></body></html>', /HTML page/],
  ])('refuses %s input', (_label, xml, problem) => {
    expect(unreadableOf(() => parseOtaResponse(xml)).problem).toMatch(problem);
  });

  it('refuses a non-string body from JavaScript callers', () => {
    expect(unreadableOf(() => parseOtaResponse(undefined as unknown as string)).problem).toBe('the response body is missing');
    expect(unreadableOf(() => parseOtaResponse(42 as unknown as string)).problem).toBe('the response body is not text');
  });

  it('reports hostile input as a well-formed violation in the validator instead of throwing', () => {
    const violations = validateOtaErrorResponse(envelope('<OTA_HotelSearchRS><__proto__/></OTA_HotelSearchRS>'));
    expect(violations.map((violation) => violation.rule)).toEqual(['well-formed']);
  });
});
