import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConcurApiError,
  ConflictError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../../src/index.js';
import { caught, concur, testClient } from '../support/helpers.js';

const FIELDS = { serverMessage: 'Something went wrong', serverTime: '2026-11-25T09:15:02', errorId: '4F1E0C2A-AAAA-BBBB-CCCC-0123456789AB' };
const inner = `<Message>${FIELDS.serverMessage}</Message><Server-Time>${FIELDS.serverTime}</Server-Time><Id>${FIELDS.errorId}</Id>`;

const SHAPES_WITH_FIELDS: Array<[string, string, string]> = [
  ['bare XML', 'application/xml', `<Error>${inner}</Error>`],
  ['XML with declaration and namespace', 'text/xml', `<?xml version="1.0" encoding="utf-8"?><Error xmlns="http://www.concursolutions.com/api/error">${inner}</Error>`],
  ['StatusCode/Content wrapper', 'application/xml', `<StatusCode>400</StatusCode><Content><Error>${inner}</Error></Content>`],
  ['JSON', 'application/json', JSON.stringify({ Error: { Message: FIELDS.serverMessage, 'Server-Time': FIELDS.serverTime, Id: FIELDS.errorId } })],
];

const SHAPES_WITHOUT_FIELDS: Array<[string, string, string | Buffer]> = [
  ['HTML page', 'text/html', '<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>'],
  ['empty body', 'application/xml', ''],
  ['truncated XML', 'application/xml', '<Error><Message>Somethi'],
  ['binary body', 'application/octet-stream', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0xff, 0x10])],
];

const STATUS_CLASSES: Array<[number, typeof ConcurApiError]> = [
  [400, BadRequestError],
  [401, UnauthorizedError],
  [403, ForbiddenError],
  [404, NotFoundError],
  [409, ConflictError],
  [429, TooManyRequestsError],
  [500, InternalServerError],
  [503, ServiceUnavailableError],
];

const OTHER_STATUSES = [302, 405, 408, 410, 412, 413, 422, 501, 502, 504, 505];

async function failWith(status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const { client } = testClient({ retry: false });
  concur().get('/api/expense/extract/v1.0/def1').reply(status, body, { 'Content-Type': contentType, ...headers });
  return (await caught(() => client.request({ method: 'GET', path: '/api/expense/extract/v1.0/def1' }))) as ConcurApiError;
}

describe('HTTP status → error class', () => {
  for (const [status, ErrorClass] of STATUS_CLASSES) {
    for (const [shape, contentType, body] of SHAPES_WITH_FIELDS) {
      it(`${status} with ${shape} → ${ErrorClass.name} carrying Message, Server-Time and Id`, async () => {
        const error = await failWith(status, contentType, body, { 'Concur-Correlationid': 'corr-123' });
        expect(error).toBeInstanceOf(ErrorClass);
        expect(error.constructor).toBe(ErrorClass);
        expect(error).toMatchObject({ status, ...FIELDS, correlationId: 'corr-123', method: 'GET', path: '/api/expense/extract/v1.0/def1', attempts: 1 });
        expect(error.message).toContain('GET /api/expense/extract/v1.0/def1');
        expect(error.message).toContain(FIELDS.serverMessage);
        expect(error.message).toContain('corr-123');
      });
    }
    for (const [shape, contentType, body] of SHAPES_WITHOUT_FIELDS) {
      it(`${status} with ${shape} → ${ErrorClass.name} without Concur's fields`, async () => {
        const error = await failWith(status, contentType, body);
        expect(error).toBeInstanceOf(ErrorClass);
        expect(error.status).toBe(status);
        expect(error.serverMessage).toBeUndefined();
        expect(error.serverTime).toBeUndefined();
        expect(error.errorId).toBeUndefined();
      });
    }
  }

  it.each(OTHER_STATUSES)('%i → plain ConcurApiError', async (status) => {
    const error = await failWith(status, 'application/xml', `<Error>${inner}</Error>`, { Location: 'https://elsewhere.example.com/' });
    expect(error.constructor).toBe(ConcurApiError);
    expect(error.status).toBe(status);
    expect(error.serverMessage).toBe(FIELDS.serverMessage);
  });

  it('keeps a bounded body and only safe headers', async () => {
    const error = await failWith(500, 'text/plain', 'x'.repeat(50_000), { 'Set-Cookie': 'session=abc', 'Retry-After': '5' });
    expect(error.body?.length).toBeLessThan(4200);
    expect(error.body).toContain('more characters');
    expect(error.headers).toEqual({ 'content-type': 'text/plain', 'retry-after': '5' });
  });

  it('reads the correlation id header in any case', async () => {
    const error = await failWith(404, 'application/xml', '', { 'CONCUR-CORRELATIONID': 'abc' });
    expect(error.correlationId).toBe('abc');
  });

  it('a final 404 with retry off says what to check, and neither that it gave up nor to contact Concur support', async () => {
    expect((await failWith(404, 'application/xml', '', { 'Concur-Correlationid': 'cid-404' })).message).toBe(
      'GET /api/expense/extract/v1.0/def1 failed with HTTP 404 Not Found. Something named in the path does not exist; check the id. Correlation id: cid-404.',
    );
  });

  it('a 503 with retry off gave up after its one attempt and names Concur support', async () => {
    expect((await failWith(503, 'application/xml', '')).message).toBe(
      'GET /api/expense/extract/v1.0/def1 failed with HTTP 503 Service Unavailable. Concur is down for maintenance. Gave up after 1 attempt; if this continues, contact Concur support at concurconnecttech@concur.com.',
    );
  });

  it('says what to do for each common status', async () => {
    expect((await failWith(409, 'application/xml', '')).message).toMatch(/already queued or running/);
    expect((await failWith(500, 'application/xml', '')).message).toMatch(/retrying will not help/);
    expect((await failWith(403, 'application/xml', '')).message).toMatch(/expired or been revoked/);
    expect((await failWith(401, 'application/xml', '')).message).toMatch(/Authorization header/);
  });
});
