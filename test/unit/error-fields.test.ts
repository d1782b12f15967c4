import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiErrorOptionsOf } from '../../src/errors/api-error.js';
import { AUTH_ERROR_STATUSES, createAuthError } from '../../src/errors/auth-error.js';
import { nameErrorClass } from '../../src/errors/concur-error.js';
import { apiErrorFromResponse, type FailureContext } from '../../src/errors/factory.js';
import { scrubError } from '../../src/errors/redact.js';
import {
  BatchSizeError,
  ConcurAbortError,
  ConcurApiError,
  ConcurError,
  ConcurNetworkError,
  ConcurProxyError,
  ConcurResponseError,
  ConcurTimeoutError,
  ConcurValidationError,
  NotFoundError,
  validateBatchSize,
  type ConcurAuthError,
} from '../../src/index.js';

// The fields an application reads from each error, their defaults, and what toJSON hands a logger.

const CONTEXT: FailureContext = { method: 'GET', path: '/api/expense/v1/items', attempts: 3, exhausted: true, secrets: [] };

describe('every error', () => {
  it('defaults to not retryable, not processed, and no request, attempts or cause', () => {
    const error = new ConcurError('plain');
    expect(error).toMatchObject({ message: 'plain', retryable: false, mayHaveBeenProcessed: false, method: undefined, path: undefined, attempts: undefined });
    expect('cause' in error).toBe(false);
    expect(error.toJSON()).toStrictEqual({ name: 'ConcurError', message: 'plain', retryable: false, mayHaveBeenProcessed: false });
  });

  it('keeps the cause it is given, and lists only the fields that are set', () => {
    const cause = new Error('socket');
    const error = new ConcurNetworkError('reset', { cause, code: 'ECONNRESET', method: 'PUT', path: '/api/a', attempts: 2, retryable: true, mayHaveBeenProcessed: true });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({
      name: 'ConcurNetworkError', message: 'reset', code: 'ECONNRESET', method: 'PUT', path: '/api/a', attempts: 2, retryable: true, mayHaveBeenProcessed: true,
    });
  });

  it('is named like a built-in Error: a writable, non-enumerable name on the prototype, so toJSON and inspect name it', () => {
    const builtIn = Object.getOwnPropertyDescriptor(Error.prototype, 'name');
    for (const ErrorClass of [ConcurError, ConcurApiError, NotFoundError, ConcurTimeoutError, ConcurProxyError, BatchSizeError]) {
      expect(Object.getOwnPropertyDescriptor(ErrorClass.prototype, 'name')).toEqual({ ...builtIn, value: ErrorClass.name });
    }
    const error = new NotFoundError('gone', { status: 404 });
    expect(Object.keys(error)).not.toContain('name');
    expect(inspect(error)).toMatch(/^NotFoundError: gone/);
  });
});

describe('nameErrorClass, with which each module of the SDK declares its error classes', () => {
  it('names the class like a built-in Error, so its errors print, log and narrow by that name', () => {
    class ExtractJobFailedError extends ConcurError {}
    nameErrorClass(ExtractJobFailedError, 'ExtractJobFailedError');
    expect(Object.getOwnPropertyDescriptor(ExtractJobFailedError.prototype, 'name')).toEqual({
      ...Object.getOwnPropertyDescriptor(Error.prototype, 'name'),
      value: 'ExtractJobFailedError',
    });
    const error = new ExtractJobFailedError('job failed');
    expect(error.name).toBe('ExtractJobFailedError');
    expect(inspect(error)).toMatch(/^ExtractJobFailedError: job failed/);
    expect(error.toJSON()).toStrictEqual({ name: 'ExtractJobFailedError', message: 'job failed', retryable: false, mayHaveBeenProcessed: false });
  });
});

