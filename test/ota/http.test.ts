import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConcurApiError } from '../../src/errors/api-error.js';
import { ConcurValidationError } from '../../src/errors/validation-errors.js';
import { ForbiddenError, InternalServerError, NotFoundError, ServiceUnavailableError, UnauthorizedError } from '../../src/errors/status-errors.js';
import {
  OtaApplicationError,
  OtaError,
  OtaUnreadableResponseError,
  buildOtaErrorResponse,
  otaErrorFromHttp,
  readOtaHttpResponse,
  type OtaHttpResponse,
  type ReadOtaHttpResponseOptions,
} from '../../src/ota/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ota/${name}`, import.meta.url), 'utf8');

function thrownBy(response: OtaHttpResponse, options?: ReadOtaHttpResponseOptions): unknown {
  try {
    readOtaHttpResponse(response, options);
  } catch (error) {
    return error;
  }
  throw new Error('expected readOtaHttpResponse to throw');
}

describe('readOtaHttpResponse', () => {
  it('returns the message of a 2xx response without Error', () => {
    const message = readOtaHttpResponse({ status: 200, body: fixture('search-success.xml') });
    expect(message.name).toBe('OTA_HotelSearchRS');
    expect(message.echoToken).toBe('echo-ok');
  });

  it('throws the OtaError of a 2xx response with an Error', () => {
    const error = thrownBy({ status: 200, headers: { 'Content-Type': 'text/xml' }, body: fixture('seed-002-no-availability.xml') });
    expect(error).toBeInstanceOf(OtaApplicationError);
    expect((error as OtaError).code).toBe('322');
  });

  it('throws an unreadable-response error for an empty 2xx body', () => {
    expect(thrownBy({ status: 204 })).toBeInstanceOf(OtaUnreadableResponseError);
  });

  it('maps a supplier’s HTTP 403 to ForbiddenError, with a message about the supplier’s credentials', () => {
    const error = thrownBy({ status: 403, statusText: 'Forbidden', body: '' }, { method: 'POST', path: '/hotel/search' });
    expect(error).toBeInstanceOf(ForbiddenError);
    const forbidden = error as ForbiddenError;
    expect(forbidden.status).toBe(403);
    expect(forbidden.name).toBe('ForbiddenError');
    expect(forbidden.method).toBe('POST');
    expect(forbidden.path).toBe('/hotel/search');
    expect(forbidden.retryable).toBe(false);
    expect(forbidden.message).toBe(
      'POST /hotel/search: the supplier answered HTTP 403 Forbidden. The supplier refused the credentials sent with the request (Concur expects authentication failures as HTTP 403, not as OTA error type 4): check the credentials configured for this supplier.',
    );
  });

  it.each([
    [401, UnauthorizedError],
    [404, NotFoundError],
    [500, InternalServerError],
    [503, ServiceUnavailableError],
    [418, ConcurApiError],
  ])('maps HTTP %i through the foundation’s classes', (status, ErrorClass) => {
    const error = thrownBy({ status, body: 'oops' });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).not.toBeInstanceOf(OtaError);
    expect((error as ConcurApiError).status).toBe(status);
  });

  it('marks a 503 as retryable, as the foundation does', () => {
    expect((thrownBy({ status: 503 }) as ConcurApiError).retryable).toBe(true);
    expect((thrownBy({ status: 500 }) as ConcurApiError).message).toContain('server-level problem');
  });

  it('keeps an OTA error found in a non-2xx body as the cause', () => {
    const body = buildOtaErrorResponse({ messageName: 'OTA_HotelSearchRS', code: '322', detail: 'HTL1' });
    const error = thrownBy({ status: 500, body }) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.cause).toBeInstanceOf(OtaApplicationError);
    expect(error.message).toContain('The body also carries OTA error 322');
  });

  it('redacts secrets from the body it keeps and keeps only safe headers', () => {
    const error = otaErrorFromHttp(
      { status: 403, headers: { 'Set-Cookie': 'session=abc', 'Content-Type': ['text/plain'], 'X-Empty': undefined }, body: 'bad password hunter2-hunter2' },
      { secrets: ['hunter2-hunter2'] },
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.body).toBe('bad password [REDACTED]');
    expect(error.headers).toEqual({ 'content-type': 'text/plain' });
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter2');
    expect(JSON.stringify(error.toJSON())).not.toContain('session=abc');
  });

  it('refuses to build an HTTP error for a 2xx status', () => {
    expect(() => otaErrorFromHttp({ status: 200, body: '' })).toThrow(ConcurValidationError);
    expect(() => otaErrorFromHttp({ status: Number.NaN })).toThrow(/non-2xx statuses/);
  });

  it('quotes the supplier’s Message element when the body has one', () => {
    const error = otaErrorFromHttp({ status: 404, body: '<Error><Message>No such endpoint</Message></Error>' });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.serverMessage).toBe('No such endpoint');
    expect(error.message).toBe(
      'the supplier answered HTTP 404 with "No such endpoint". The supplier refused the request at the HTTP level; application errors should come back as an OTA error in the response. Check the endpoint and the request.',
    );
  });
});
