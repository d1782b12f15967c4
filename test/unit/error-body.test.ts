import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/xml/error-body.js';

const FIELDS = { message: 'Invalid Definition ID', serverTime: '2017-06-22T16:51:37', id: 'A3D4F0E2-1B2C-4D5E-8F90-123456789ABC' };
const inner = `<Message>${FIELDS.message}</Message><Server-Time>${FIELDS.serverTime}</Server-Time><Id>${FIELDS.id}</Id>`;

describe('parseErrorBody', () => {
  it.each([
    ['bare <Error>', `<Error>${inner}</Error>`],
    ['bare <Error> with an XML declaration', `<?xml version="1.0" encoding="utf-8"?>\n<Error>${inner}</Error>`],
    ['<Error> in a default namespace', `<Error xmlns="http://www.concursolutions.com/api/error/2010/02">${inner}</Error>`],
    ['<Error> with a prefix and xsi namespace', `<e:Error xmlns:e="urn:x" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><e:Message>${FIELDS.message}</e:Message><e:Server-Time>${FIELDS.serverTime}</e:Server-Time><e:Id>${FIELDS.id}</e:Id></e:Error>`],
    ['StatusCode / Content / Error wrapper under a root', `<Response><StatusCode>404</StatusCode><Content><Error>${inner}</Error></Content></Response>`],
    ['StatusCode and Content side by side, no root', `<StatusCode>404</StatusCode><Content><Error>${inner}</Error></Content>`],
    ['JSON {"Error": {...}}', JSON.stringify({ Error: { Message: FIELDS.message, 'Server-Time': FIELDS.serverTime, Id: FIELDS.id } })],
    ['JSON wrapper', JSON.stringify({ StatusCode: 404, Content: { Error: { Message: FIELDS.message, 'Server-Time': FIELDS.serverTime, Id: FIELDS.id } } })],
    ['a byte-order mark and surrounding blank lines', `\uFEFF\n\n<Error>${inner}</Error>\n`],
  ])('reads %s', (_label, body) => {
    expect(parseErrorBody(body)).toEqual(FIELDS);
  });

  it('keeps leading zeros and entity-decoded text as text', () => {
    expect(parseErrorBody('<Error><Message>a &amp; b &lt;c&gt;</Message><Id>00123</Id></Error>')).toEqual({ message: 'a & b <c>', id: '00123' });
  });

  it('flattens a Message that holds nested XML into its text', () => {
    const body = '<Error><Message><TravelProfileResponseMessage><Text>Bad login</Text></TravelProfileResponseMessage></Message></Error>';
    expect(parseErrorBody(body).message).toBe('Bad login');
  });

  it('reads the OAuth2 token endpoint error shape', () => {
    expect(parseErrorBody('{"code":108,"error":"invalid_grant","error_description":"Bad or expired refresh token"}')).toEqual({
      message: 'Bad or expired refresh token (code 108)',
    });
  });

  it('reads a top-level JSON Message', () => {
    expect(parseErrorBody('{"Message":"Not found","Id":"x1"}')).toEqual({ message: 'Not found', id: 'x1' });
  });

  it.each([
    ['an HTML maintenance page', '<!DOCTYPE html><html><head><title>503</title></head><body><h1>Down for maintenance</h1><p>Error</p></body></html>'],
    ['an HTML page without doctype', '<html><body><div><Error>x</Error></div></body></html>'],
    ['an empty body', ''],
    ['whitespace', '   \n'],
    ['a body truncated inside Message', '<Error><Message>Service unav'],
    ['a body truncated after Message', '<Error><Message>Service unavailable</Message><Server-Ti'],
    ['truncated JSON', '{"Error":{"Message":"Serv'],
    ['binary bytes', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0x3c]).toString('utf8')],
    ['plain text', 'Service Unavailable'],
    ['an Error with no known children', '<Error><Code>12</Code></Error>'],
  ])('gives no fields for %s', (_label, body) => {
    expect(parseErrorBody(body)).toEqual({});
  });

  it('refuses hostile XML without throwing', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]><Error><Message>&f;</Message></Error>`;
    // Expansion beyond the parser's limits is refused: the entity is left as written.
    expect((parseErrorBody(laughs).message ?? '').length).toBeLessThan(100);
    expect(parseErrorBody('<Error><__proto__><polluted>1</polluted></__proto__><Message>m</Message></Error>')).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseErrorBody(`${'<a>'.repeat(500)}${'</a>'.repeat(500)}`)).toEqual({});
    expect(parseErrorBody(`<Error><Message>${'x'.repeat(200_000)}</Message></Error>`)).toEqual({});
  });
});
