import { parseHttpDate } from './http-date.js';

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns the wait
 * in milliseconds (0 for a date in the past), or undefined when the header is absent or unreadable.
 * A date counts only in one of the three forms RFC 9110 §5.6.7 names.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // Stryker disable next-line ConditionalExpression,StringLiteral: an empty value fails the seconds pattern and every date form below too, so it is undefined either way; this line only says so first
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = parseHttpDate(trimmed, now);
  if (at === undefined) return undefined;
  return Math.max(0, at - now);
}
