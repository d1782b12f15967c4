/**
 * An id as one URL path segment, the way Concur writes its links: reserved characters encoded,
 * but `$` left as it is (Concur's encrypted ids hold `$`, reference §1.5).
 */
export function linkSegment(id: string): string {
  return encodeURIComponent(id).replace(/%24/g, '$');
}

/** A `YYYY-MM-DD` date that exists in the calendar. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
