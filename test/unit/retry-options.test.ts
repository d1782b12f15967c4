import { describe, expect, it } from 'vitest';
import { ConcurClient, ConcurValidationError, DEFAULT_RETRY_OPTIONS, type RetryOptions } from '../../src/index.js';
import { resolveRetryOptions } from '../../src/retry/options.js';

function refusal(run: () => unknown): ConcurValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConcurValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConcurValidationError');
}

describe('retry options: what is accepted', () => {
  it('takes 0 for every number: no retry, no wait', () => {
    expect(resolveRetryOptions({ retries: 0, delayMs: 0, maxRetryAfterMs: 0, deadlockDelayMs: 0 })).toEqual({
      retries: 0,
      delayMs: 0,
      maxRetryAfterMs: 0,
      deadlockDelayMs: 0,
    });
  });

  it('takes waits in fractions of a millisecond; only `retries` must be whole', () => {
    expect(resolveRetryOptions({ delayMs: 1500.5, maxRetryAfterMs: 2.25, deadlockDelayMs: 0.5 })).toEqual({
      ...DEFAULT_RETRY_OPTIONS,
      delayMs: 1500.5,
      maxRetryAfterMs: 2.25,
      deadlockDelayMs: 0.5,
    });
  });

  it('a per-call override keeps the fields of the base policy it does not name, and `undefined` names none', () => {
    const base = resolveRetryOptions({ retries: 5, delayMs: 1_000 });
    // A JavaScript caller (or a project without exactOptionalPropertyTypes) can pass `undefined`.
    const override = { delayMs: 2_000, retries: undefined } as unknown as RetryOptions;
    expect(resolveRetryOptions(override, base)).toEqual({ ...DEFAULT_RETRY_OPTIONS, retries: 5, delayMs: 2_000 });
    expect(resolveRetryOptions(false, base)).toEqual({ ...base, retries: 0 });
    expect(resolveRetryOptions(undefined, base)).toEqual(base);
  });
});

describe('retry options: what is refused, and how the error names it', () => {
  it.each([
    ['retries', -1, 'retry.retries must be a whole number of 0 or more (got number -1).'],
    ['retries', 1.5, 'retry.retries must be a whole number of 0 or more (got number 1.5).'],
    ['retries', '3', 'retry.retries must be a whole number of 0 or more (got string "3").'],
    ['delayMs', -1, 'retry.delayMs must be a number of 0 or more (got number -1).'],
    ['delayMs', Number.NaN, 'retry.delayMs must be a number of 0 or more (got number NaN).'],
    ['maxRetryAfterMs', Infinity, 'retry.maxRetryAfterMs must be a number of 0 or more (got number Infinity).'],
    ['deadlockDelayMs', -0.5, 'retry.deadlockDelayMs must be a number of 0 or more (got number -0.5).'],
    ['deadlockDelayMs', null, 'retry.deadlockDelayMs must be a number of 0 or more (got null).'],
  ])('retry.%s = %j', (name, value, message) => {
    const error = refusal(() => resolveRetryOptions({ [name]: value } as never));
    expect(error.message).toBe(message);
    expect(error.field).toBe(`retry.${name}`);
  });

  it('an unknown field names itself and lists the options', () => {
    const error = refusal(() => resolveRetryOptions({ delay: 5 } as never));
    expect(error.message).toBe('Unknown retry option "delay"; the options are retries, delayMs, maxRetryAfterMs, deadlockDelayMs.');
    expect(error.field).toBe('retry.delay');
  });

  it.each([
    [null, 'null'],
    [5, 'number 5'],
    [true, 'boolean true'],
    ['no', 'string "no"'],
    [() => undefined, 'function'],
    [[], 'array'],
    [[{ retries: 1 }], 'array'],
  ])('retry: %j is neither options nor false', (value, got) => {
    const error = refusal(() => resolveRetryOptions(value as never));
    expect(error.message).toBe(`retry must be an object of retry options, or false to turn retries off (got ${got}).`);
    expect(error.field).toBe('retry');
  });

  it.each([[null], [5], [true], [[]]])('new ConcurClient({ retry: %j }) is refused before any request', (value) => {
    const error = refusal(() => new ConcurClient({ baseUrl: 'https://us.api.concursolutions.com', accessToken: 'token-1234', retry: value as never }));
    expect(error.field).toBe('retry');
  });

  it("a misspelt option in the client's retry is named, with the options to choose from", () => {
    const error = refusal(() => new ConcurClient({ baseUrl: 'https://us.api.concursolutions.com', accessToken: 'token-1234', retry: { retry: 5 } as never }));
    expect(error.field).toBe('retry.retry');
    expect(error.message).toBe('Unknown retry option "retry"; the options are retries, delayMs, maxRetryAfterMs, deadlockDelayMs.');
  });
});
