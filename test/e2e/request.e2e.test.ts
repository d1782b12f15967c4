import { afterEach, describe, expect, it } from 'vitest';
import { CITIES_ID, closeSimulators, connect, first, simulator } from './support.js';

// End-to-end: the raw request() method of a ConcurClient pointed at a simulator on a real local
// port, asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

afterEach(closeSimulators);

describe('request()', () => {
  it('a raw GET: parsed XML, text and bytes, with the correlation id of the response', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const response = await concur.request<{ lists: { list: Record<string, string> } }>({ method: 'GET', path: '/api/expense/list/v1.0/' });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(1);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(response.data.lists.list).toMatchObject({ id: `${sim.linkOrigin}/api/expense/list/v1.0/${CITIES_ID}`, name: 'Cities', levels: '2' });
    expect(response.correlationId).toBe(first(sim.state.requests).correlationId);
    expect(first(sim.state.requests).headers).toMatchObject({ accept: 'application/xml', authorization: 'Bearer [redacted]' });

    const text = await concur.request<string>({ method: 'GET', path: '/api/expense/attendee/v1.0/type', responseType: 'text' });
    expect(text.data).toContain('<type>BUSGUEST</type>');
    const bytes = await concur.request<Buffer>({ method: 'GET', path: `/api/expense/list/v1.0/${encodeURIComponent(CITIES_ID)}/items`, query: { parentCode: 'FR' }, responseType: 'binary' });
    expect(Buffer.isBuffer(bytes.data)).toBe(true);
    expect(bytes.data.toString('utf8')).toContain('<name>Paris</name>');
    expect(sim.state.requests[2]?.query).toEqual({ parentCode: 'FR' });
  });

  it('a raw POST: an XML body sent with Content-Length, and its batch result', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const body =
      '<?xml version="1.0" encoding="utf-8"?><list-item-batch xmlns="http://www.concursolutions.com/api/expense/list/2010/02">' +
      '<list-item><name>Lyon</name><level1code>FR</level1code><level2code>LYS</level2code></list-item>' +
      '<list-item><name>Paris</name><level1code>FR</level1code><level2code>PAR</level2code></list-item>' +
      '</list-item-batch>';
    const response = await concur.request<Record<string, Record<string, unknown>>>({
      method: 'POST',
      path: `/api/expense/list/v1.0/${encodeURIComponent(CITIES_ID)}/batch`,
      query: { type: 'create' },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.data['list-item-batch-result']).toMatchObject({
      'records-succeeded': '1',
      'records-failed': '1',
      errors: { error: { code: '2004', 'list-item-code': 'PAR', message: 'The item already exists.' } },
    });
    expect(sim.state.lists.get(CITIES_ID)?.item(['FR', 'LYS'])?.name).toBe('Lyon');
    const entry = first(sim.state.requests);
    expect(entry.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(entry.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(entry.headers['transfer-encoding']).toBeUndefined();
  });
});
