import { describe, expect, it } from 'vitest';
import { toAuthError } from '../../src/auth/oauth-errors.js';
import { apiErrorFromResponse, type FailureContext } from '../../src/errors/factory.js';
import {
  BadRequestError,
  ConcurApiError,
  ConcurAuthError,
  ConcurError,
  ForbiddenError,
  isBadRequestError,
  isConcurAuthError,
  isForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthorizedError,
  isUnauthorizedError,
} from '../../src/index.js';

const SECRET = 'client-secret-value-123';
const CONTEXT: FailureContext = { method: 'POST', path: '/oauth2/v0/token', attempts: 1, exhausted: false, secrets: [SECRET] };

/** The error the transport builds for a token endpoint answer, then the refresh's conversion. */
function refusal(status: number, body: unknown, headers: Record<string, string> = {}): unknown {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  return toAuthError(apiErrorFromResponse({ status, headers: { 'content-type': 'application/json', ...headers }, bodyText }, CONTEXT));
}

describe('toAuthError', () => {
  it('keeps the status class: 400 BadRequestError, 401 UnauthorizedError, 403 ForbiddenError', () => {
    const bad = refusal(400, { code: 108, error: 'invalid_grant', error_description: 'bad or expired refresh token' });
    const unauthorized = refusal(401, { code: 64, error: 'invalid_client', error_description: 'Incorrect credentials. Please Retry' });
    const forbidden = refusal(403, { code: 59, error: 'access_denied', error_description: 'client disabled' });
    for (const [error, StatusClass, guard] of [
      [bad, BadRequestError, isBadRequestError],
      [unauthorized, UnauthorizedError, isUnauthorizedError],
      [forbidden, ForbiddenError, isForbiddenError],
    ] as const) {
      expect(error).toBeInstanceOf(ConcurAuthError);
      expect(error).toBeInstanceOf(StatusClass);
      expect(error).toBeInstanceOf(ConcurApiError);
      expect(error).toBeInstanceOf(ConcurError);
      expect(error).toBeInstanceOf(Error);
      expect(guard(error)).toBe(true);
      expect(isConcurAuthError(error)).toBe(true);
      expect((error as Error).name).toBe('ConcurAuthError');
    }
    expect(bad).not.toBeInstanceOf(UnauthorizedError);
    expect(unauthorized).not.toBeInstanceOf(ForbiddenError);
    expect(forbidden).toMatchObject({ oauthCode: 59, oauthError: 'access_denied', credential: 'clientId' });
  });

  it('keeps every field of the response and adds the OAuth2 ones; toJSON lists them', () => {
    const error = refusal(401, { code: 61, error: 'invalid_client', error_description: 'client not found', geolocation: 'https://us2.api.concursolutions.com' }, {
      'concur-correlationid': 'cid-61',
      'set-cookie': 'session=1',
    }) as ConcurAuthError;
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ConcurAuthError',
      message: error.message,
      method: 'POST',
      path: '/oauth2/v0/token',
      attempts: 1,
      retryable: false,
      mayHaveBeenProcessed: false,
      status: 401,
      serverMessage: 'client not found (code 61)',
      correlationId: 'cid-61',
      body: '{"code":61,"error":"invalid_client","error_description":"client not found","geolocation":"https://us2.api.concursolutions.com"}',
      headers: { 'content-type': 'application/json', 'concur-correlationid': 'cid-61' },
      oauthCode: 61,
      oauthError: 'invalid_client',
      credential: 'clientId',
      geolocation: 'https://us2.api.concursolutions.com',
    });
    expect(error.message).toBe(
      `POST /oauth2/v0/token was refused by Concur's OAuth2 service (HTTP 401, invalid_client, code 61: "client not found"). ` +
        'Concur knows no app with this client id. Check the clientId option: use the client id App Management issued for this app. Correlation id: cid-61.',
    );
  });

  it.each([
    [108, 400, 'invalid_grant', 'refreshToken', 'Check the refreshToken option'],
    [105, 400, 'invalid_grant', 'refreshToken', 'Check the refreshToken and clientId options'],
    [61, 401, 'invalid_client', 'clientId', 'Check the clientId option'],
    [59, 403, 'access_denied', 'clientId', 'Check the clientId option'],
    [64, 401, 'invalid_client', 'clientSecret', 'Check the clientSecret option'],
    [53, 401, 'invalid_client', 'grant', "Check the app's grant configuration"],
    [60, 400, 'invalid_grant', 'grant', "Check the app's grant configuration"],
    [107, 400, 'invalid_request', 'grant', "Check the app's grant configuration"],
  ])('code %i names %s', (code, status, oauthError, credential, advice) => {
    const error = refusal(status, { code, error: oauthError, error_description: 'from the table' }) as ConcurAuthError;
    expect(error).toMatchObject({ oauthCode: code, oauthError, credential, status });
    expect(error.message).toContain(advice);
    expect(error.message).not.toContain('accessToken');
  });

  it('code 16 without a geolocation still says where to refresh, with no empty parentheses', () => {
    const error = refusal(400, { code: 16, error: 'invalid_request', error_description: 'user lives elsewhere' });
    expect(error).toMatchObject({ oauthCode: 16, credential: 'geolocation', geolocation: undefined });
    expect((error as Error).message).toContain("Check the baseUrl option: refresh at the token's geolocation and store it with the refresh token.");
  });

  it('code 16 (user lives elsewhere) names the geolocation Concur sent', () => {
    const error = refusal(400, { code: 16, error: 'invalid_request', error_description: 'user lives elsewhere', geolocation: 'https://emea.api.concursolutions.com' });
    expect(error).toMatchObject({ oauthCode: 16, credential: 'geolocation', geolocation: 'https://emea.api.concursolutions.com' });
    expect((error as Error).message).toContain("Check the baseUrl option: refresh at the token's geolocation (https://emea.api.concursolutions.com)");
  });

  it('an unknown code gets generic advice quoting the description, redacted and bounded', () => {
    const error = refusal(400, { code: 999, error: 'invalid_request', error_description: `something new about ${SECRET} ${'x'.repeat(400)}` }) as ConcurAuthError;
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toMatchObject({ oauthCode: 999, oauthError: 'invalid_request', credential: undefined });
    expect(error.message).toContain('(HTTP 400, invalid_request, code 999: "something new about [REDACTED] xxx');
    expect(error.message).toContain('more characters]"). Concur refused the token request. Check the clientId, clientSecret and refreshToken options');
    expect(JSON.stringify(error) + String(error.stack)).not.toContain(SECRET);
  });

  it('reads a code sent as a string, and an error without a code', () => {
    expect(refusal(400, { code: '108', error: 'invalid_grant' })).toMatchObject({ oauthCode: 108, credential: 'refreshToken' });
    const noCode = refusal(400, { error: 'unsupported_grant_type', error_description: 'nope' }) as ConcurAuthError;
    expect(noCode).toMatchObject({ oauthCode: undefined, oauthError: 'unsupported_grant_type', credential: undefined });
    expect(noCode.message).toContain('(HTTP 400, unsupported_grant_type: "nope")');
  });

  it('a bare code (no error, no description, no correlation id): the message holds just what Concur sent', () => {
    const error = refusal(400, { code: 108 }) as ConcurAuthError;
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toMatchObject({ oauthCode: 108, oauthError: undefined, credential: 'refreshToken' });
    expect(error.message).toBe(
      "POST /oauth2/v0/token was refused by Concur's OAuth2 service (HTTP 400, code 108). Concur refused the refresh token. Check the refreshToken option: " +
        'a refresh token stops working 6 months after it was issued, when it is revoked, and once it has been used, so another process that refreshed with it may have rotated it already. ' +
        'Store the newest refresh token from onRefresh and start from that one; if none works, the user must authorize the app again.',
    );
  });

  it('names the request as the error records it, and the token request when it records none', () => {
    const put = toAuthError(apiErrorFromResponse({ status: 401, headers: {}, bodyText: '{"code":61,"error":"invalid_client"}' }, { ...CONTEXT, method: 'PUT', path: '/oauth2/v0/apps' }));
    expect((put as Error).message).toMatch(/^PUT \/oauth2\/v0\/apps was refused by Concur's OAuth2 service \(HTTP 401, invalid_client, code 61\)\. /);
    const bare = toAuthError(new BadRequestError('Bad Request', { status: 400, body: '{"code":108,"error":"invalid_grant"}' }));
    expect(bare).toBeInstanceOf(ConcurAuthError);
    expect((bare as Error).message).toMatch(/^POST \/oauth2\/v0\/token was refused by Concur's OAuth2 service \(HTTP 400, invalid_grant, code 108\)\. /);
  });

  it('leaves alone what is not an OAuth2 refusal', () => {
    const plain = (status: number, bodyText: string) => apiErrorFromResponse({ status, headers: {}, bodyText }, CONTEXT);
    for (const [status, body, StatusClass] of [
      [400, '<Error><Message>Bad</Message></Error>', BadRequestError],
      [400, '{"Message":"no oauth fields"}', BadRequestError],
      [400, '[108]', BadRequestError],
      [400, '{"code": 1.5}', BadRequestError],
      [400, '{"error": ""}', BadRequestError],
      [400, '{"error": "   "}', BadRequestError],
      [400, 'null', BadRequestError],
      [400, '"invalid_grant"', BadRequestError],
      // A code must be a whole number, or a string of at most six digits and nothing else.
      [400, '{"code": [108]}', BadRequestError],
      [400, '{"code": "x108"}', BadRequestError],
      [400, '{"code": "108x"}', BadRequestError],
      [400, '{"code": "1234567"}', BadRequestError],
      [401, '', UnauthorizedError],
      [404, '{"code":108,"error":"invalid_grant"}', NotFoundError],
      [429, '{"code":108,"error":"invalid_grant"}', TooManyRequestsError],
      [500, '{"code":108,"error":"invalid_grant"}', ConcurApiError],
    ] as const) {
      const original = plain(status, body);
      const converted = toAuthError(original);
      expect(converted).toBe(original);
      expect(converted).toBeInstanceOf(StatusClass);
      expect(converted).not.toBeInstanceOf(ConcurAuthError);
    }
    const other = new Error('not ours');
    expect(toAuthError(other)).toBe(other);
  });
});

describe('ConcurAuthError across copies of the package', () => {
  it('matches an auth error made by another copy, by brand and class names', () => {
    const brand = Symbol.for('concur-sdk.error');
    const sdkClass = Symbol.for('concur-sdk.error-class');
    const named = (parent: object, name: string, extra: PropertyDescriptorMap = {}) =>
      Object.create(parent, { name: { value: name }, [sdkClass]: { value: true }, ...extra }) as object;
    const base = named(Error.prototype, 'ConcurError', { [brand]: { value: true } });
    const unauthorized = named(named(base, 'ConcurApiError'), 'UnauthorizedError');
    const foreign = Object.create(named(unauthorized, 'ConcurAuthError')) as unknown;
    expect(foreign instanceof ConcurAuthError).toBe(true);
    expect(foreign instanceof UnauthorizedError).toBe(true);
    expect(isConcurAuthError(foreign)).toBe(true);
    expect(foreign instanceof ForbiddenError).toBe(false);
    // A plain 401 of the other copy is not an auth error.
    expect(Object.create(unauthorized) instanceof ConcurAuthError).toBe(false);
  });
});
