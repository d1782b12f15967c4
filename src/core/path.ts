import { ConcurValidationError } from '../errors/validation-errors.js';

/**
 * Every request path of the SDK is built or checked here, and nowhere else.
 *
 * - {@link fillPath} fills an endpoint's template, encoding each value as one segment.
 * - {@link checkPath} vets a path given whole (by a caller of `request`, or from a link).
 * - {@link resolveLink} turns a URL that Concur returned into a path on the configured host.
 */

/** A value that can fill one path segment. */
export type PathValue = string | number;

// A dot segment, also when percent-encoded: WHATWG URL parsing treats %2e as '.', so
// `/a/%2e%2e/b` would climb out just like `/a/../b`.
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;
// Control characters, backslashes (URL parsers treat them as '/'), and the query / fragment marks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_IN_PATH = /[\u0000-\u001f\u007f\\?#]/;

/**
 * Fills the `{name}` placeholders of an endpoint's path template, encoding each value as one
 * segment with `encodeURIComponent`, so `/` `?` `#` `%` `$` and spaces in an id stay inside it.
 * Refuses empty values and the dot segments `.` and `..`. A missing or unused parameter is an error.
 *
 * @example
 * ```ts
 * fillPath('/api/expense/list/v1.0/{listId}/batch', { listId }); // '/api/expense/list/v1.0/gWq%24x/batch'
 * ```
 */
export function fillPath(template: string, params: Readonly<Record<string, PathValue>> = {}): string {
  const used = new Set<string>();
  const filled = template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_match, name: string) => {
    if (!Object.hasOwn(params, name)) {
      throw new ConcurValidationError(`The path ${template} needs a value for {${name}}.`, { field: name });
    }
    used.add(name);
    return encodeSegment(params[name] as PathValue);
  });
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new ConcurValidationError(`The path ${template} has no placeholder for ${unused.join(', ')}.`, { field: unused[0] });
  }
  return checkPath(filled);
}

function encodeSegment(value: PathValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConcurValidationError(`A path value must be a finite number; got ${String(value)}.`, { field: 'path' });
    return String(value);
  }
  if (typeof value !== 'string') {
    throw new ConcurValidationError(`A path value must be a string or a number; got ${typeof value}.`, { field: 'path' });
  }
  if (value.trim() === '') {
    throw new ConcurValidationError('An id in the path is empty; Concur would answer 400 or 404. Pass the id the API returned.', {
      field: 'path',
    });
  }
  if (DOT_SEGMENT.test(value)) {
    throw new ConcurValidationError(`"${value}" cannot be used as an id in a path.`, { field: 'path' });
  }
  return encodeURIComponent(value);
}

/**
 * Checks a whole path: it must start with a single `/`, hold no dot segments (plain or
 * percent-encoded), no backslash, no control characters, and no query or fragment (pass query
 * parameters separately). Returns the path unchanged.
 *
 * @throws ConcurValidationError when the path could leave the configured host or is malformed.
 */
export function checkPath(value: string): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) {
    throw new ConcurValidationError(
      `A request path must be relative to the base URL and start with a single "/"; got "${String(value).slice(0, 100)}". Absolute URLs are refused so that the token never leaves the configured host.`,
      { field: 'path' },
    );
  }
  if (FORBIDDEN_IN_PATH.test(value)) {
    throw new ConcurValidationError(
      'A request path may not contain a backslash, control characters, "?" or "#"; pass query parameters in `query`.',
      { field: 'path' },
    );
  }
  if (value.split('/').some((segment) => DOT_SEGMENT.test(segment))) {
    throw new ConcurValidationError('A request path may not contain "." or ".." segments.', { field: 'path' });
  }
  return value;
}

/** Query parameters; `undefined` values are left out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/** Encodes query parameters with `encodeURIComponent` (spaces as `%20`), in insertion order. */
export function queryString(query: QueryParams | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** A link Concur returned, reduced to what the client may request. */
export interface ResolvedLink {
  path: string;
  query: Record<string, string>;
}

/**
 * Repairs what Concur's documented links get wrong: surrounding blanks and a space after the
 * scheme (`http:// www…`, reference §1.5).
 */
export function cleanLink(url: string): string {
  return url.trim().replace(/^(https?:\/\/)\s+/i, '$1');
}

/** `decodeURIComponent`, or the segment unchanged when it is not valid percent-encoding. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The decoded path segments of a URL or path Concur returned, to read an id from it. Nothing is
 * requested, so the host is not checked here; {@link resolveLink} checks it before any request.
 */
export function linkSegments(url: string): string[] {
  let path: string;
  try {
    path = new URL(cleanLink(url), 'https://path.invalid').pathname;
  } catch {
    path = url.split(/[?#]/)[0] ?? '';
  }
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : protocol === 'http:' ? '80' : '';
}

/**
 * Turns a URL from a Concur response (`batch-link`, `File-Url`, a job `id`…) into a path and query
 * on the configured host. A link to any other host is refused, so the token is never sent there.
 * An `http:` link to the configured `https:` host is followed over `https:`; never the reverse.
 *
 * @throws ConcurValidationError when the link is malformed or points at another host.
 */
export function resolveLink(link: string, baseUrl: URL): ResolvedLink {
  let url: URL;
  try {
    url = new URL(cleanLink(link), baseUrl);
  } catch {
    throw new ConcurValidationError(`Concur returned a link that is not a valid URL: "${link.slice(0, 200)}".`, { field: 'link' });
  }
  const samePort = (url.port || defaultPort(url.protocol)) === (baseUrl.port || defaultPort(baseUrl.protocol));
  const schemeOk = url.protocol === baseUrl.protocol || (url.protocol === 'http:' && baseUrl.protocol === 'https:');
  const portOk = samePort || (url.protocol !== baseUrl.protocol && url.port === '');
  if (url.hostname.toLowerCase() !== baseUrl.hostname.toLowerCase() || !schemeOk || !portOk || url.username !== '' || url.password !== '') {
    throw new ConcurValidationError(
      `Refused to follow a link to ${url.protocol}//${url.host}: it is not the configured host ${baseUrl.host}, and the token is only ever sent there.`,
      { field: 'link' },
    );
  }
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    query[key] = value;
  });
  return { path: checkPath(url.pathname), query };
}
