import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../src/index.js';
import { resolveRetryOptions } from '../../src/retry/options.js';
import { retryDelayMs } from '../../src/retry/policy.js';
import { parseHttpDate } from '../../src/retry/http-date.js';
import { parseRetryAfter } from '../../src/retry/retry-after.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');

describe('parseHttpDate: the three forms of RFC 9110 §5.6.7', () => {
  // The example instant RFC 9110 §5.6.7 writes in each of its three forms.
  const RFC_EXAMPLE = Date.UTC(1994, 10, 6, 8, 49, 37);

  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime', 'Sun Nov  6 08:49:37 1994'],
  ])('reads the %s example', (_form, text) => {
    expect(parseHttpDate(text, NOW)).toBe(RFC_EXAMPLE);
  });

  it('reads names in any case and a two-digit asctime day', () => {
    expect(parseHttpDate('wed, 25 NOV 2026 12:01:00 gmt', NOW)).toBe(NOW + 60_000);
    expect(parseHttpDate('Wed Nov 25 12:01:00 2026', NOW)).toBe(NOW + 60_000);
  });

  it('reads an RFC 850 year more than 50 years ahead as the past century', () => {
    expect(parseHttpDate('Thursday, 01-Jan-76 00:00:00 GMT', NOW)).toBe(Date.UTC(2076, 0, 1));
    expect(parseHttpDate('Friday, 01-Jan-77 00:00:00 GMT', NOW)).toBe(Date.UTC(1977, 0, 1));
  });

  it.each([
    'abc 5',
    '5 abc',
    'Dec 25',
    '2026-11-25T12:01:00Z',
    'Wed, 25 Nov 2026 12:01:00',
    'Wed, 25 Nov 2026 12:01:00 UTC',
    'Wed, 25 Nov 2026 12:01:00 +0000',
    'Wed, 25 Nov 26 12:01:00 GMT',
    'Wed, 5 Nov 2026 12:01:00 GMT',
    'Wed 25 Nov 2026 12:01:00 GMT',
    'Wednesday, 25 Nov 2026 12:01:00 GMT',
    'Wed, 25-Nov-26 12:01:00 GMT',
    'Xyz, 25 Nov 2026 12:01:00 GMT',
    'Wed, 25 Foo 2026 12:01:00 GMT',
    'Wed, 31 Nov 2026 12:01:00 GMT',
    'Wed, 00 Nov 2026 12:01:00 GMT',
    'Wed, 25 Nov 2026 24:00:00 GMT',
    'Wed, 25 Nov 2026 12:60:00 GMT',
    'Wed, 25 Nov 2026 12:01:61 GMT',
    'Wed Nov 5 12:01:00 2026',
    'Wed, 25 Nov 2026 12:01:00 GMT trailing',
  ])('refuses %j', (text) => {
    expect(parseHttpDate(text, NOW)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['  30 ', 30_000],
    ['120', 120_000],
    ['Wed, 25 Nov 2026 12:01:00 GMT', 60_000],
    ['Wednesday, 25-Nov-26 12:05:00 GMT', 300_000],
    ['Wed Nov 25 12:00:30 2026', 30_000],
    ['Wed, 25 Nov 2026 11:00:00 GMT', 0],
  ])('reads %j as %i ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  // V8's Date.parse reads each of these as some date (`abc 5` is 5 Jan 2001), which would have
  // meant a wait of 0: an immediate retry.
  it.each([undefined, '', 'soon', '-5', '1.5', 'NaN', 'abc 5', '5 abc', 'Dec 25', 'x 2026', '2026-11-25T12:05:00Z'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });

  it('a garbled header falls back to the configured wait instead of an immediate retry', () => {
    const error = new ServiceUnavailableError('down', { status: 503, headers: { 'retry-after': 'abc 5' } });
    const options = resolveRetryOptions({ delayMs: 120_000 });
    expect(retryDelayMs(error, 'service-unavailable', options, NOW)).toBe(120_000);
    const dated = new ServiceUnavailableError('down', { status: 503, headers: { 'retry-after': 'Wed, 25 Nov 2026 12:00:45 GMT' } });
    expect(retryDelayMs(dated, 'service-unavailable', options, NOW)).toBe(45_000);
  });
});

