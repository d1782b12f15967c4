import { apiErrorOptionsOf, ConcurApiError } from '../errors/api-error.js';
import { AUTH_ERROR_STATUSES, createAuthError, type ConcurAuthCredential } from '../errors/auth-error.js';
import { boundedText } from '../errors/redact.js';

/** The fields of the token endpoint's 4xx body: `{ code, error, error_description, geolocation }`. */
interface OAuthErrorBody {
  code: number | undefined;
  error: string | undefined;
  description: string | undefined;
  geolocation: string | undefined;
}

interface Cause {
  credential: ConcurAuthCredential;
  advice: (geolocation: string | undefined) => string;
}

const REFRESH_TOKEN_ADVICE =
  'Concur refused the refresh token. Check the refreshToken option: a refresh token stops working 6 months after it was issued, ' +
  'when it is revoked, and once it has been used, so another process that refreshed with it may have rotated it already. ' +
  'Store the newest refresh token from onRefresh and start from that one; if none works, the user must authorize the app again.';

const GRANT_ADVICE = "Check the app's grant configuration in App Management: the app must be allowed the refresh_token grant.";

// Codes of Concur's OAuth2 /token table (developer.concur.com, Authentication, "Response Codes";
// SAP-docs/preview.developer.concur.com src/api-reference/authentication/apidoc.markdown) that a
// refresh can meet. Any other code gets the generic advice.
const CAUSES: Readonly<Record<number, Cause>> = {
  // 16 invalid_request "user lives elsewhere"
  16: {
    credential: 'geolocation',
    advice: (geolocation) =>
      `Concur says the user lives in another data center. Check the baseUrl option: refresh at the token's geolocation${geolocation === undefined ? '' : ` (${geolocation})`} and store it with the refresh token.`,
  },
  // 53 invalid_client "company is not enabled for this client"
  53: {
    credential: 'grant',
    advice: () =>
      "Concur says the company is not enabled for this app. Check the app's grant configuration: a company administrator must connect the app for the company this refresh token belongs to.",
  },
  // 59 access_denied "client disabled"
  59: { credential: 'clientId', advice: () => 'Concur says the app of this client id is disabled. Check the clientId option and the app in App Management.' },
  // 60 invalid_grant "these are not the grants you are looking for"
  60: { credential: 'grant', advice: () => `Concur refused the grant for this app. ${GRANT_ADVICE}` },
  // 61 invalid_client "client not found"
  61: {
    credential: 'clientId',
    advice: () => 'Concur knows no app with this client id. Check the clientId option: use the client id App Management issued for this app.',
  },
  // 64 invalid_client "Incorrect credentials. Please Retry"
  64: {
    credential: 'clientSecret',
    advice: () =>
      'Concur refused the client secret for this client id. Check the clientSecret option: use the secret App Management issued with this client id (a regenerated secret replaces the old one).',
  },
  // 105 invalid_grant "this grant was not issued to you!"
  105: {
    credential: 'refreshToken',
    advice: () => 'Concur says this refresh token was issued to another app. Check the refreshToken and clientId options: use the refresh token this client id received.',
  },
  // 107 invalid_request "refresh disallowed for app"
  107: { credential: 'grant', advice: () => `Concur does not let this app refresh tokens. ${GRANT_ADVICE}` },
  // 108 invalid_grant "bad or expired refresh token"
  108: { credential: 'refreshToken', advice: () => REFRESH_TOKEN_ADVICE },
};

const GENERIC_ADVICE =
  "Concur refused the token request. Check the clientId, clientSecret and refreshToken options against the code in Concur's OAuth2 response code table (Authentication, Response Codes).";

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** Bounds a field of the body, which was redacted when the error was built: no secret is left to remove. */
// Stryker disable next-line ArrayDeclaration: the body holds no secret any more, so a list of made-up ones only redacts text a test wrote for it
const bounded = (value: string, max: number): string => boundedText(value, [], max);

/** Reads the token endpoint's error body; undefined when it carries neither `code` nor `error`. */
function readOAuthBody(body: string | undefined): OAuthErrorBody | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  }
  // Stryker disable next-line BlockStatement: without this return, the check below returns undefined for the unparsed body too
  catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const rawCode = record['code'];
  const code =
    typeof rawCode === 'number' && Number.isInteger(rawCode) ? rawCode : typeof rawCode === 'string' && /^\d{1,6}$/.test(rawCode) ? Number(rawCode) : undefined;
  const error = text(record['error']);
  if (code === undefined && error === undefined) return undefined;
  return { code, error, description: text(record['error_description']), geolocation: text(record['geolocation']) };
}

/**
 * Turns the token endpoint's refusal (a 400, 401 or 403 whose JSON body carries Concur's OAuth2
 * `code` or `error`) into a {@link ConcurAuthError} whose message names the credential to check.
 * Anything else is returned as it is. The body was redacted when the error was built.
 */
export function toAuthError(error: unknown): unknown {
  if (!(error instanceof ConcurApiError) || !AUTH_ERROR_STATUSES.has(error.status)) return error;
  const oauth = readOAuthBody(error.body);
  if (oauth === undefined) return error;
  const cause = oauth.code === undefined ? undefined : CAUSES[oauth.code];
  const oauthError = oauth.error === undefined ? undefined : bounded(oauth.error, 100);
  const detail = [`HTTP ${error.status}`, oauthError, oauth.code === undefined ? undefined : `code ${oauth.code}`].filter((part) => part !== undefined).join(', ');
  const quoted = oauth.description === undefined ? '' : `: "${bounded(oauth.description, 300)}"`;
  const geolocation = oauth.geolocation === undefined ? undefined : bounded(oauth.geolocation, 256);
  const advice = cause?.advice(geolocation) ?? GENERIC_ADVICE;
  const correlation = error.correlationId === undefined ? '' : ` Correlation id: ${error.correlationId}.`;
  const message = `${error.method ?? 'POST'} ${error.path ?? '/oauth2/v0/token'} was refused by Concur's OAuth2 service (${detail}${quoted}). ${advice}${correlation}`;
  return createAuthError(message, {
    ...apiErrorOptionsOf(error),
    oauthCode: oauth.code,
    oauthError,
    credential: cause?.credential,
    geolocation,
  });
}
