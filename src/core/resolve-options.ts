import { constants as bufferConstants } from 'node:buffer';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue, typeOfValue } from '../internal/describe.js';
import { resolveRetryOptions } from '../retry/options.js';
import { SDK_VERSION } from '../version.js';
import type { AppInfo, ClientOptions, ResolvedClientOptions } from './options.js';
import { checkCoordination, checkRateLimit } from '../coordination/check.js';
import { proxySecrets, resolveProxy } from './proxy.js';
import { abortableSleep, MAX_TIMER_MS } from './sleep.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const KNOWN_OPTIONS = new Set([
  'baseUrl',
  'accessToken',
  'authScheme',
  'timeoutMs',
  'retry',
  'sleep',
  'onRetry',
  'onRequest',
  'onResponse',
  'maxResponseBytes',
  'maxSockets',
  'proxy',
  'allowInsecureHttp',
  'appInfo',
  'coordination',
  'rateLimit',
]);
const TOKEN_CHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,100}$/;

/**
 * Checks a base URL: `https:`, or `http:` on a loopback host (any host with `allowInsecureHttp`);
 * no credentials, path, query or fragment. Returns it as a URL.
 */
export function checkBaseUrl(value: unknown, field = 'baseUrl', allowInsecureHttp = false): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'an empty string' : typeOfValue(value);
    throw new ConcurValidationError(`${field} is required: the Concur host to call, e.g. ConcurRegions.US2 (got ${got}).`, { field });
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConcurValidationError(`${field} is not a valid URL: "${value.slice(0, 200)}".`, { field });
  }
  const httpAllowed = url.protocol === 'http:' && (allowInsecureHttp || LOOPBACK_HOSTS.has(url.hostname));
  if (url.protocol !== 'https:' && !httpAllowed) {
    throw new ConcurValidationError(
      `${field} must use https (http is accepted only for 127.0.0.1, localhost and [::1], or any host with allowInsecureHttp: true); got ${url.protocol}//${url.host}.`,
      { field },
    );
  }
  // An http: or https: URL always has a path, '/' at least.
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '' || url.pathname !== '/') {
    throw new ConcurValidationError(`${field} must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.`, {
      field,
    });
  }
  return url;
}

/** Checks a time limit: a whole number of milliseconds a Node timer can hold. */
export function checkTimeoutMs(value: unknown, fallback: number, field = 'timeoutMs'): number {
  return wholeNumber(field, value, fallback, 1, MAX_TIMER_MS);
}

/** A whole number from `min` to `max`, or the fallback when undefined. */
function wholeNumber(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  // Number.isInteger is false for anything but a whole number (a string, NaN, Infinity).
  const number = value as number;
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConcurValidationError(`${name} must be a whole number from ${min} to ${max} (got ${describeValue(value)}).`, { field: name });
  }
  return number;
}

function optionalFunction<F>(name: string, value: unknown, shape: string): F | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new ConcurValidationError(`${name} must be a function ${shape} (got ${typeOfValue(value)}).`, { field: name });
  }
  return value as F | undefined;
}

/** `concur-sdk/x node/y`, then the app's product token when `appInfo` is given. */
function userAgent(appInfo: unknown): string {
  const base = `concur-sdk/${SDK_VERSION} node/${process.versions.node}`;
  if (appInfo === undefined) return base;
  if (typeof appInfo !== 'object' || appInfo === null) {
    throw new ConcurValidationError(`appInfo must be an object { name, version?, url? } (got ${typeOfValue(appInfo)}).`, { field: 'appInfo' });
  }
  const { name, version, url, ...rest } = appInfo as AppInfo;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new ConcurValidationError(`Unknown appInfo field "${unknown}"; the fields are name, version and url.`, { field: `appInfo.${unknown}` });
  for (const [field, value] of [['name', name], ['version', version]] as const) {
    if ((field === 'name' || value !== undefined) && (typeof value !== 'string' || !TOKEN_CHARS.test(value))) {
      throw new ConcurValidationError(
        `appInfo.${field} must be 1 to 100 characters of letters, digits and !#$%&'*+-.^_\`|~, no spaces (got ${describeValue(value)}).`,
        { field: `appInfo.${field}` },
      );
    }
  }
  let product = `${name}${version === undefined ? '' : `/${version}`}`;
  if (url !== undefined) {
    const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined;
    if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || !/^[\x21-\x7e]{1,300}$/.test(url)) {
      throw new ConcurValidationError(`appInfo.url must be an http: or https: URL without spaces (got ${describeValue(url)}).`, { field: 'appInfo.url' });
    }
    product += ` (+${url})`;
  }
  return `${base} ${product}`;
}

