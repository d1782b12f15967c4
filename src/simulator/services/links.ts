import type { SimContext } from '../http-types.js';

/**
 * An id as one URL path segment, the way Concur writes its links: reserved characters encoded,
 * but `$` left as it is (Concur's encrypted ids hold `$`, reference §1.5).
 */
export function linkSegment(id: string): string {
  return encodeURIComponent(id).replace(/%24/g, '$');
}

/**
 * An API link as Concur writes it: on the link origin (`www.concursolutions.com` in every
 * published example, reference §15), which a client follows by path on its own host.
 */
export function apiLink(context: SimContext, path: string): string {
  return `${context.linkOrigin}${path}`;
}

/**
 * A `File-Url`: an API link, with a space after the scheme when asked, as in the published close
 * example `http:// www.concursolutions.com/...` (2013 "Close a Payment Batch" page).
 */
export function fileUrl(context: SimContext, path: string): string {
  const link = apiLink(context, path);
  return context.spaceInFileUrl ? link.replace('://', ':// ') : link;
}

/** A `YYYY-MM-DD` date that exists in the calendar. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