describe('parseHttpDate: every month and the edges of the clock', () => {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  it.each(MONTHS.map((month, index) => [month, index] as const))('reads %s as month %i in each of the three forms', (month, index) => {
    const at = Date.UTC(2027, index, 15, 10, 20, 30);
    expect(parseHttpDate(`Mon, 15 ${month} 2027 10:20:30 GMT`, NOW)).toBe(at);
    expect(parseHttpDate(`Monday, 15-${month}-27 10:20:30 GMT`, NOW)).toBe(at);
    expect(parseHttpDate(`Mon ${month} 15 10:20:30 2027`, NOW)).toBe(at);
  });

  it('accepts the last hour, minute and second of a day, and a leap second', () => {
    expect(parseHttpDate('Wed, 25 Nov 2026 23:59:59 GMT', NOW)).toBe(Date.UTC(2026, 10, 25, 23, 59, 59));
    expect(parseHttpDate('Wed, 31 Dec 2026 23:59:60 GMT', NOW)).toBe(Date.UTC(2027, 0, 1));
    expect(parseHttpDate('Sun, 01 Nov 2026 00:00:00 GMT', NOW)).toBe(Date.UTC(2026, 10, 1));
  });

  it('accepts 29 February only in a leap year', () => {
    expect(parseHttpDate('Tue, 29 Feb 2028 00:00:00 GMT', NOW)).toBe(Date.UTC(2028, 1, 29));
    expect(parseHttpDate('Mon, 29 Feb 2027 00:00:00 GMT', NOW)).toBeUndefined();
  });
});

describe('parseHttpDate: the obsolete forms refuse an impossible date too', () => {
  // Each row: what is wrong, then the same instant written in RFC 850 and in asctime.
  it.each([
    ['hour 24', 'Wednesday, 25-Nov-26 24:00:00 GMT', 'Wed Nov 25 24:00:00 2026'],
    ['minute 60', 'Wednesday, 25-Nov-26 12:60:00 GMT', 'Wed Nov 25 12:60:00 2026'],
    ['second 61', 'Wednesday, 25-Nov-26 12:01:61 GMT', 'Wed Nov 25 12:01:61 2026'],
    ['day 00', 'Wednesday, 00-Nov-26 12:01:00 GMT', 'Wed Nov 00 12:01:00 2026'],
    ['day 0, padded as asctime pads a one-digit day', 'Wednesday, 00-Nov-26 12:01:00 GMT', 'Wed Nov  0 12:01:00 2026'],
    ['31 September', 'Thursday, 31-Sep-26 12:01:00 GMT', 'Thu Sep 31 12:01:00 2026'],
    ['29 February of a common year', 'Monday, 29-Feb-27 00:00:00 GMT', 'Mon Feb 29 00:00:00 2027'],
    ['an unknown month', 'Wednesday, 25-Foo-26 12:01:00 GMT', 'Wed Foo 25 12:01:00 2026'],
  ])('%s', (_what, rfc850, asctime) => {
    expect(parseHttpDate(rfc850, NOW)).toBeUndefined();
    expect(parseHttpDate(asctime, NOW)).toBeUndefined();
  });

  it('accept midnight, the last second of a day and a leap second in every form', () => {
    expect(parseHttpDate('Thursday, 26-Nov-26 00:00:00 GMT', NOW)).toBe(Date.UTC(2026, 10, 26));
    expect(parseHttpDate('Thu Nov 26 00:00:00 2026', NOW)).toBe(Date.UTC(2026, 10, 26));
    expect(parseHttpDate('Wednesday, 25-Nov-26 23:59:59 GMT', NOW)).toBe(Date.UTC(2026, 10, 25, 23, 59, 59));
    expect(parseHttpDate('Wed Nov 25 23:59:59 2026', NOW)).toBe(Date.UTC(2026, 10, 25, 23, 59, 59));
    // A leap second is read as the first second of the next minute.
    expect(parseHttpDate('Thursday, 31-Dec-26 23:59:60 GMT', NOW)).toBe(Date.UTC(2027, 0, 1));
    expect(parseHttpDate('Thu Dec 31 23:59:60 2026', NOW)).toBe(Date.UTC(2027, 0, 1));
  });
});
