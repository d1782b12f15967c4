import { describe, expect, it } from 'vitest';
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
