import { describe, expect, it } from 'vitest';
import { createAuthError } from '../../src/errors/auth-error.js';
import * as sdk from '../../src/index.js';
import {
  BadRequestError,
  BatchSizeError,
  ConcurAbortError,
  ConcurApiError,
  ConcurError,
  ConcurNetworkError,
  ConcurProxyError,
  ConcurResponseError,
  ConcurTimeoutError,
  ConcurValidationError,
  ConflictError,
  ForbiddenError,
  InternalServerError,
  NotFoundError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../../src/index.js';

// Every exported `isXxx` guard: what an application branches on in a catch block. Each is checked
// against one error of every kind the SDK throws, against values that are not SDK errors, and
// against the same errors as another installed copy of the package would make them.

const SAMPLES = {
  ConcurError: new ConcurError('base'),
  ConcurApiError: new ConcurApiError('teapot', { status: 418 }),
  BadRequestError: new BadRequestError('400', { status: 400 }),
  UnauthorizedError: new UnauthorizedError('401', { status: 401 }),
  ForbiddenError: new ForbiddenError('403', { status: 403 }),
  NotFoundError: new NotFoundError('404', { status: 404 }),
  ConflictError: new ConflictError('409', { status: 409 }),
  TooManyRequestsError: new TooManyRequestsError('429', { status: 429, retryable: true }),
  InternalServerError: new InternalServerError('500', { status: 500 }),
  ServiceUnavailableError: new ServiceUnavailableError('503', { status: 503, retryable: true }),
  AuthUnauthorizedError: createAuthError('refused', { status: 401, oauthCode: 64 }),
  AuthBadRequestError: createAuthError('refused', { status: 400, oauthCode: 108 }),
  ConcurTimeoutError: new ConcurTimeoutError('slow', { timeoutMs: 60_000, retryable: true }),
  ConcurNetworkError: new ConcurNetworkError('reset', { code: 'ECONNRESET', retryable: true }),
  ConcurProxyError: new ConcurProxyError('407', { proxyStatus: 407 }),
  ConcurAbortError: new ConcurAbortError('aborted'),
  ConcurResponseError: new ConcurResponseError('unreadable', { status: 200 }),
  ConcurValidationError: new ConcurValidationError('bad id', { field: 'id' }),
  BatchSizeError: new BatchSizeError('empty', { size: 0, min: 1, max: 1000 }),
} satisfies Record<string, ConcurError>;
type Sample = keyof typeof SAMPLES;
const SAMPLE_NAMES = Object.keys(SAMPLES) as Sample[];

/** For each guard, the samples it says yes to: its class and the subclasses the SDK throws as it. */
const MATCHES: Record<string, Sample[]> = {
  isConcurError: Object.keys(SAMPLES) as Sample[],
  isConcurApiError: [
    'ConcurApiError', 'BadRequestError', 'UnauthorizedError', 'ForbiddenError', 'NotFoundError', 'ConflictError',
    'TooManyRequestsError', 'InternalServerError', 'ServiceUnavailableError', 'AuthUnauthorizedError', 'AuthBadRequestError',
  ],
  isBadRequestError: ['BadRequestError', 'AuthBadRequestError'],
  isUnauthorizedError: ['UnauthorizedError', 'AuthUnauthorizedError'],
  isForbiddenError: ['ForbiddenError'],
  isNotFoundError: ['NotFoundError'],
  isConflictError: ['ConflictError'],
  isTooManyRequestsError: ['TooManyRequestsError'],
  isInternalServerError: ['InternalServerError'],
  isServiceUnavailableError: ['ServiceUnavailableError'],
  isConcurAuthError: ['AuthUnauthorizedError', 'AuthBadRequestError'],
  isConcurTimeoutError: ['ConcurTimeoutError'],
  isConcurNetworkError: ['ConcurNetworkError', 'ConcurProxyError'],
  isConcurProxyError: ['ConcurProxyError'],
  isConcurAbortError: ['ConcurAbortError'],
  isConcurResponseError: ['ConcurResponseError'],
  isConcurValidationError: ['ConcurValidationError', 'BatchSizeError'],
  isBatchSizeError: ['BatchSizeError'],
  // Not a class: the errors the retry policy treats as transient.
  isRetryableError: ['TooManyRequestsError', 'ServiceUnavailableError', 'ConcurTimeoutError', 'ConcurNetworkError'],
};

const guards = sdk as unknown as Record<string, (value: unknown) => boolean>;
const GUARD_NAMES = Object.keys(sdk).filter((name) => /^is[A-Z]\w*Error$/.test(name));

/**
 * The error as another copy of concur-sdk would have made it: a prototype chain of that copy's
 * own classes (same literal names, same registered symbols), none of them ours.
 */
function fromAnotherCopy(error: ConcurError): unknown {
  const brand = Symbol.for('concur-sdk.error');
  const sdkClass = Symbol.for('concur-sdk.error-class');
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(error) as object; proto !== Error.prototype; proto = Object.getPrototypeOf(proto) as object) {
    names.push(Object.getOwnPropertyDescriptor(proto, 'name')?.value as string);
  }
  let chain: object = Error.prototype;
  for (const name of names.reverse()) {
    const own: PropertyDescriptorMap = { name: { value: name }, [sdkClass]: { value: true } };
    if (name === 'ConcurError') own[brand] = { value: true };
    chain = Object.create(chain, own) as object;
  }
  return Object.assign(Object.create(chain) as object, { message: error.message, retryable: error.retryable });
}

