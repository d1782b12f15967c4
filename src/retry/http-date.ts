// HTTP-date, RFC 9110 §5.6.7: the preferred IMF-fixdate and the two obsolete forms a recipient
// must still accept (RFC 850 and asctime). Nothing else is a date: V8's `Date.parse` reads junk
// such as `abc 5` as a day in 2001, which would turn a garbled Retry-After into "retry now".

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)';
const DAY_LONG = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';

/** `Sun, 06 Nov 1994 08:49:37 GMT` */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, 'i');
/** `Sunday, 06-Nov-94 08:49:37 GMT` */
const RFC_850 = new RegExp(`^${DAY_LONG}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, 'i');
/** `Sun Nov  6 08:49:37 1994` (a single-digit day is padded with a space) */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ((?:\\d{2})|(?: \\d)) ${TIME} (\\d{4})$`, 'i');

interface DateParts {
  year: number;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function toMs(parts: DateParts): number | undefined {
  const month = MONTHS.indexOf(parts.month.toLowerCase());
  // Stryker disable next-line MethodExpression: Number() ignores surrounding blanks itself; the trim only makes the asctime day's padding visible
  const day = Number(parts.day.trim());
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  // RFC 9110 allows a leap second (60).
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const at = Date.UTC(parts.year, month, day, hour, minute, second);
  // Date.UTC rolls a day past the month's end, or day 00, into the next or previous month: either
  // way the day it lands on differs, so this also refuses day 00.
  if (new Date(Date.UTC(parts.year, month, day)).getUTCDate() !== day) return undefined;
  return at;
}

/**
 * RFC 850's two-digit year: RFC 9110 §5.6.7 reads one that would be more than 50 years in the
 * future as the most recent past year with the same last two digits.
 */
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = current - (current % 100) + twoDigits;
  if (year > current + 50) year -= 100;
  return year;
}

/**
 * Reads an HTTP-date in one of the three forms RFC 9110 names, in milliseconds since the epoch;
 * undefined for anything else.
 *
 * @internal
 */
export function parseHttpDate(text: string, now: number = Date.now()): number | undefined {
  let match = IMF_FIXDATE.exec(text);
  if (match !== null) {
    // Stryker disable next-line StringLiteral: every group of the pattern is required, so a match fills each one and these defaults (there for the type checker) never apply
    const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = match;
    return toMs({ year: Number(year), month, day, hour, minute, second });
  }
  match = RFC_850.exec(text);
  if (match !== null) {
    // Stryker disable next-line StringLiteral: every group of the pattern is required, so a match fills each one and these defaults (there for the type checker) never apply
    const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = match;
    return toMs({ year: fullYear(Number(year), now), month, day, hour, minute, second });
  }
  match = ASCTIME.exec(text);
  if (match !== null) {
    // Stryker disable next-line StringLiteral: every group of the pattern is required, so a match fills each one and these defaults (there for the type checker) never apply
    const [, month = '', day = '', hour = '', minute = '', second = '', year = ''] = match;
    return toMs({ year: Number(year), month, day, hour, minute, second });
  }
  return undefined;
}
