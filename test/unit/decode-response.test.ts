import { describe, expect, it } from 'vitest';
import { decodeResponse } from '../../src/core/decode.js';
import type { ResponseType } from '../../src/core/prepare.js';
import type { OutgoingRequest, RawResponse } from '../../src/core/transport.js';
import { ConcurResponseError } from '../../src/index.js';

// How a 2xx body reaches the caller: read by its Content-Type (or the responseType asked for),
// secrets the server echoed removed, the response's facts (attempts, bytes, correlation id) kept.

const SECRET = 'tok3nS3cr3tValue99';
const request: OutgoingRequest = { method: 'GET', path: '/api/x', query: '', headers: {} };

function raw(body: string | Buffer, headers: Record<string, string> = {}, status = 200): RawResponse {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return { status, headers, body: bytes, resends: 0, bytes: bytes.length };
}

function decode(response: RawResponse, responseType: ResponseType = 'auto', secrets: readonly string[] = []) {
  return decodeResponse(response, 1, false, responseType, request, secrets);
}

describe('the body is read by its Content-Type', () => {
  it.each([
    ['application/xml; charset=utf-8', { a: '1' }],
    ['text/xml', { a: '1' }],
    ['Application/XML', { a: '1' }],
    ['application/atom+xml', { a: '1' }],
  ])('%s is XML', (contentType, data) => {
    expect(decode(raw('<a>1</a>', { 'content-type': contentType })).data).toEqual(data);
  });

  it.each(['application/json', 'application/problem+json; charset=utf-8', 'APPLICATION/JSON'])('%s is JSON', (contentType) => {
    expect(decode(raw('{"a":[1]}', { 'content-type': contentType })).data).toEqual({ a: [1] });
  });

  it.each(['text/csv', 'text/plain; charset=utf-8', 'TEXT/HTML'])('%s is text', (contentType) => {
    expect(decode(raw('id,name\n1,Oslo', { 'content-type': contentType })).data).toBe('id,name\n1,Oslo');
  });

  it('any other type, or none, is bytes', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
    expect(decode(raw(zip, { 'content-type': 'application/zip' })).data).toEqual(zip);
    expect(decode(raw(zip)).data).toEqual(zip);
  });

  it('an empty body without a type is empty text', () => {
    expect(decode(raw('')).data).toBe('');
  });

  it('an empty or blank XML or JSON body is undefined', () => {
    expect(decode(raw('', { 'content-type': 'application/xml' })).data).toBeUndefined();
    expect(decode(raw(' \r\n ', { 'content-type': 'application/xml' })).data).toBeUndefined();
    expect(decode(raw('\n', { 'content-type': 'application/json' })).data).toBeUndefined();
  });

  it('the responseType asked for wins over the Content-Type', () => {
    const body = raw('{"a":1}', { 'content-type': 'application/xml' });
    expect(decode(body, 'json').data).toEqual({ a: 1 });
    expect(decode(body, 'text').data).toBe('{"a":1}');
    expect(decode(body, 'binary').data).toEqual(Buffer.from('{"a":1}'));
    expect(decode(raw('<a>2</a>', { 'content-type': 'application/json' }), 'xml').data).toEqual({ a: '2' });
  });
});

describe('a body that does not parse', () => {
  it('invalid JSON is a ConcurResponseError that says so and keeps the body', () => {
    let error: unknown;
    try {
      decode(raw('{"a":', { 'content-type': 'application/json' }, 201));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect(error).toMatchObject({ status: 201, body: '{"a":', mayHaveBeenProcessed: true, method: 'GET', path: '/api/x', attempts: 1 });
    expect((error as Error).message).toBe('GET /api/x returned HTTP 201 that cannot be used: its body is not valid JSON.');
    expect((error as Error).cause).toBeInstanceOf(SyntaxError);
  });

  it('malformed XML is a ConcurResponseError naming the parser’s problem', () => {
    expect(() => decode(raw('<a><b></a>', { 'content-type': 'application/xml' }))).toThrow(
      /^GET \/api\/x returned HTTP 200 that cannot be used: its body is not usable XML \(Malformed XML at line 1: .+\)\.$/,
    );
  });
});

describe('secrets the server echoed', () => {
  it('are removed from text and headers; a header carrying a credential is dropped', () => {
    const response = decode(
      raw(`echo ${SECRET}`, { 'content-type': 'text/plain', 'x-echo': `Bearer ${SECRET}`, 'set-cookie': 'session=1', 'concur-correlationid': 'cid-1' }),
      'auto',
      [SECRET],
    );
    expect(response.data).toBe('echo [REDACTED]');
    expect(response.headers).toEqual({ 'content-type': 'text/plain', 'x-echo': 'Bearer [REDACTED]', 'concur-correlationid': 'cid-1' });
  });

  it.each([
    ['a comment', `<a>${SECRET.slice(0, 6)}<!-- cut -->${SECRET.slice(6)}</a>`],
    ['a CDATA boundary', `<a>${SECRET.slice(0, 6)}<![CDATA[${SECRET.slice(6)}]]></a>`],
    ['a character reference', `<a>${SECRET.slice(0, 6)}&#${SECRET.charCodeAt(6)};${SECRET.slice(7)}</a>`],
  ])('split in XML by %s are removed from the parsed data', (_how, xml) => {
    const response = decode(raw(xml, { 'content-type': 'application/xml' }), 'auto', [SECRET]);
    expect(JSON.stringify(response.data)).not.toContain(SECRET);
    expect(response.data).toEqual({ a: '[REDACTED]' });
  });

  it('split in JSON by an escaped letter are removed from the parsed data', () => {
    const escaped = `${SECRET.slice(0, 6)}\\u${SECRET.charCodeAt(6).toString(16).padStart(4, '0')}${SECRET.slice(7)}`;
    const response = decode(raw(`{"token":"${escaped}"}`, { 'content-type': 'application/json' }), 'auto', [SECRET]);
    expect(response.data).toEqual({ token: '[REDACTED]' });
  });

  it('a binary body is handed over as it came', () => {
    const bytes = Buffer.from(`PK ${SECRET}`);
    expect(decode(raw(bytes, { 'content-type': 'application/zip' }), 'auto', [SECRET]).data).toEqual(bytes);
  });
});

describe('the response’s facts', () => {
  it('status, correlation id, attempts, bytes and whether an earlier attempt may have been processed', () => {
    const body = raw('<ok/>', { 'content-type': 'application/xml', 'concur-correlationid': 'cid-42' }, 201);
    const response = decodeResponse(body, 3, true, 'auto', request, []);
    expect(response).toEqual({
      status: 201,
      headers: { 'content-type': 'application/xml', 'concur-correlationid': 'cid-42' },
      data: { ok: '' },
      correlationId: 'cid-42',
      attempts: 3,
      mayHaveBeenProcessedBefore: true,
      bytes: 5,
    });
    expect(decode(raw('<ok/>')).correlationId).toBeUndefined();
  });
});
