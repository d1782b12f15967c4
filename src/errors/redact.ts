/** Replaces secrets that leaked into text (a server echoing the token, say). */
export const REDACTED = '[REDACTED]';

/** How much of a response body an error keeps. */
export const MAX_ERROR_BODY_CHARS = 4096;

/**
 * Secrets shorter than this are not redacted: no real Concur token, refresh token or client
 * secret is that short, and replacing a one-letter test token would shred every message.
 */
export const MIN_SECRET_LENGTH = 8;

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NOT_ALPHANUMERIC = /[^A-Za-z0-9]/g;

/** `encodeURIComponent`, or undefined for text it cannot encode (a lone surrogate). */
function percentEncoded(text: string): string | undefined {
  try {
    return encodeURIComponent(text);
  }
  // Stryker disable next-line BlockStatement: an empty catch block also ends the function, which then returns undefined
  catch {
    return undefined;
  }
}

function hex4(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).padStart(4, '0');
}

/**
 * The forms a secret takes when a server or proxy echoes it: as sent, percent-encoded (either
 * case of hex digit, `+` for spaces as in form bodies), JSON-escaped (also `\/` and the `\uXXXX`
 * escapes .NET's serialiser writes for `+`, `&`, `<`…), and XML-escaped (named and numeric
 * character references). Longest first, so no form is left half replaced by a shorter one.
 */
export function secretForms(secret: string): readonly string[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const known = FORMS_CACHE.get(secret);
  if (known !== undefined) return known;
  const forms = computeForms(secret);
  // Every response of every call redacts its body with the client's current tokens: keep the
  // forms of the few latest secrets rather than deriving them per response.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: only bounds the cache; evicting more or less often changes no result
  if (FORMS_CACHE.size >= FORMS_CACHE_SIZE) FORMS_CACHE.delete(FORMS_CACHE.keys().next().value as string);
  FORMS_CACHE.set(secret, forms);
  return forms;
}

const FORMS_CACHE = new Map<string, readonly string[]>();
const FORMS_CACHE_SIZE = 32;

function computeForms(secret: string): readonly string[] {
  const forms = new Set<string>([secret]);
  const percent = percentEncoded(secret);
  if (percent !== undefined) {
    forms.add(percent);
    forms.add(percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
    forms.add(new URLSearchParams([['', secret]]).toString().slice(1));
  }
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  forms.add(secret.replace(NOT_ALPHANUMERIC, (char) => `\\u${hex4(char)}`));
  forms.add(secret.replace(NOT_ALPHANUMERIC, (char) => `\\u${hex4(char).toUpperCase()}`));
  forms.add(secret.replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char));
  forms.add(secret.replace(NOT_ALPHANUMERIC, (char) => `&#${char.codePointAt(0) ?? 0};`));
  forms.add(secret.replace(NOT_ALPHANUMERIC, (char) => `&#x${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()};`));
  forms.add(secret.replace(NOT_ALPHANUMERIC, (char) => `&#x${(char.codePointAt(0) ?? 0).toString(16)};`));
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Removes every occurrence of each secret, in each form {@link secretForms} lists, from `text`.
 * Plain string splitting, no regular expression, so hostile input cannot make it slow.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Every form keeps the secret's letters and digits as they are (only the other characters
    // are escaped), so text without its longest alphanumeric run holds no form of it: one scan
    // instead of one per form, for each response body of every call.
    const core = alphanumericCore(secret);
    if (core !== undefined && !out.includes(core)) continue;
    for (const form of secretForms(secret)) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

const CORES = new Map<string, string | undefined>();

/** The secret's longest run of ASCII letters and digits, when it has one of 4 or more. */
// Stryker disable next-line BlockStatement: a shortcut for redactSecrets; without a core it scans every form, with the same result
function alphanumericCore(secret: string): string | undefined {
  // Stryker disable next-line ConditionalExpression: a cache; the core computed again is the same core
  if (CORES.has(secret)) return CORES.get(secret);
  let best = '';
  // Stryker disable next-line ConditionalExpression,EqualityOperator: any run of the secret's letters and digits is in every form, so any run (or none) gives the same redaction
  for (const run of secret.split(NOT_ALPHANUMERIC)) if (run.length > best.length) best = run;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the threshold only decides whether the shortcut is used; any run, or none, gives the same redaction
  const core = best.length >= 4 ? best : undefined;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: only bounds the cache; evicting more or less often changes no result
  if (CORES.size >= FORMS_CACHE_SIZE) CORES.delete(CORES.keys().next().value as string);
  CORES.set(secret, core);
  return core;
}

/** Redacts, then cuts `text` to `max` characters, saying how much was cut. */
export function boundedText(text: string, secrets: readonly string[], max = MAX_ERROR_BODY_CHARS): string {
  // Redact before cutting, so a secret split by the cut cannot survive in part.
  const clean = redactSecrets(text, secrets);
  return clean.length <= max ? clean : `${clean.slice(0, max)}… [${clean.length - max} more characters]`;
}

/** Response headers an error may keep; everything else is dropped. */
const SAFE_RESPONSE_HEADERS = ['content-type', 'content-length', 'retry-after', 'date', 'concur-correlationid'];

/** Keeps only the allow-listed response headers, with lower-case names. */
export function safeResponseHeaders(headers: Readonly<Record<string, string>>, secrets: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of SAFE_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value !== undefined) kept[name] = boundedText(value, secrets, 256);
  }
  return kept;
}

