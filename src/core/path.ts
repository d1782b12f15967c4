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
// A UTF-16 surrogate without its other half: encodeURIComponent throws URIError on it, and URL
// parsing silently turns it into U+FFFD, so neither would send what the caller meant.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses a string that holds a lone surrogate, naming `field`. */
function requireWellFormed(value: string, field: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new ConcurValidationError(
      `${what} ${JSON.stringify(value.slice(0, 100))} holds a lone UTF-16 surrogate, which cannot be sent in a URL; pass the text without the broken character.`,
      { field },
    );
  }
}

/**
 * Fills the `{name}` placeholders of an endpoint's path template, encoding each value as one
 * segment with `encodeURIComponent`, so `/` `?` `#` `%` `$` and spaces in an id stay inside it.
 * Refuses empty values, the dot segments `.` and `..`, and text with a lone UTF-16 surrogate; the
 * error's `field` names the placeholder. A missing or unused parameter is an error.
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
    return encodeSegment(params[name] as PathValue, name);
  });
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new ConcurValidationError(`The path ${template} has no placeholder for ${unused.join(', ')}.`, { field: unused[0] });
  }
  return checkPath(filled);
}

function encodeSegment(value: PathValue, field: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ConcurValidationError(`${field} must be a finite number; got ${String(value)}.`, { field });
    return String(value);
  }
  if (typeof value !== 'string') {
    throw new ConcurValidationError(`${field} must be a string or a number; got ${typeof value}.`, { field });
  }
  if (value.trim() === '') {
    throw new ConcurValidationError(`${field} is empty; Concur would answer 400 or 404. Pass the id the API returned.`, { field });
  }
  if (DOT_SEGMENT.test(value)) {
    throw new ConcurValidationError(`"${value}" cannot be used as ${field} in a path.`, { field });
  }
  requireWellFormed(value, field, field);
  return encodeURIComponent(value);
}

/**
 * Checks a whole path: it must start with a single `/`, hold no dot segments (plain or
 * percent-encoded), no backslash, no control characters, no lone UTF-16 surrogate, and no query or
 * fragment (pass query parameters separately). Returns the path unchanged.
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
  requireWellFormed(value, 'path', 'The request path');
  return value;
}

/** Query parameters; `undefined` values are left out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Encodes query parameters with `encodeURIComponent` (spaces as `%20`), in insertion order.
 *
 * @throws ConcurValidationError naming the parameter when a key or value holds a lone UTF-16 surrogate.
 */
