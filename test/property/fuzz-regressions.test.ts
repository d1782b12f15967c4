import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurClient, ConcurResponseError } from '../../src/index.js';
import { integerOf } from '../../src/services/service.js';
import { childOf, deepText, isElement } from '../../src/xml/nodes.js';
import { startRawServer, type RawServer } from '../support/raw-server.js';

// Defects `npm run fuzz` found (seed 20261130), each pinned with the body that showed it. Before
// the fixes, a 200 whose body a typed read could not use rejected with a plain TypeError or
// RangeError instead of a ConcurResponseError, and 400-digit counters read as Infinity.

let server: RawServer;
let answer: { contentType: string; body: Buffer | string } = { contentType: 'application/xml', body: '' };

beforeAll(async () => {
  server = await startRawServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': answer.contentType });
    res.end(answer.body);
  });
});

afterAll(() => server.close());

function client(): ConcurClient {
  return new ConcurClient({ baseUrl: server.url, accessToken: 'fuzz-regression-token', retry: false });
}

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe('a 2xx JSON body whose Error member is not an element', () => {
  it('null (fuzz case 43): ConcurResponseError, not TypeError', async () => {
    answer = { contentType: 'application/json', body: '{"Error": null}' };
    const error = await rejection(client().listItems.getLists());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('returned HTTP 200 but it holds an empty error.');
  });

  it('nested 200,000 arrays deep (fuzz case 436): ConcurResponseError, not RangeError', async () => {
    answer = { contentType: 'application/json', body: `{"Error": ${'['.repeat(200_000)}"deep"${']'.repeat(200_000)}}` };
    const error = await rejection(client().users.get());
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toContain('it holds an error: deep');
  });

  it('deepText keeps document order, skips attributes and values that are not text', () => {
    expect(deepText({ a: 'x', b: { '@_id': 'attr', c: 'y', d: ['z', null as never, 5 as never, 'w'] }, e: '' })).toBe('x y z w');
    expect(deepText(null as never)).toBe('');
  });
});

describe('a 2xx body read as bytes is not an element', () => {
  it('childOf a Buffer finds nothing (it used to list every byte as a key)', () => {
    const bytes = Buffer.from('abc');
    expect(isElement(bytes as never)).toBe(false);
    expect(childOf(bytes as never, '0')).toBeUndefined();
  });

  it('a typed read answered with application/octet-stream fails as a response error', async () => {
    answer = { contentType: 'application/octet-stream', body: Buffer.alloc(64 * 1024, 0x41) };
    const error = await rejection(client().listItems.getLists());
    expect(error).toBeInstanceOf(ConcurResponseError);
  });
});

describe('counters and amounts too large to be numbers', () => {
  const huge = '9'.repeat(400);

  it('integerOf reads only whole numbers a number holds exactly', () => {
    expect(integerOf(huge)).toBeUndefined();
    expect(integerOf('9007199254740993')).toBeUndefined();
    expect(integerOf(' 42 ')).toBe(42);
    expect(integerOf('-3')).toBe(-3);
  });

  it('a list whose levels has 400 digits (fuzz case 1526) reads as 1 level, not Infinity', async () => {
    answer = { contentType: 'application/xml', body: `<lists><list><id>https://www.concursolutions.com/api/expense/list/v1.0/L$1</id><levels>${huge}</levels></list></lists>` };
    const [list] = await client().listItems.getLists();
    expect(list?.levels).toBe(1);
  });

  it('a payment batch whose total and count have 400 digits (fuzz case 339) reads them as 0', async () => {
    answer = { contentType: 'application/xml', body: `<BatchList><BatchSummary><BatchTotal>${huge}.5</BatchTotal><Count>${huge}</Count></BatchSummary></BatchList>` };
    const [batch] = await client().paymentBatches.list();
    expect(batch?.batchTotal).toBe(0);
    expect(batch?.count).toBe(0);
  });
});
