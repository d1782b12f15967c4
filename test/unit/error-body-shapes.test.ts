import { describe, expect, it } from 'vitest';
import { parseErrorBody } from '../../src/xml/error-body.js';

// The edges of parseErrorBody: which fields it takes from each shape, and which bodies it leaves
// unread (error-body.test.ts has the documented shapes).

const LIMIT = 64 * 1024;

/** An `<Error>` whose Message pads the body to exactly `length` characters. */
function errorOfLength(length: number): string {
  const shell = '<Error><Message></Message></Error>';
  return `<Error><Message>${'m'.repeat(length - shell.length)}</Message></Error>`;
}

describe('parseErrorBody: size and content limits', () => {
  it('reads a body of exactly 64 KiB, and leaves a longer one unread', () => {
    expect(parseErrorBody(errorOfLength(LIMIT)).message).toHaveLength(LIMIT - 34);
    expect(parseErrorBody(errorOfLength(LIMIT + 1))).toStrictEqual({});
  });

  it('measures the limit after trimming surrounding whitespace', () => {
    expect(parseErrorBody(`\n  ${errorOfLength(LIMIT)}  \n`).message).toHaveLength(LIMIT - 34);
  });

  it('reads the StatusCode / Content pair without a root up to the same limit', () => {
    const pair = (length: number): string => {
      const shell = '<StatusCode>500</StatusCode><Content><Error><Message></Message></Error></Content>';
      return `<StatusCode>500</StatusCode><Content><Error><Message>${'m'.repeat(length - shell.length)}</Message></Error></Content>`;
    };
    expect(parseErrorBody(pair(LIMIT)).message).toMatch(/^m+$/);
    expect(parseErrorBody(pair(LIMIT + 1))).toStrictEqual({});
  });

  it('leaves a body holding NUL unread, and keeps a byte order mark inside the message', () => {
    expect(parseErrorBody('<Error><Message>a\u0000b</Message></Error>')).toStrictEqual({});
    expect(parseErrorBody('<Error><Message>a\uFEFFb</Message></Error>')).toStrictEqual({ message: 'a\uFEFFb' });
    expect(parseErrorBody('\uFEFF{"Message":"m"}')).toStrictEqual({ message: 'm' });
  });

  it.each([
    ['an upper-case HTML page', '<HTML><BODY><Error><Message>x</Message></Error></BODY></HTML>'],
    ['an HTML page with attributes', '<html lang="en"><body><Error><Message>x</Message></Error></body></html>'],
    ['an HTML page on a new line', '<html\n><Error><Message>x</Message></Error></html>'],
    ['a JSON array', '[{"Message":"x"}]'],
    ['a JSON string', '"x"'],
    ['JSON with an empty Error', '{"Error":null}'],
    ['an empty Error element', '<Error></Error>'],
    ['an Error element of spaces', '<Error>   </Error>'],
    ['a Message nested deeper than the Error wrapper', '<Response><Detail><Message>x</Message></Detail></Response>'],
    ['only an OAuth code', '{"code":108}'],
    ['text that merely quotes an Error element', 'Proxy error: upstream said <Error><Message>m</Message></Error>'],
    ['a body cut off before </Error>', '<Error><Message>Service unavailable</Message>'],
    ['mismatched tags', '<Error><Message>a</Mesage></Error>'],
    ['a bare & in the message', '<Error><Message>a & b</Message></Error>'],
  ])('gives no fields for %s', (_, body) => {
    expect(parseErrorBody(body)).toStrictEqual({});
  });
});

describe('parseErrorBody: field extraction', () => {
  it('reads an Error whose text is the message, in XML and in JSON', () => {
    expect(parseErrorBody('<Error> Report not found </Error>')).toStrictEqual({ message: 'Report not found' });
    expect(parseErrorBody('{"Error":"Report not found"}')).toStrictEqual({ message: 'Report not found' });
    expect(parseErrorBody('{"Error":["first","second"]}')).toStrictEqual({ message: 'first' });
  });

  it('reads the first of several Error elements, and the first of several Messages', () => {
    const body = '<Errors><Error><Message>first</Message><Message>also first</Message></Error><Error><Message>second</Message></Error></Errors>';
    expect(parseErrorBody(body)).toStrictEqual({ message: 'first' });
  });

  it('finds Error under up to six wrappers, not seven', () => {
    const wrapped = (levels: number): string => `${'<w>'.repeat(levels)}<Error><Message>deep</Message></Error>${'</w>'.repeat(levels)}`;
    expect(parseErrorBody(wrapped(6))).toStrictEqual({ message: 'deep' });
    expect(parseErrorBody(wrapped(7))).toStrictEqual({});
  });

  it('reads each field on its own, trimmed, and skips empty ones', () => {
    expect(parseErrorBody('<Error><Server-Time> 2024-01-01T00:00:00 </Server-Time></Error>')).toStrictEqual({ serverTime: '2024-01-01T00:00:00' });
    expect(parseErrorBody('<Error><Id>E1</Id><Message>  </Message></Error>')).toStrictEqual({ id: 'E1' });
    expect(parseErrorBody('{"Error":{"Message":"  m  ","Id":42,"Server-Time":null}}')).toStrictEqual({ message: 'm', id: '42' });
    expect(parseErrorBody('{"Error":{"Message":true}}')).toStrictEqual({ message: 'true' });
  });

  it('matches field names in any case, as Concur varies them', () => {
    expect(parseErrorBody('<Error><message>m</message><server-time>t</server-time><ID>i</ID></Error>')).toStrictEqual({ message: 'm', serverTime: 't', id: 'i' });
  });

  it("prefers Concur's Message to the OAuth2 fields, and reads the OAuth2 error without a description or code", () => {
    expect(parseErrorBody('{"Message":"concur","error":"invalid_grant","error_description":"oauth","code":1}')).toStrictEqual({ message: 'concur' });
    expect(parseErrorBody('{"error":"invalid_client"}')).toStrictEqual({ message: 'invalid_client' });
    expect(parseErrorBody('{"error":"invalid_client","code":"7"}')).toStrictEqual({ message: 'invalid_client (code 7)' });
    expect(parseErrorBody('{"error":"invalid_grant","error_description":"Token expired"}')).toStrictEqual({ message: 'Token expired' });
    // A lower-case <error> is not Concur's <Error>; its text still reaches the user, as the OAuth2 field.
    expect(parseErrorBody('<error><Message>x</Message><Id>i</Id></error>')).toStrictEqual({ message: 'x i' });
  });
});