/** Checks the client options once and fills in defaults. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConcurValidationError(`ConcurClient needs an options object with at least baseUrl and accessToken (got ${typeOfValue(options)}).`, {
      field: 'options',
    });
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new ConcurValidationError(`Unknown ConcurClient option "${key}"; the options are ${[...KNOWN_OPTIONS].join(', ')}.`, { field: key });
    }
  }
  const { accessToken, authScheme = 'Bearer', allowInsecureHttp = false } = options;
  if (!(typeof accessToken === 'function' || (typeof accessToken === 'string' && stripScheme(accessToken) !== ''))) {
    const got = typeof accessToken === 'string' ? describeEmptyToken(accessToken) : typeOfValue(accessToken);
    throw new ConcurValidationError(`accessToken is required: a token string, or a function that returns one (got ${got}).`, { field: 'accessToken' });
  }
  if (authScheme !== 'Bearer' && authScheme !== 'OAuth') {
    throw new ConcurValidationError(`authScheme must be 'Bearer' or 'OAuth' (got ${describeValue(authScheme)}).`, { field: 'authScheme' });
  }
  if (typeof allowInsecureHttp !== 'boolean') {
    throw new ConcurValidationError(`allowInsecureHttp must be true or false (got ${describeValue(allowInsecureHttp)}).`, { field: 'allowInsecureHttp' });
  }
  const baseUrl = checkBaseUrl(options.baseUrl, 'baseUrl', allowInsecureHttp);
  const proxy = resolveProxy(options.proxy, baseUrl);
  const fixedToken = typeof accessToken === 'string' ? stripScheme(accessToken) : undefined;
  return {
    baseUrl,
    accessToken,
    authScheme,
    timeoutMs: checkTimeoutMs(options.timeoutMs, 60_000),
    retry: resolveRetryOptions(options.retry),
    sleep: optionalFunction('sleep', options.sleep, '(ms, signal) => Promise<void>') ?? abortableSleep,
    onRetry: optionalFunction('onRetry', options.onRetry, '(event) => void'),
    onRequest: optionalFunction('onRequest', options.onRequest, '(event) => void'),
    onResponse: optionalFunction('onResponse', options.onResponse, '(event) => void'),
    maxResponseBytes: wholeNumber('maxResponseBytes', options.maxResponseBytes, 100 * 1024 * 1024, 1, bufferConstants.MAX_LENGTH),
    maxSockets: wholeNumber('maxSockets', options.maxSockets, 16, 1, 1024),
    proxy,
    userAgent: userAgent(options.appInfo),
    // Redaction itself passes over secrets shorter than 8 characters (MIN_SECRET_LENGTH, errors/redact.ts).
    secrets: [...(fixedToken === undefined ? [] : [fixedToken]), ...proxySecrets(proxy)],
    coordination: checkCoordination(options.coordination),
    rateLimit: checkRateLimit(options.rateLimit),
  };
}

/**
 * A token as it is sent after the scheme: surrounding blanks dropped, and a leading `Bearer ` or
 * `OAuth ` (any case) removed once, so a token pasted with its scheme is not sent as
 * `Bearer Bearer …`.
 */
export function stripScheme(token: string): string {
  // A scheme with nothing after it (`Bearer ` from a template whose token was empty) strips to ''
  // and is refused as no token, rather than sent as the token "Bearer".
  return token.trim().replace(/^(?:bearer|oauth)(?:\s+|$)/i, '');
}

/** How a token string that {@link stripScheme} leaves empty is named in an error. */
export function describeEmptyToken(token: string): string {
  return token.trim() === '' ? 'an empty string' : `only the scheme "${token.trim()}" with no token after it`;
}
