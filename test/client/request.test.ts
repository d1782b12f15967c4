import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConcurResponseError, ConcurValidationError } from '../../src/index.js';
import { SDK_VERSION as SDK_VERSION_FOR_TESTS } from '../../src/version.js';
import { caught, concur, testClient, TOKEN } from '../support/helpers.js';
import { startScriptedServer } from '../support/scripted-server.js';

const PATH = '/api/expense/list/v1.0/abc/batch';

describe('request()', () => {
  it('sends the token, the default Accept and the User-Agent, and encodes the query', async () => {
    const { client } = testClient();
    const seen: Record<string, unknown> = {};
    concur()
      .post(PATH)
      .query({ type: 'create', parentCode: 'A B' })
      .reply(function reply() {
        Object.assign(seen, this.req.headers);
        return [200, '<list-item-batch-result/>', { 'Content-Type': 'application/xml' }];
      });
    await client.request({ method: 'POST', path: PATH, query: { type: 'create', parentCode: 'A B', unused: undefined }, body: '<list-item-batch/>' });
    expect(seen).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/xml',
      'content-type': 'application/xml; charset=utf-8',
      'user-agent': `concur-sdk/${SDK_VERSION_FOR_TESTS} node/${process.versions.node}`,
    });
  });

  it('sends bytes and JSON with Content-Length and the right Content-Type', async () => {
    const server = await startScriptedServer([{ status: 201 }, { status: 200 }, { status: 200 }]);
    try {
      const { client } = testClient({ baseUrl: server.url });
      const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
      await client.request({ method: 'POST', path: '/api/image/v1.0/receipt', body: image, headers: { 'Content-Type': 'image/png' } });
      await client.request({ method: 'POST', path: '/api/x', body: { a: 1 } });
      await client.request({ method: 'POST', path: '/api/x', body: new Uint8Array([1, 2, 3]) });
      expect(server.received.map((request) => [request.headers['content-type'], request.headers['content-length'], request.headers['transfer-encoding']])).toEqual([
        ['image/png', '6', undefined],
        ['application/json; charset=utf-8', '7', undefined],
        ['application/octet-stream', '3', undefined],
      ]);
    } finally {
      await server.close();
    }
  });

  it('sends a POST without a body with Content-Length 0 and no Content-Type', async () => {
    const server = await startScriptedServer([{ status: 200 }]);
    try {
      const { client } = testClient({ baseUrl: server.url });
      await client.request({ method: 'POST', path: '/api/expense/paymentbatch/v1.1/batch/x/close' });
      expect(server.received[0]?.headers['content-length']).toBe('0');
      expect(server.received[0]?.headers['content-type']).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('does not resend a request marked not idempotent after a failure that leaves its fate open', async () => {
    const { client, delays } = testClient();
    concur().post('/api/image/v1.0/report/r1').reply(504, '').post('/api/image/v1.0/report/r1').reply(503, '').post('/api/image/v1.0/report/r1').reply(201, '<Image/>', { 'Content-Type': 'application/xml' });
    const error = await caught(() => client.request({ method: 'POST', path: '/api/image/v1.0/report/r1', body: Buffer.from('%PDF'), idempotent: false }));
    expect(error).toMatchObject({ status: 504, attempts: 1 });
    expect((error as Error).message).toContain('must not run twice');
    const response = await client.request({ method: 'POST', path: '/api/image/v1.0/report/r1', body: Buffer.from('%PDF'), idempotent: false });
    expect(response.attempts).toBe(2);
    expect(delays).toEqual([300_000]);
  });

  it('reads XML, JSON, text and bytes', async () => {
    const { client } = testClient();
    concur()
      .get('/x').reply(200, '<?xml version="1.0"?><list xmlns="urn:l"><id>007</id><name>A &amp; B</name></list>', { 'Content-Type': 'application/xml' })
      .get('/j').reply(200, '{"a":[1,2]}', { 'Content-Type': 'application/json' })
      .get('/t').reply(200, 'id,name\n1,A', { 'Content-Type': 'text/csv' })
      .get('/b').reply(200, Buffer.from([80, 75, 3, 4]), { 'Content-Type': 'application/zip' })
      .get('/e').reply(201, '', { 'Content-Type': 'application/xml' });
    expect((await client.request({ method: 'GET', path: '/x' })).data).toEqual({ list: { id: '007', name: 'A & B' } });
    expect((await client.request({ method: 'GET', path: '/j' })).data).toEqual({ a: [1, 2] });
    expect((await client.request({ method: 'GET', path: '/t' })).data).toBe('id,name\n1,A');
    expect((await client.request({ method: 'GET', path: '/b' })).data).toEqual(Buffer.from([80, 75, 3, 4]));
    expect((await client.request({ method: 'GET', path: '/e' })).data).toBeUndefined();
  });

  it('fails with ConcurResponseError on a 2xx body that does not parse, and does not retry it', async () => {
    const { client, delays } = testClient();
    concur().get('/x').reply(200, '<list><id>1</list>', { 'Content-Type': 'application/xml' });
    const error = await caught(() => client.request({ method: 'GET', path: '/x' }));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect(error).toMatchObject({ status: 200, retryable: false, body: '<list><id>1</list>' });
    expect(delays).toEqual([]);
  });

  it('refuses a response over maxResponseBytes', async () => {
    const { client } = testClient({ maxResponseBytes: 1024 });
    concur().get('/big').reply(200, 'x'.repeat(5000), { 'Content-Type': 'text/plain' });
    const error = await caught(() => client.request({ method: 'GET', path: '/big' }));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('maxResponseBytes');
  });

  it.each([
    [{ headers: { Authorization: 'x' } }, 'Authorization'],
    [{ headers: { 'Transfer-Encoding': 'chunked' } }, 'Transfer-Encoding'],
    [{ headers: { 'content-length': '1' } }, 'content-length'],
    [{ headers: { 'X-Ok': 'a\r\nInjected: 1' } }, 'line breaks'],
    [{ headers: { 'Bad Name': 'x' } }, 'Bad Name'],
    [{ method: 'TRACE' }, 'TRACE'],
    [{ body: 42 }, 'body'],
    [{ responseType: 'yaml' }, 'responseType'],
  ])('refuses %j before sending', async (override, mention) => {
    const { client } = testClient();
    const scope = concur().get(/.*/).reply(200, '').post(/.*/).reply(200, '');
    const error = await caught(() => client.request({ method: 'GET', path: '/x', ...(override as object) }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as Error).message).toContain(mention);
    expect(scope.isDone()).toBe(false);
  });

  it('resends a read at once, without a policy wait, when a kept-alive socket was closed under it, and counts the send', async () => {
    // nock's interception hides `reusedSocket`; this test needs Node's own http client.
    nock.restore();
    const server = await startScriptedServer([
      { status: 200, body: '<a/>' },
      (request, response) => {
        expect(request.method).toBe('GET');
        response.socket?.destroy();
      },
      { status: 200, body: '<b/>' },
    ]);
    try {
      const { client, delays } = testClient({ baseUrl: server.url });
      await client.request({ method: 'GET', path: '/first' });
      const second = await client.request({ method: 'GET', path: '/second' });
      expect(second.data).toEqual({ b: '' });
      expect(second.attempts).toBe(2);
      expect(delays).toEqual([]);
      expect(server.received.map((request) => request.url)).toEqual(['/first', '/second', '/second']);
    } finally {
      await server.close();
      nock.activate();
    }
  });
});
