import { describe, expect, it } from 'vitest';
import { prepareRequest } from '../../src/core/prepare.js';
import { ConcurValidationError, type ConcurRequest } from '../../src/index.js';
import { caught, concur, testClient } from '../support/helpers.js';

// What client.request() sends for each method and response type, and which caller headers it
// refuses before anything is sent.

function capture(method: string, path: string, into: Array<Record<string, unknown>>): void {
  concur()
    .intercept(path, method)
    .reply(function reply() {
      into.push({ method: this.req.method, ...this.req.headers });
      return this.req.headers.accept === 'application/json' ? [200, '{}', { 'Content-Type': 'application/json' }] : [200, '<ok/>', { 'Content-Type': 'application/xml' }];
    });
}

describe('methods', () => {
  it.each(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'])('sends %s, also when given in lower case', async (method) => {
    const seen: Array<Record<string, unknown>> = [];
    capture(method, '/api/x', seen);
    capture(method, '/api/x', seen);
    const { client } = testClient();
    await client.request({ method: method as ConcurRequest['method'], path: '/api/x' });
    await client.request({ method: method.toLowerCase() as ConcurRequest['method'], path: '/api/x' });
    expect(seen.map((request) => request.method)).toEqual([method, method]);
  });

  it.each(['TRACE', 'HEAD', 'CONNECT', '', 42, undefined])('refuses method %j before sending', async (method) => {
    const error = await caught(() => testClient().client.request({ method: method as never, path: '/api/x' }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as ConcurValidationError).field).toBe('method');
    expect((error as Error).message).toMatch(/^method must be one of GET, POST, PUT, DELETE, PATCH \(got .*\)\.$/);
  });
});

describe('the Accept header follows responseType', () => {
  it.each([
    [undefined, 'application/xml'],
    ['auto', 'application/xml'],
    ['xml', 'application/xml'],
    ['json', 'application/json'],
    ['text', '*/*'],
    ['binary', '*/*'],
  ] as const)('responseType %s: Accept %s', async (responseType, accept) => {
    const seen: Array<Record<string, unknown>> = [];
    capture('GET', '/api/x', seen);
    await testClient().client.request({ method: 'GET', path: '/api/x', ...(responseType === undefined ? {} : { responseType }) });
    expect(seen[0]?.accept).toBe(accept);
  });

  it.each(['yaml', 'XML', '', 'toString', 7])('refuses responseType %j, listing the types', async (responseType) => {
    const error = await caught(() => testClient().client.request({ method: 'GET', path: '/api/x', responseType: responseType as never }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as ConcurValidationError).field).toBe('responseType');
    expect((error as Error).message).toMatch(/^responseType must be one of auto, xml, json, text, binary \(got .*\)\.$/);
  });
});

describe('caller headers', () => {
  it.each(['Authorization', 'Host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Proxy-Authorization', 'TE', 'Upgrade'])(
    'refuses %s in any case: the client sets it, or it would change the connection',
    async (name) => {
      const scope = concur().get('/api/x').reply(200, '<a/>');
      const { client } = testClient();
      for (const spelled of [name, name.toLowerCase(), name.toUpperCase()]) {
        const error = await caught(() => client.request({ method: 'GET', path: '/api/x', headers: { [spelled]: 'x' } }));
        expect(error).toBeInstanceOf(ConcurValidationError);
        expect((error as ConcurValidationError).field).toBe('headers');
        expect((error as Error).message).toBe(`The header "${spelled}" cannot be set by the caller.`);
      }
      expect(scope.isDone()).toBe(false);
    },
  );

  it('sends other headers as given, after the default Accept, which a caller may replace', async () => {
    const seen: Array<Record<string, unknown>> = [];
    capture('GET', '/api/x', seen);
    capture('GET', '/api/x', seen);
    const { client } = testClient();
    await client.request({ method: 'GET', path: '/api/x', headers: { 'X-Request-Tag': 'batch 7', 'If-None-Match': '"abc"' } });
    await client.request({ method: 'GET', path: '/api/x', headers: { Accept: 'text/csv' } });
    expect(seen[0]).toMatchObject({ 'x-request-tag': 'batch 7', 'if-none-match': '"abc"', accept: 'application/xml' });
    expect(seen[1]?.accept).toBe('text/csv');
  });

  it.each([
    ['X-Tag', 'a\nb'],
    ['X-Tag', 'a\u0000b'],
    ['X-Tag', 'a\u007fb'],
    ['X-Tag', 7],
  ])('refuses %s: %j (a line break, a control character, not a string)', async (name, value) => {
    const error = await caught(() => testClient().client.request({ method: 'GET', path: '/api/x', headers: { [name]: value as string } }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as ConcurValidationError).field).toBe('headers');
    expect((error as Error).message).toMatch(/^The header "X-Tag" must be a string without line breaks or control characters \(got (string|number)\)\.$/);
  });

  it('takes a tab inside a header value', async () => {
    const seen: Array<Record<string, unknown>> = [];
    capture('GET', '/api/x', seen);
    await testClient().client.request({ method: 'GET', path: '/api/x', headers: { 'X-Tag': 'a\tb' } });
    expect(seen[0]?.['x-tag']).toBe('a\tb');
  });

  it.each([null, 'Accept: x', 5])('refuses headers %j that are not an object', async (headers) => {
    const error = await caught(() => testClient().client.request({ method: 'GET', path: '/api/x', headers: headers as never }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as ConcurValidationError).field).toBe('headers');
  });
});

