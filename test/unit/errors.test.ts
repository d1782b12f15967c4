import { describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';
import {
  BatchSizeError,
  ConcurAbortError,
  ConcurApiError,
  ConcurError,
  ConcurNetworkError,
  ConcurResponseError,
  ConcurTimeoutError,
  ConcurValidationError,
  ConflictError,
  isConcurApiError,
  isConcurError,
  isNotFoundError,
  isRetryableError,
  NotFoundError,
  ServiceUnavailableError,
  validateBatchSize,
} from '../../src/index.js';

const ERROR_CLASSES = Object.entries(sdk).filter(
  (entry): entry is [string, typeof ConcurError] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
);

describe('error classes', () => {
  it('exports the fixed family', () => {
    expect(ERROR_CLASSES.map(([name]) => name).sort()).toEqual(
      [
        'BadRequestError', 'BatchSizeError', 'ConcurAbortError', 'ConcurApiError', 'ConcurError', 'ConcurNetworkError',
        'ConcurProxyError', 'ConcurResponseError', 'ConcurTimeoutError', 'ConcurValidationError', 'ConflictError', 'ForbiddenError',
        'InternalServerError', 'NotFoundError', 'ServiceUnavailableError', 'TooManyRequestsError', 'UnauthorizedError',
        'OtaApplicationError', 'OtaError', 'OtaNoImplementationError', 'OtaUnknownError', 'OtaUnreadableResponseError',
        'ExtractJobFailedError', 'ExtractJobTimeoutError',
      ].sort(),
    );
  });

  it.each(ERROR_CLASSES)('%s has a literal name equal to its export name, on the prototype', (exportName, ErrorClass) => {
    expect(Object.getOwnPropertyDescriptor(ErrorClass.prototype, 'name')?.value).toBe(exportName);
  });

  it('builds the documented hierarchy', () => {
    const error = new NotFoundError('x', { status: 404 });
    expect(error).toBeInstanceOf(ConcurApiError);
    expect(error).toBeInstanceOf(ConcurError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ConflictError);
    expect(error.name).toBe('NotFoundError');
    expect(error.stack?.startsWith('NotFoundError: x')).toBe(true);
    expect(new BatchSizeError('b', { size: 0, min: 1, max: 1000 })).toBeInstanceOf(ConcurValidationError);
    for (const ErrorClass of [ConcurTimeoutError, ConcurNetworkError, ConcurAbortError, ConcurResponseError, ConcurValidationError]) {
      expect(Object.getPrototypeOf(ErrorClass)).toBe(ConcurError);
    }
  });

  it('recognises an error made by another copy of the package by brand and class names', () => {
    const brand = Symbol.for('concur-sdk.error');
    const named = (parent: object, name: string, extra: PropertyDescriptorMap = {}) =>
      Object.create(parent, { name: { value: name }, ...extra }) as object;
    const base = named(Error.prototype, 'ConcurError', { [brand]: { value: true } });
    const foreign = Object.create(named(named(base, 'ConcurApiError'), 'NotFoundError')) as unknown;
    expect(foreign instanceof NotFoundError).toBe(true);
    expect(foreign instanceof ConcurApiError).toBe(true);
    expect(isConcurError(foreign)).toBe(true);
    expect(isNotFoundError(foreign)).toBe(true);
    expect(foreign instanceof ConflictError).toBe(false);
    expect(foreign instanceof ConcurTimeoutError).toBe(false);
  });

  it('does not mistake a look-alike without the brand', () => {
    const lookalike = Object.assign(new Error('x'), { name: 'NotFoundError', status: 404 });
    expect(lookalike instanceof NotFoundError).toBe(false);
    expect(isConcurApiError(lookalike)).toBe(false);
    expect(isConcurError(null)).toBe(false);
    expect(isConcurError('NotFoundError')).toBe(false);
  });

  it('serialises the safe fields with toJSON', () => {
    const error = new ServiceUnavailableError('down', {
      status: 503, serverMessage: 'Maintenance', errorId: 'E1', method: 'GET', path: '/api/x', attempts: 4, retryable: true,
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ServiceUnavailableError', message: 'down', status: 503, serverMessage: 'Maintenance', errorId: 'E1',
      method: 'GET', path: '/api/x', attempts: 4, retryable: true, mayHaveBeenProcessed: false, headers: {},
    });
    expect(isRetryableError(error)).toBe(true);
    expect(isRetryableError(new NotFoundError('n', { status: 404 }))).toBe(false);
  });
});

describe('validateBatchSize', () => {
  it.each([1, 2, 999, 1000])('accepts %i items', (size) => {
    expect(() => validateBatchSize(new Array(size))).not.toThrow();
  });

  it.each([0, 1001])('refuses %i items with BatchSizeError', (size) => {
    let thrown: unknown;
    try {
      validateBatchSize(new Array(size), { label: 'list items' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BatchSizeError);
    expect(thrown).toMatchObject({ size, min: 1, max: 1000, field: 'items' });
    expect((thrown as Error).message).toContain(`holds ${size}`);
  });

  it('honours custom limits', () => {
    expect(() => validateBatchSize(new Array(501), { max: 500 })).toThrow(/1 to 500/);
  });
});
