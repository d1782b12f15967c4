import { getProxyForUrl } from 'proxy-from-env';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { typeOfValue } from '../internal/describe.js';

/**
 * Reads the `proxy` option: a URL, `'env'`, or `false`. `'env'` goes through `proxy-from-env`
 * (the parser axios itself uses), which follows `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` and
 * `NO_PROXY` in upper and lower case. The client only ever calls `baseUrl`, so the choice is made
 * once, for that URL.
 */
export function resolveProxy(value: unknown, baseUrl: URL): URL | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === 'env') {
    const fromEnv = getProxyForUrl(baseUrl.href);
    return fromEnv === '' ? undefined : parseProxyUrl(fromEnv, 'the proxy named by HTTPS_PROXY / HTTP_PROXY / ALL_PROXY');
  }
  if (typeof value !== 'string') {
    throw new ConcurValidationError(`proxy must be a proxy URL, 'env' or false (got ${typeOfValue(value)}).`, { field: 'proxy' });
  }
  return parseProxyUrl(value, 'proxy');
}

function parseProxyUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    // The value is not quoted: it may hold credentials.
    throw new ConcurValidationError(`${what} is not a valid URL; write it as http://[user:password@]host:port.`, { field: 'proxy' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConcurValidationError(`${what} must be an http: or https: proxy URL (got ${url.protocol}).`, { field: 'proxy' });
  }
  // An http: or https: URL always has a path, '/' at least.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new ConcurValidationError(`${what} must be a proxy origin such as http://proxy.corp:3128, with no path or query.`, { field: 'proxy' });
  }
  return url;
}

/** The proxy's credentials, in every form they are sent, to be redacted wherever they appear. */
export function proxySecrets(proxy: URL | undefined): string[] {
  if (proxy === undefined || (proxy.username === '' && proxy.password === '')) return [];
  const user = safeDecode(proxy.username);
  const password = safeDecode(proxy.password);
  const pair = `${user}:${password}`;
  return [user, password, pair, Buffer.from(pair, 'utf8').toString('base64'), proxy.username, proxy.password].filter((value) => value !== '');
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
