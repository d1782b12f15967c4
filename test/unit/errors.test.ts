import { describe, expect, expectTypeOf, it } from 'vitest';
import { nameErrorClass } from '../../src/errors/concur-error.js';
import * as sdk from '../../src/index.js';
import * as ota from '../../src/ota/index.js';
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
  type ConcurAuthError,
  type ConcurErrorName,
  type UnauthorizedError,
} from '../../src/index.js';

const errorClasses = (entry: object) =>
  Object.entries(entry).filter((pair): pair is [string, typeof ConcurError] => typeof pair[1] === 'function' && pair[1].prototype instanceof Error);
const ERROR_CLASSES = errorClasses(sdk);
const OTA_ERROR_CLASSES = errorClasses(ota);
const ALL_NAMES = [
  'ConcurError', 'ConcurApiError', 'BadRequestError', 'UnauthorizedError', 'ForbiddenError', 'NotFoundError', 'ConflictError',
  'TooManyRequestsError', 'InternalServerError', 'ServiceUnavailableError', 'ConcurAuthError', 'ConcurTimeoutError',
  'ConcurNetworkError', 'ConcurProxyError', 'ConcurAbortError', 'ConcurResponseError', 'ConcurValidationError', 'BatchSizeError',
  'ExtractJobFailedError', 'ExtractJobTimeoutError', 'OtaError', 'OtaUnknownError', 'OtaNoImplementationError',
  'OtaApplicationError', 'OtaUnreadableResponseError',
] as const satisfies readonly ConcurErrorName[];

