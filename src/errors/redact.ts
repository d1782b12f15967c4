/** Replaces secrets that leaked into text (a server echoing the token, say). */
export const REDACTED = '[REDACTED]';

/** How much of a response body an error keeps. */
export const MAX_ERROR_BODY_CHARS = 4096;

/**
 * Removes every occurrence of each secret from `text`. Plain string splitting, no regular
 * expression, so hostile input cannot make it slow.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
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