describe('the fields of each error', () => {
  it('an HTTP error defaults to no headers rather than undefined', () => {
    expect(new ConcurApiError('x', { status: 418 }).headers).toEqual({});
  });

  it("an HTTP error carries Concur's Message, Server-Time and Id, the correlation id and the safe headers", () => {
    const error = apiErrorFromResponse(
      {
        status: 404,
        headers: { 'concur-correlationid': 'cid-7', 'content-type': 'application/xml', 'x-other': 'dropped' },
        bodyText: '<Error><Message>Invalid Definition ID</Message><Server-Time>2026-11-25T10:00:00</Server-Time><Id>E-1</Id></Error>',
      },
      CONTEXT,
    );
    expect(error.toJSON()).toEqual({
      name: 'NotFoundError',
      message: error.message,
      status: 404,
      serverMessage: 'Invalid Definition ID',
      serverTime: '2026-11-25T10:00:00',
      errorId: 'E-1',
      correlationId: 'cid-7',
      body: '<Error><Message>Invalid Definition ID</Message><Server-Time>2026-11-25T10:00:00</Server-Time><Id>E-1</Id></Error>',
      headers: { 'concur-correlationid': 'cid-7', 'content-type': 'application/xml' },
      method: 'GET',
      path: '/api/expense/v1/items',
      attempts: 3,
      retryable: false,
      mayHaveBeenProcessed: false,
    });
  });

  it("bounds Concur's fields: Message to 2048 characters, Server-Time, Id and correlation id to 256", () => {
    const long = (char: string, length: number) => char.repeat(length);
    const error = apiErrorFromResponse(
      {
        status: 400,
        headers: { 'concur-correlationid': long('c', 300) },
        bodyText: `<Error><Message>${long('m', 2100)}</Message><Server-Time>${long('t', 300)}</Server-Time><Id>${long('i', 300)}</Id></Error>`,
      },
      CONTEXT,
    );
    expect(error.serverMessage).toBe(`${long('m', 2048)}… [52 more characters]`);
    expect(error.serverTime).toBe(`${long('t', 256)}… [44 more characters]`);
    expect(error.errorId).toBe(`${long('i', 256)}… [44 more characters]`);
    expect(error.correlationId).toBe(`${long('c', 256)}… [44 more characters]`);
  });

  it('an empty or binary body is not kept, and a binary body is not read for fields', () => {
    const empty = apiErrorFromResponse({ status: 500, headers: {}, bodyText: '' }, CONTEXT);
    expect(empty.body).toBeUndefined();
    const binary = apiErrorFromResponse({ status: 500, headers: {}, bodyText: '<Error><Message>m</Message></Error>\u0000' }, CONTEXT);
    expect(binary.body).toBeUndefined();
    expect(binary.serverMessage).toBeUndefined();
  });

  it('apiErrorOptionsOf rebuilds an HTTP error with every field it had', () => {
    const original = apiErrorFromResponse(
      { status: 503, headers: { 'concur-correlationid': 'cid-1', 'retry-after': '60' }, bodyText: '<Error><Message>Down</Message><Server-Time>t</Server-Time><Id>E</Id></Error>' },
      { ...CONTEXT, processedBefore: true },
    );
    const rebuilt = new ConcurApiError('clearer message', apiErrorOptionsOf(original));
    expect({ ...rebuilt.toJSON(), name: 'x', message: 'x' }).toEqual({ ...original.toJSON(), name: 'x', message: 'x' });
  });

  it('a time-out carries its limit; a proxy refusal its status and code; an abort nothing more', () => {
    expect(new ConcurTimeoutError('slow', { timeoutMs: 1500 }).timeoutMs).toBe(1500);
    expect(new ConcurProxyError('no', { proxyStatus: 407, code: 'ERR_PROXY_REFUSED' })).toMatchObject({ proxyStatus: 407, code: 'ERR_PROXY_REFUSED' });
    expect(new ConcurNetworkError('failed').code).toBeUndefined();
    expect(new ConcurAbortError('stop').toJSON()).toEqual({ name: 'ConcurAbortError', message: 'stop', retryable: false, mayHaveBeenProcessed: false });
  });

  it('an unusable answer may have been processed unless told otherwise', () => {
    expect(new ConcurResponseError('bad', { status: 200, body: 'x' })).toMatchObject({ status: 200, body: 'x', mayHaveBeenProcessed: true });
    expect(new ConcurResponseError('bad', { mayHaveBeenProcessed: false }).mayHaveBeenProcessed).toBe(false);
  });

  it('a validation error names its field and lists its problems', () => {
    const problems = [{ index: 2, field: 'level1Code', message: 'level1Code is required' }];
    expect(new ConcurValidationError('refused', { field: 'items', problems })).toMatchObject({ field: 'items', problems });
    expect(new ConcurValidationError('refused')).toMatchObject({ field: undefined, problems: undefined });
  });
});

describe('ConcurAuthError', () => {
  it('exists for the statuses of the token endpoint only: 400, 401 and 403', () => {
    expect([...AUTH_ERROR_STATUSES].sort()).toEqual([400, 401, 403]);
    expect(() => createAuthError('x', { status: 404 })).toThrow(new RangeError('No ConcurAuthError for HTTP 404.'));
  });

  it('lists its OAuth2 fields in toJSON, and redaction rewrites them', () => {
    const error = createAuthError('refused', { status: 403, oauthCode: 16, oauthError: 'invalid_request', credential: 'geolocation', geolocation: 'https://emea.example' });
    expect(error.toJSON()).toMatchObject({ oauthCode: 16, oauthError: 'invalid_request', credential: 'geolocation', geolocation: 'https://emea.example' });
    (error as { geolocation: string | undefined }).geolocation = 'rewritten';
    expect((error as ConcurAuthError).geolocation).toBe('rewritten');
    const echoed = createAuthError('refused', { status: 400, oauthError: 'invalid_grant secret-token-123', geolocation: 'https://secret-token-123.example' });
    scrubError(echoed, ['secret-token-123']);
    expect(echoed).toMatchObject({ oauthError: 'invalid_grant [REDACTED]', geolocation: 'https://[REDACTED].example' });
  });
});

describe('validateBatchSize', () => {
  it('an empty batch: says Concur refuses it and to send at least one', () => {
    expect(() => validateBatchSize([], { label: 'list items' })).toThrow(
      'A batch of list items must hold 1 to 1000 entries; this one holds 0. Concur refuses an empty batch with a 400; send at least one.',
    );
  });

  it('an oversized batch: says to split it or let the SDK chunk it', () => {
    expect(() => validateBatchSize({ length: 501 }, { max: 500 })).toThrow(
      'A batch of items must hold 1 to 500 entries; this one holds 501. Concur refuses larger batches with a 400; split the input into batches of at most 500, or let the SDK chunk it (the default).',
    );
  });

  it('accepts exactly the bounds, custom ones included', () => {
    expect(() => validateBatchSize({ length: 2 }, { min: 2, max: 3 })).not.toThrow();
    expect(() => validateBatchSize({ length: 3 }, { min: 2, max: 3 })).not.toThrow();
  });

  it('a batch under a custom minimum that is not empty is not called empty', () => {
    expect(() => validateBatchSize({ length: 1 }, { min: 2, max: 3 })).toThrow('A batch of items must hold 2 to 3 entries; this one holds 1. Send at least 2.');
    expect(() => validateBatchSize([], { min: 2, max: 3 })).toThrow('A batch of items must hold 2 to 3 entries; this one holds 0. Concur refuses an empty batch with a 400; send at least 2.');
  });
});