describe('a request that cannot be sent is refused before anything is sent, saying why', () => {
  const refused = async (request: unknown): Promise<ConcurValidationError> => {
    const error = await caught(() => testClient().client.request(request as ConcurRequest));
    expect(error).toBeInstanceOf(ConcurValidationError);
    return error as ConcurValidationError;
  };

  it.each(['X Tag', 'X-Tag:', 'Ünicode', '', '(x)'])('a header name %j that is not an HTTP token', async (name) => {
    expect(await refused({ method: 'GET', path: '/api/x', headers: { [name]: 'v' } })).toMatchObject({
      field: 'headers',
      message: `The header "${name}" cannot be set by the caller.`,
    });
  });

  it('quotes at most 60 characters of a refused header name', async () => {
    const name = `X ${'a'.repeat(100)}`;
    expect((await refused({ method: 'GET', path: '/api/x', headers: { [name]: 'v' } })).message).toBe(`The header "${name.slice(0, 60)}" cannot be set by the caller.`);
  });

  it.each([
    ['no request at all', null, 'request() needs { method, path } (got null).', 'request'],
    ['a string for a request', 'GET /api/x', 'request() needs { method, path } (got string).', 'request'],
    ['a responseType in an array', { method: 'GET', path: '/api/x', responseType: ['json'] }, 'responseType must be one of auto, xml, json, text, binary (got array).', 'responseType'],
    ['download as a string', { method: 'GET', path: '/api/x', download: 'yes' }, 'download must be true or false (got string "yes").', 'download'],
    ['a signal look-alike', { method: 'GET', path: '/api/x', signal: { aborted: false } }, 'signal must be an AbortSignal, e.g. AbortSignal.timeout(60_000) (got object).', 'signal'],
    ['headers as a string', { method: 'GET', path: '/api/x', headers: 'Accept: x' }, 'headers must be an object of header names and values (got string).', 'headers'],
    ['a number body', { method: 'POST', path: '/api/x', body: 42 }, 'The body must be a string, bytes, or a JSON object (got number).', 'body'],
    ['a null body', { method: 'POST', path: '/api/x', body: null }, 'The body must be a string, bytes, or a JSON object (got null).', 'body'],
    ['a BigInt in a JSON body', { method: 'POST', path: '/api/x', body: { amount: 10n } }, 'The body cannot be sent as JSON: Do not know how to serialize a BigInt.', 'body'],
  ])('%s', async (_label, request, message, field) => {
    expect(await refused(request)).toMatchObject({ field, message });
  });

  it('a body whose toJSON throws, quoting 200 characters of what it threw', async () => {
    const thrown = (value: unknown) => ({ toJSON: () => { throw value; } });
    expect((await refused({ method: 'POST', path: '/api/x', body: thrown('not serialisable') })).message).toBe('The body cannot be sent as JSON: not serialisable.');
    expect((await refused({ method: 'POST', path: '/api/x', body: thrown(new Error('x'.repeat(300))) })).message).toBe(`The body cannot be sent as JSON: ${'x'.repeat(200)}.`);
  });

  it('a body of exactly 32 MB is taken, with its length', () => {
    const prepared = prepareRequest({ method: 'POST', path: '/api/x', body: new Uint8Array(32 * 1024 * 1024) });
    expect(prepared.body?.length).toBe(32 * 1024 * 1024);
    expect(prepared.headers['Content-Type']).toBe('application/octet-stream');
  });

  it('a body over 32 MB', async () => {
    expect(await refused({ method: 'POST', path: '/api/x', body: new Uint8Array(32 * 1024 * 1024 + 1) })).toMatchObject({
      field: 'body',
      message: 'The body is 33554433 bytes; the client sends at most 33554432 (a 10 MB image or a 1000-item batch fits with room to spare).',
    });
  });
});