describe('error classes', () => {
  it('exports the fixed family', () => {
    expect(ERROR_CLASSES.map(([name]) => name).sort()).toEqual(
      [
        'BadRequestError', 'BatchSizeError', 'ConcurAbortError', 'ConcurApiError', 'ConcurError', 'ConcurNetworkError',
        'ConcurProxyError', 'ConcurResponseError', 'ConcurTimeoutError', 'ConcurValidationError', 'ConflictError', 'ForbiddenError',
        'InternalServerError', 'NotFoundError', 'ServiceUnavailableError', 'TooManyRequestsError', 'UnauthorizedError',
        'ConcurAuthError', 'ExtractJobFailedError', 'ExtractJobTimeoutError',
      ].sort(),
    );
    expect(OTA_ERROR_CLASSES.map(([name]) => name).sort()).toEqual(
      ['OtaApplicationError', 'OtaError', 'OtaNoImplementationError', 'OtaUnknownError', 'OtaUnreadableResponseError'].sort(),
    );
  });

  it.each([...ERROR_CLASSES, ...OTA_ERROR_CLASSES])('%s has a literal name equal to its export name, on the prototype', (exportName, ErrorClass) => {
    expect(Object.getOwnPropertyDescriptor(ErrorClass.prototype, 'name')?.value).toBe(exportName);
  });

  it('types name as the literal of each class, and the union of its subclasses on a parent', () => {
    expectTypeOf<NotFoundError['name']>().toEqualTypeOf<'NotFoundError'>();
    expectTypeOf<ConcurAuthError['name']>().toEqualTypeOf<'ConcurAuthError'>();
    expectTypeOf<UnauthorizedError['name']>().toEqualTypeOf<'UnauthorizedError' | 'ConcurAuthError'>();
    expectTypeOf<ConcurNetworkError['name']>().toEqualTypeOf<'ConcurNetworkError' | 'ConcurProxyError'>();
    expectTypeOf<sdk.ExtractJobFailedError['name']>().toEqualTypeOf<'ExtractJobFailedError'>();
    expectTypeOf<ota.OtaUnknownError['name']>().toEqualTypeOf<'OtaUnknownError' | 'OtaUnreadableResponseError'>();
    expectTypeOf<ConcurError['name']>().toEqualTypeOf<ConcurErrorName>();
    // ConcurErrorName lists exactly the exported classes' names.
    const names = [...ERROR_CLASSES, ...OTA_ERROR_CLASSES].map(([name]) => name).sort();
    expect(names).toEqual([...ALL_NAMES].sort());
    expectTypeOf<Exclude<ConcurErrorName, (typeof ALL_NAMES)[number]>>().toBeNever();
  });

  it('narrows a union of error types by name, and refuses a misspelled name', () => {
    const errors: Array<NotFoundError | ConflictError> = [new NotFoundError('n', { status: 404 }), new ConflictError('c', { status: 409 })];
    const seen = errors.map((error) => {
      if (error.name === 'NotFoundError') {
        expectTypeOf(error).toEqualTypeOf<NotFoundError>();
        return 'not found';
      }
      expectTypeOf(error).toEqualTypeOf<ConflictError>();
      // @ts-expect-error no class of the family is called 'NotFound'
      return error.name === 'NotFound' ? 'never' : 'conflict';
    });
    expect(seen).toEqual(['not found', 'conflict']);
    // @ts-expect-error the name given to a class must be the one it declares
    expect(() => nameErrorClass(class extends NotFoundError {}, 'ConflictError')).not.toThrow();
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
    const sdkClass = Symbol.for('concur-sdk.error-class');
    const named = (parent: object, name: string, extra: PropertyDescriptorMap = {}) =>
      Object.create(parent, { name: { value: name }, [sdkClass]: { value: true }, ...extra }) as object;
    const base = named(Error.prototype, 'ConcurError', { [brand]: { value: true } });
    const foreign = Object.create(named(named(base, 'ConcurApiError'), 'NotFoundError')) as unknown;
    expect(foreign instanceof NotFoundError).toBe(true);
    expect(foreign instanceof ConcurApiError).toBe(true);
    expect(isConcurError(foreign)).toBe(true);
    expect(isNotFoundError(foreign)).toBe(true);
    expect(foreign instanceof ConflictError).toBe(false);
    expect(foreign instanceof ConcurTimeoutError).toBe(false);
  });

  it("does not take an application's subclass in another copy for the SDK class of the same name", () => {
    const brand = Symbol.for('concur-sdk.error');
    const sdkClass = Symbol.for('concur-sdk.error-class');
    const named = (parent: object, name: string, extra: PropertyDescriptorMap = {}) =>
      Object.create(parent, { name: { value: name }, [sdkClass]: { value: true }, ...extra }) as object;
    const apiError = named(named(Error.prototype, 'ConcurError', { [brand]: { value: true } }), 'ConcurApiError');
    // The other copy's application named its own subclass like an SDK class; it carries no SDK mark.
    const appClass = Object.create(apiError, { name: { value: 'NotFoundError' } }) as object;
    const foreign = Object.create(appClass) as unknown;
    expect(foreign instanceof ConcurApiError).toBe(true);
    expect(foreign instanceof NotFoundError).toBe(false);
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

describe("an application's own subclass", () => {
  class AppError extends ConcurError {}
  class AppNotFoundError extends NotFoundError {}

  it('matches its own instances only, not every SDK error through the inherited name', () => {
    expect(new ConcurValidationError('x') instanceof AppError).toBe(false);
    expect(new NotFoundError('x', { status: 404 }) instanceof AppError).toBe(false);
    expect(new NotFoundError('x', { status: 404 }) instanceof AppNotFoundError).toBe(false);
    const own = new AppError('mine');
    expect(own instanceof AppError).toBe(true);
    expect(own instanceof ConcurError).toBe(true);
    expect(isConcurError(own)).toBe(true);
    expect(own instanceof ConcurValidationError).toBe(false);
    const notFound = new AppNotFoundError('gone', { status: 404 });
    expect(notFound instanceof AppNotFoundError).toBe(true);
    expect(notFound instanceof NotFoundError).toBe(true);
    expect(isNotFoundError(notFound)).toBe(true);
    expect(notFound instanceof ConflictError).toBe(false);
  });

  it('matches nothing of the SDK even when it takes the name of an SDK class', () => {
    class Pretender extends ConcurError {
      static {
        Object.defineProperty(this.prototype, 'name', { value: 'ConcurValidationError' });
      }
    }
    expect(new ConcurValidationError('x') instanceof Pretender).toBe(false);
    expect(new Pretender('p') instanceof Pretender).toBe(true);
    expect(new Pretender('p') instanceof ConcurValidationError).toBe(false);
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
