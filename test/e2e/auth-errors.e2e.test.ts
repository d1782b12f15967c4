import { afterEach, describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConcurApiError,
  ConcurAuthError,
  ForbiddenError,
  isConcurAuthError,
  isUnauthorizedError,
  refreshTokenProvider,
  UnauthorizedError,
  type RefreshTokenProviderOptions,
} from '../../src/index.js';
import { SIMULATOR_OAUTH, type Simulator } from '../../src/simulator/index.js';
import { outcomes } from './retry-support.js';
import { closeSimulators, connect, rejection, simulator } from './support.js';

// End-to-end: a refresh Concur's OAuth2 service refuses, for each credential that can be wrong,
// over a real loopback socket. The simulator answers with the codes of Concur's /token table
// (Authentication page, "Response Codes").

afterEach(closeSimulators);

/** Lists the lists through a client whose token comes from a refresh with these credentials. */
async function refuse(sim: Simulator, credentials: Partial<RefreshTokenProviderOptions>): Promise<Error> {
  const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url, ...credentials });
  const { concur, waits } = connect(sim, { accessToken });
  const error = await rejection(concur.listItems.getLists());
  // Refused outright: one token request, no API request, no retry wait.
  expect(outcomes(sim)).toEqual([error instanceof ConcurApiError ? error.status : 'none']);
  expect(sim.state.requests.map((entry) => entry.path)).toEqual(['/oauth2/v0/token']);
  expect(waits).toEqual([]);
  return error;
}

/** Asserts that nothing secret reached the error, in any rendering. */
function expectNoSecrets(error: Error, ...secrets: string[]): void {
  const renderings = [error.message, String(error.stack), JSON.stringify(error)].join('\n');
  for (const secret of secrets) expect(renderings).not.toContain(secret);
}

describe('a refused refresh names the credential to check', () => {
  it('a bad or expired refresh token (code 108): ConcurAuthError and BadRequestError', async () => {
    const sim = await simulator();
    const error = await refuse(sim, { refreshToken: 'expired-refresh-token-0000' });
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(ConcurApiError);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
    expect(isConcurAuthError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ConcurAuthError',
      status: 400,
      oauthCode: 108,
      oauthError: 'invalid_grant',
      credential: 'refreshToken',
      geolocation: sim.url,
      method: 'POST',
      path: '/oauth2/v0/token',
      attempts: 1,
      retryable: false,
      mayHaveBeenProcessed: false,
    });
    expect(error.message).toBe(
      `POST /oauth2/v0/token was refused by Concur's OAuth2 service (HTTP 400, invalid_grant, code 108: "bad or expired refresh token"). ` +
        'Concur refused the refresh token. Check the refreshToken option: a refresh token stops working 6 months after it was issued, ' +
        'when it is revoked, and once it has been used, so another process that refreshed with it may have rotated it already. ' +
        'Store the newest refresh token from onRefresh and start from that one; if none works, the user must authorize the app again. ' +
        `Correlation id: ${(error as ConcurAuthError).correlationId ?? ''}.`,
    );
    expect((error as ConcurAuthError).correlationId).toMatch(/\S/);
    expect(error.stack?.startsWith('ConcurAuthError: POST /oauth2/v0/token')).toBe(true);
    expectNoSecrets(error, 'expired-refresh-token-0000', SIMULATOR_OAUTH.clientSecret);
  });

  it('a refresh token another process already rotated (code 108)', async () => {
    const sim = await simulator();
    const first = connect(sim, { accessToken: refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url }) }).concur;
    await first.listItems.getLists();
    // A second process still holds the refresh token the first one used up.
    const second = connect(sim, { accessToken: refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url }) }).concur;
    const error = await rejection(second.listItems.getLists());
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toMatchObject({ oauthCode: 108, credential: 'refreshToken' });
    expect(error.message).toContain('another process that refreshed with it may have rotated it already');
    expectNoSecrets(error, SIMULATOR_OAUTH.refreshToken, SIMULATOR_OAUTH.clientSecret);
  });

  it('an unknown client id (code 61): ConcurAuthError and UnauthorizedError', async () => {
    const sim = await simulator();
    const error = await refuse(sim, { clientId: 'no-such-client' });
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(isUnauthorizedError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ name: 'ConcurAuthError', status: 401, oauthCode: 61, oauthError: 'invalid_client', credential: 'clientId' });
    expect(error.message).toContain('(HTTP 401, invalid_client, code 61: "client not found"). Concur knows no app with this client id. Check the clientId option');
    expect(error.message).not.toContain('accessToken');
  });

  it('a wrong client secret (code 64) points at clientSecret, not at the accessToken option', async () => {
    const sim = await simulator();
    const error = await refuse(sim, { clientSecret: 'wrong-client-secret-1234' });
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, oauthCode: 64, oauthError: 'invalid_client', credential: 'clientSecret' });
    expect(error.message).toContain(
      '(HTTP 401, invalid_client, code 64: "Incorrect credentials. Please Retry"). Concur refused the client secret for this client id. Check the clientSecret option',
    );
    expect(error.message).not.toContain('accessToken');
    expectNoSecrets(error, 'wrong-client-secret-1234', SIMULATOR_OAUTH.refreshToken);
  });

  it('a company that has not enabled the app (code 53) points at the grant configuration', async () => {
    const sim = await simulator();
    const client = sim.state.tokens.client(SIMULATOR_OAUTH.clientId);
    if (client === undefined) throw new Error('the default seed registers the client');
    client.companyEnabled = false;
    const error = await refuse(sim, {});
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ status: 401, oauthCode: 53, oauthError: 'invalid_client', credential: 'grant' });
    expect(error.message).toContain("code 53: \"company is not enabled for this client\"). Concur says the company is not enabled for this app. Check the app's grant configuration");
    // The refresh token was not used up by the refusal.
    expect(sim.state.tokens.hasRefreshToken(SIMULATOR_OAUTH.refreshToken)).toBe(true);
  });

  it('an app without the refresh grant (code 60) points at the grant configuration', async () => {
    const sim = await simulator();
    sim.state.tokens.addClient('password-only-app', 'password-only-secret', { grants: ['password'] });
    const error = await refuse(sim, { clientId: 'password-only-app', clientSecret: 'password-only-secret' });
    expect(error).toBeInstanceOf(ConcurAuthError);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, oauthCode: 60, oauthError: 'invalid_grant', credential: 'grant' });
    expect(error.message).toContain("Check the app's grant configuration in App Management: the app must be allowed the refresh_token grant.");
  });

  it('a refused access token is still a plain ForbiddenError, not a ConcurAuthError', async () => {
    const sim = await simulator();
    const { concur } = connect(sim, { accessToken: 'not-a-known-access-token' });
    const error = await rejection(concur.listItems.getLists());
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).not.toBeInstanceOf(ConcurAuthError);
    expect(error.name).toBe('ForbiddenError');
  });
});