/** Headers that carry credentials: a response that echoes one never hands it on. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** A successful response's headers, for the caller: credential echoes dropped, the rest redacted. */
export function resultHeaders(headers: Readonly<Record<string, string>>, secrets: readonly string[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name)) kept[name] = redactSecrets(value, secrets);
  }
  return kept;
}

/**
 * The last line of defence: rewrites, in place, every string reachable from an error of the SDK
 * (message, stack, fields, nested records, and the errors of its cause chain) with the secrets
 * removed. Objects in `keep` (the caller's own abort reason) are left as they are.
 */
export function scrubError<E>(error: E, secrets: readonly string[], keep: ReadonlySet<unknown> = new Set()): E {
  if (secrets.length > 0) scrubValue(error, secrets, keep);
  return error;
}

/**
 * Rewrites, in place, every string inside parsed response data (objects and arrays) with the
 * secrets removed: for text the parser joined from pieces the raw body held apart (a token split
 * by a comment, a CDATA boundary or an escaped letter), which redacting the raw body cannot see.
 */
export function scrubData<T>(data: T, secrets: readonly string[]): T {
  if (secrets.length > 0) scrubValue(data, secrets, new Set());
  return data;
}

// Iterative, so a hostile document nested thousands deep cannot overflow the stack.
function scrubValue(root: unknown, secrets: readonly string[], keep: ReadonlySet<unknown>): void {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null || keep.has(value) || seen.has(value) || Object.isFrozen(value)) continue;
    seen.add(value);
    for (const key of Object.getOwnPropertyNames(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      // Stryker disable next-line LogicalOperator: a name just listed always has a descriptor, and an accessor's has no value: read, it is undefined, which neither branch below touches
      if (descriptor === undefined || !('value' in descriptor)) continue;
      const field: unknown = descriptor.value;
      if (typeof field === 'string') {
        const clean = redactSecrets(field, secrets);
        // A writable field takes a new value even when it cannot be reconfigured (in a sealed object).
        if (clean !== field && (descriptor.configurable || descriptor.writable)) Object.defineProperty(value, key, { ...descriptor, value: clean });
        continue;
      }
      // Stryker disable next-line LogicalOperator: a null or a function pushed as well is skipped when popped (not an object, or frozen)
      if (typeof field === 'object' && field !== null) stack.push(field);
    }
  }
}
