import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateOtaErrorResponse, type OtaResponseRule } from '../../src/ota/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ota/${name}`, import.meta.url), 'utf8');

/** A seed 002 style envelope around the content of an OTA_HotelSearchRS. */
const search = (inner: string): string =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><OTA_HotelSearchRS xmlns="http://www.opentravel.org/OTA/2003/05" EchoToken="e">${inner}</OTA_HotelSearchRS></soap:Body></soap:Envelope>`;

const rules = (xml: string, directConnectVersion?: 1 | 2): OtaResponseRule[] =>
  validateOtaErrorResponse(xml, directConnectVersion === undefined ? {} : { directConnectVersion }).map((violation) => violation.rule);

describe('validateOtaErrorResponse', () => {
  it.each(['seed-002-no-availability.xml', 'seed-002-invalid-value.xml', 'soap-env-prefix.xml', 'no-prefix.xml'])('accepts %s', (name) => {
    expect(validateOtaErrorResponse(fixture(name))).toEqual([]);
  });

  it('reports seed 001’s original as not well-formed', () => {
    const [violation, ...rest] = validateOtaErrorResponse(fixture('seed-001-original.xml'));
    expect(rest).toEqual([]);
    expect(violation?.rule).toBe('well-formed');
    expect(violation?.message).toMatch(/^The response cannot be read: Malformed XML/);
  });

  it('reports seed 001’s shape against the v2 rules, and only the layout against v1', () => {
    expect(rules(fixture('seed-001-style.xml'))).toEqual(['soap-body', 'errors-wrapper', 'detail-in-content']);
    expect(rules(fixture('seed-001-style.xml'), 1)).toEqual(['soap-body', 'errors-wrapper']);
  });

  it('reports more than one Error', () => {
    const [violation] = validateOtaErrorResponse(fixture('several-errors.xml'));
    expect(violation).toEqual({
      rule: 'single-error',
      message: 'OTA_HotelAvailRS holds 3 Error elements; Concur reads only the first and drops the others. Send exactly one.',
    });
  });

  it('reports a missing Type, and checks the code against the Unknown type Concur assumes', () => {
    expect(rules(search('<Errors><Error Code="188" ShortText="log 1"/></Errors>'))).toEqual(['type-required']);
    expect(rules(search('<Errors><Error Code="322" ShortText="No availability"/></Errors>'))).toEqual(['type-required', 'code-matches-type']);
  });

  it('reports a missing Code and a missing ShortText', () => {
    expect(rules(search('<Errors><Error Type="13"/></Errors>'))).toEqual(['code-required', 'short-text-required']);
    expect(rules(search('<Errors><Error Type="13" Code=" " ShortText=""/></Errors>'))).toEqual(['code-required', 'short-text-required']);
  });

  it('reports type 4, pointing to HTTP 403', () => {
    const violations = validateOtaErrorResponse(search('<Errors><Error Code="497" ShortText="Authorization error" Type="4"/></Errors>'));
    expect(violations).toHaveLength(1);
    expect(violations[0]?.rule).toBe('no-authentication-type');
    expect(violations[0]?.message).toContain('HTTP 403');
  });

  it('reports an unsupported type', () => {
    expect(rules(search('<Errors><Error Code="188" ShortText="x" Type="3"/></Errors>'))).toEqual(['supported-type']);
  });

  it('reports a code not defined for its type, listing the codes that are', () => {
    const [mismatch] = validateOtaErrorResponse(search('<Errors><Error Code="1" ShortText="Not implemented" Type="13"/></Errors>'));
    expect(mismatch?.rule).toBe('code-matches-type');
    expect(mismatch?.message).toContain('Code 1 (Not implemented) belongs to type 2');
    const [unknown] = validateOtaErrorResponse(search('<Errors><Error Code="15" ShortText="Invalid date" Type="13"/></Errors>'));
    expect(unknown?.rule).toBe('code-matches-type');
    expect(unknown?.message).toContain('322 (No availability)');
  });

  it.each([
    ['322', 'HTL4444,HTL5555'],
    ['400', 'HTL4444'],
    ['424', '50.111,40.222,5,2'],
    ['320', 'StayDateRange:2019-11-33'],
    ['438', '111,222'],
    ['748', 'CORP42'],
    ['385', 'RES123'],
  ])('reports code %s with its detail %j in ShortText (v2)', (code, detail) => {
    const violations = validateOtaErrorResponse(search(`<Errors><Error Code="${code}" ShortText="${detail}" Type="13"/></Errors>`));
    expect(violations.map((violation) => violation.rule)).toEqual(['detail-in-content']);
    expect(violations[0]?.message).toContain(`>${detail}</Error>`);
  });

  it.each([
    ['a description', '<Error Code="322" ShortText="Sold out everywhere" Type="13"/>'],
    ['a one-word description', '<Error Code="322" ShortText="Unavailable" Type="13"/>'],
    ['detail already in the content', '<Error Code="322" ShortText="HTL1" Type="13">HTL1</Error>'],
    ['a code without structured detail', '<Error Code="95" ShortText="RES1" Type="13"/>'],
  ])('does not report %s as a misplaced detail', (_label, error) => {
    expect(rules(search(`<Errors>${error}</Errors>`))).toEqual([]);
  });

  it('reports a message without errors, an empty Errors element and a SOAP Fault', () => {
    expect(rules(search('<Success/>'))).toEqual(['error-present']);
    expect(rules(search('<Errors/>'))).toEqual(['error-present']);
    expect(validateOtaErrorResponse(search('<Errors/>'))[0]?.message).toContain('empty Errors element');
    const fault = '<soap:Envelope xmlns:soap="s"><soap:Body><soap:Fault><faultstring>x</faultstring></soap:Fault></soap:Body></soap:Envelope>';
    expect(rules(fault)).toEqual(['error-present']);
  });

  it('reports a message outside soap:Body', () => {
    const violations = validateOtaErrorResponse('<OTA_HotelSearchRS><Errors><Error Code="188" ShortText="x" Type="1"/></Errors></OTA_HotelSearchRS>');
    expect(violations).toEqual([
      { rule: 'soap-body', message: "OTA_HotelSearchRS is the document's root; put the OTA message in soap:Body inside soap:Envelope, as in Concur's example." },
    ]);
  });

  it('lists every rule a bad response breaks', () => {
    const xml = '<Envelope><OTA_HotelSearchRS><Error Code="424" ShortText="50.111,40.222,5,2"/><Error Code="1" Type="4"/></OTA_HotelSearchRS></Envelope>';
    expect(rules(xml)).toEqual(['soap-body', 'errors-wrapper', 'single-error', 'type-required', 'code-matches-type', 'detail-in-content']);
  });

  it('applies maxChars', () => {
    expect(rules(fixture('seed-002-no-availability.xml'), undefined)).toEqual([]);
    expect(validateOtaErrorResponse(fixture('seed-002-no-availability.xml'), { maxChars: 100 }).map((v) => v.rule)).toEqual(['well-formed']);
  });
});