export function queryString(query: QueryParams | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    requireWellFormed(key, 'query', 'The query parameter name');
    const text = String(value);
    requireWellFormed(text, key, `The query parameter ${key}`);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
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
 * scheme (`http:// www…`, in the 2013 "Close a Payment Batch" example, reference §1.5).
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
 * requested, so neither the host nor the characters are checked here: a broken character in an
 * answer (a lone UTF-16 surrogate, which a JSON `\ud800` escape can produce) reads as U+FFFD, as
 * the URL parser writes it, rather than failing the read. {@link resolveLink} checks a link
 * before any request, and {@link fillPath} an id.
 */
export function linkSegments(url: string): string[] {
  let path: string;
  try {
    path = new URL(cleanLink(url), 'https://path.invalid').pathname;
  } catch {
    // Stryker disable next-line StringLiteral: split always returns at least one string
    path = url.split(/[?#]/)[0] ?? '';
  }
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
}

// `scheme://authority` with the authority written plainly: an ASCII host name or a bracketed IPv6
// address, and an optional port. Credentials (`@`), percent-encoded or non-ASCII host names and
// backslashes never match, so what the URL parser reads is what the link says.
const ABSOLUTE_LINK = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/([^/?#]*))?/;
const PLAIN_AUTHORITY = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
// Every documented Concur link is on www.concursolutions.com; regional API hosts
// (us2.api.concursolutions.com) and implementation hosts are under the same domain (reference
// §1.1, §15). The apex is accepted too. No trailing dot, no empty label.
const CONCUR_HOST = /^(?:[a-z0-9-]+\.)*concursolutions\.com$/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_IN_LINK = /[\u0000-\u001f\u007f\\]/;

/**
 * The configured host: same scheme and port, or an `http:` link on the default port to an `https:`
 * base. Both URLs are `http:` or `https:`, whose parser drops a port equal to the scheme's default,
 * so `port` is `''` exactly when the scheme's default port is meant.
 */
function isConfiguredOrigin(url: URL, baseUrl: URL): boolean {
  if (url.hostname !== baseUrl.hostname) return false;
  if (url.protocol === baseUrl.protocol) return url.port === baseUrl.port;
  // The schemes differ, so the base is https: when the link is http:.
  return url.protocol === 'http:' && url.port === '';
}

/** A Concur host on its scheme's default port (the scheme, http: or https:, is checked before). */
function isConcurOrigin(url: URL): boolean {
  return url.port === '' && CONCUR_HOST.test(url.hostname);
}

function refuseLink(link: string, reason: string): never {
  throw new ConcurValidationError(`Refused to follow the link "${link.slice(0, 200)}": ${reason}. Pass the id instead, or report the link if Concur returned it.`, {
    field: 'link',
  });
}

/**
 * Turns a URL from a Concur response (`batch-link`, `File-Url`, a list or job `id`…) into a path
 * and query, always requested on the configured base URL: the host in the link only decides
 * whether it is followed, never where the request (and the token) goes. Followed:
 *
 * - a path starting with a single `/`;
 * - an `http:` or `https:` link on the configured host, with the configured scheme and port, or
 *   `http:` on the default port when the base URL is `https:` (never the reverse);
 * - an `http:` or `https:` link on `concursolutions.com` or any host under it
 *   (`www.concursolutions.com`, where every documented link points, regional API hosts such as
 *   `us2.api.concursolutions.com`, implementation hosts), on the scheme's default port.
 *
 * Surrounding blanks and a space after the scheme (`http:// www…`, in a published example) are
 * removed first. Refused, before anything is sent: any other host (`concursolutions.com.evil.example`,
 * `evilconcursolutions.com`, a trailing dot), other ports, other schemes, credentials (`user:pass@`),
 * a host that is percent-encoded or not plain ASCII, backslashes, control characters, lone UTF-16
 * surrogates, `.` / `..` segments, and a query parameter given twice.
 *
 * @throws ConcurValidationError (`field: 'link'`) when the link is refused.
 * @example
 * ```ts
 * resolveLink('https://www.concursolutions.com/api/expense/list/v1.0/gWq$x?x=1', new URL('https://us2.api.concursolutions.com'));
 * // { path: '/api/expense/list/v1.0/gWq$x', query: { x: '1' } }, requested on us2.api.concursolutions.com
 * ```
 */
export function resolveLink(link: string, baseUrl: URL): ResolvedLink {
  if (typeof link !== 'string') {
    throw new ConcurValidationError(`A link must be a string; got ${typeof link}.`, { field: 'link' });
  }
  requireWellFormed(link, 'link', 'The link');
  const cleaned = cleanLink(link);
  if (FORBIDDEN_IN_LINK.test(cleaned)) refuseLink(link, 'it holds a backslash or a control character');
  const absolute = ABSOLUTE_LINK.exec(cleaned);
  let rest = cleaned;
  if (absolute === null) {
    if (!cleaned.startsWith('/') || cleaned.startsWith('//')) refuseLink(link, 'it is neither an http(s) URL nor a path starting with a single "/"');
  } else {
    // Stryker disable next-line StringLiteral: group 1 always matches, and group 3 is read only once group 2, which holds it, has matched
    const [whole, scheme = '', slashes, authority = ''] = absolute;
    if (!/^https?$/i.test(scheme)) refuseLink(link, `only http: and https: links are followed, not ${scheme.toLowerCase()}:`);
    if (slashes === undefined) refuseLink(link, 'it has no "//" after the scheme');
    if (authority.includes('@')) refuseLink(link, 'it holds credentials');
    if (!PLAIN_AUTHORITY.test(authority)) refuseLink(link, `its host "${authority.slice(0, 100)}" is not a plain host name`);
    // Stryker disable next-line MethodExpression: the host check, which runs before the dot-segment check, passes only the configured host and concursolutions.com hosts, so the scheme and host add no "." or ".." segment
    rest = cleaned.slice(whole.length);
  }
  let url: URL;
  try {
    url = new URL(cleaned, baseUrl);
  } catch {
    refuseLink(link, 'it is not a valid URL');
  }
  // A path resolves onto the configured host itself, so only an absolute link can fail this.
  if (!isConfiguredOrigin(url, baseUrl) && !isConcurOrigin(url)) {
    refuseLink(link, `${url.protocol}//${url.host} is not the configured host ${baseUrl.host}, nor a concursolutions.com host on its default port`);
  }
  // Checked as written: the URL parser would silently resolve `..` and `%2e%2e`.
  // Stryker disable next-line StringLiteral: split always returns at least one string
  const writtenPath = rest.split(/[?#]/)[0] ?? '';
  if (writtenPath.split('/').some((segment) => DOT_SEGMENT.test(segment))) refuseLink(link, 'it holds "." or ".." segments');
  // `https://host//evil.example/x` keeps `//evil.example/x` as its path, which names another host.
  if (url.pathname.startsWith('//')) refuseLink(link, 'its path starts with "//"');
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(query, key)) refuseLink(link, `its query gives ${key} twice`);
    query[key] = value;
  }
  return { path: checkPath(url.pathname), query };
}
