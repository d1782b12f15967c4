import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../src/index.js';
import { concur, errorXml, testClient, XML, caught } from '../support/helpers.js';

describe('smoke', () => {
  it('retries a 503 and succeeds', async () => {
    const { client, delays } = testClient();
    concur().get('/api/x').reply(503, errorXml('Down'), XML).get('/api/x').reply(200, '<ok><a>1</a></ok>', XML);
    const res = await client.request({ method: 'GET', path: '/api/x' });
    expect(res.data).toEqual({ ok: { a: '1' } });
    expect(res.attempts).toBe(2);
    expect(delays).toEqual([300_000]);
  });
  it('gives up', async () => {
    const { client, delays } = testClient();
    concur().get('/api/x').times(4).reply(503, errorXml('Down'), XML);
    const error = await caught(() => client.request({ method: 'GET', path: '/api/x' }));
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    console.log((error as Error).message, delays);
  });
});