describe('the exported isXxx guards', () => {
  it('cover every guard the package exports', () => {
    expect(GUARD_NAMES.sort()).toEqual(Object.keys(MATCHES).sort());
  });

  describe.each(Object.entries(MATCHES))('%s', (guardName, matching) => {
    const guard = guards[guardName]!;
    const expected = Object.fromEntries(SAMPLE_NAMES.map((sample) => [sample, matching.includes(sample)]));

    it('is true for its class and the subclasses thrown as it, false for every other error of the SDK', () => {
      expect(Object.fromEntries(SAMPLE_NAMES.map((sample) => [sample, guard(SAMPLES[sample])]))).toEqual(expected);
    });

    it('answers the same for errors made by another copy of the package', () => {
      expect(Object.fromEntries(SAMPLE_NAMES.map((sample) => [sample, guard(fromAnotherCopy(SAMPLES[sample]))]))).toEqual(expected);
    });

    it("is false for values that are not errors of the SDK, look-alikes and a branded copy of an error's fields included", () => {
      const name = guardName.slice(2);
      const brandedCopy = { ...SAMPLES.ConcurError, name, retryable: true, [Symbol.for('concur-sdk.error')]: true };
      const others = [undefined, null, name, new Error('x'), Object.assign(new Error('x'), { name, status: 404, retryable: true }), { name, retryable: true }, brandedCopy];
      expect(others.map((value) => guard(value))).toEqual(others.map(() => false));
    });
  });

  it('isRetryableError follows the retryable flag, not the class', () => {
    expect(sdk.isRetryableError(new NotFoundError('404', { status: 404, retryable: true }))).toBe(true);
    expect(sdk.isRetryableError(new ServiceUnavailableError('503', { status: 503, retryable: false }))).toBe(false);
  });
});

describe('forged look-alikes of another copy', () => {
  const brand = Symbol.for('concur-sdk.error');
  const sdkClass = Symbol.for('concur-sdk.error-class');
  const instanceOf = (chain: object): unknown => Object.assign(Object.create(chain) as object, { message: 'forged' });

  it('a chain of marked classes without the brand matches no guard', () => {
    const base = Object.create(Error.prototype, { name: { value: 'ConcurError' }, [sdkClass]: { value: true } }) as object;
    const notFound = Object.create(base, { name: { value: 'NotFoundError' }, [sdkClass]: { value: true } }) as object;
    const value = instanceOf(notFound);
    expect(GUARD_NAMES.filter((name) => guards[name]!(value))).toEqual([]);
    expect(value instanceof NotFoundError).toBe(false);
  });

  it('a marked class above the branded base is not one of its classes', () => {
    const above = Object.create(Error.prototype, { name: { value: 'NotFoundError' }, [sdkClass]: { value: true } }) as object;
    const base = Object.create(above, { name: { value: 'ConcurError' }, [sdkClass]: { value: true }, [brand]: { value: true } }) as object;
    const value = instanceOf(base);
    expect(GUARD_NAMES.filter((name) => guards[name]!(value))).toEqual(['isConcurError']);
  });

  it('a marked class without a name of its own matches by the names it has, and no guard throws', () => {
    const base = Object.create(Error.prototype, { name: { value: 'ConcurError' }, [sdkClass]: { value: true }, [brand]: { value: true } }) as object;
    const nameless = Object.create(base, { [sdkClass]: { value: true } }) as object;
    const value = instanceOf(nameless);
    expect(GUARD_NAMES.filter((name) => guards[name]!(value))).toEqual(['isConcurError']);
  });
});

describe('what another copy of the package recognises in an error of this one', () => {
  it.each([
    ['NotFoundError', ['NotFoundError', 'ConcurApiError', 'ConcurError']],
    ['AuthUnauthorizedError', ['ConcurAuthError', 'UnauthorizedError', 'ConcurApiError', 'ConcurError']],
    ['ConcurProxyError', ['ConcurProxyError', 'ConcurNetworkError', 'ConcurError']],
    ['BatchSizeError', ['BatchSizeError', 'ConcurValidationError', 'ConcurError']],
  ] as const)('a %s carries the registered brand and marks each of its SDK classes by name', (sample, names) => {
    const error = SAMPLES[sample];
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for('concur-sdk.error')]).toBe(true);
    const marked: string[] = [];
    for (let proto = Object.getPrototypeOf(error) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
      if (Object.hasOwn(proto, Symbol.for('concur-sdk.error-class'))) marked.push(Object.getOwnPropertyDescriptor(proto, 'name')?.value as string);
    }
    expect(marked).toEqual(names);
  });

  it("an application's own subclass is not marked as an SDK class", () => {
    class AppError extends NotFoundError {}
    expect(Object.hasOwn(AppError.prototype, Symbol.for('concur-sdk.error-class'))).toBe(false);
  });
});
