import type { Route, SimContext, SimRequest, SimResponse } from '../http-types.js';
import { jsonResponse } from '../xml-responses.js';

// OAuth2 token endpoint, refresh grant only (reference §1.3): a new access token and a new
// refresh token each time; the used refresh token stops working. `geolocation` is the host the
// client should call, not a link to follow, so it is the simulator itself, never `linkOrigin`.
//
// Refusals carry Concur's documented `code`, `error` and `error_description` from the /token table
// of Concur's Authentication page ("Response Codes"; SAP-docs/preview.developer.concur.com
// src/api-reference/authentication/apidoc.markdown). The page names 400, 401, 403 and 404 for these
// bodies without saying which code comes with which status (UNCONFIRMED): the simulator follows
// RFC 6749 §5.2, 401 for invalid_client, 403 for access_denied, 400 for the others. The order of
// the checks is the simulator's own.

type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'access_denied';

const STATUS: Readonly<Record<OAuthErrorCode, number>> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
  access_denied: 403,
};

function oauthError(context: SimContext, error: OAuthErrorCode, description: string, code?: number): SimResponse {
  return jsonResponse(STATUS[error], { ...(code === undefined ? {} : { code }), error, error_description: description, geolocation: context.baseUrl });
}

function token(request: SimRequest, context: SimContext): SimResponse {
  const form = new URLSearchParams(request.body.toString('utf8'));
  const field = (name: string): string => form.get(name) ?? '';
  const grant = field('grant_type');
  if (grant === '') return oauthError(context, 'invalid_request', 'grant_type was not supplied', 65);
  if (field('client_id') === '') return oauthError(context, 'invalid_request', 'client_id was not supplied', 62);
  if (field('client_secret') === '') return oauthError(context, 'invalid_request', 'client_secret was not supplied', 63);
  const { tokens } = context.state;
  const client = tokens.client(field('client_id'));
  if (client === undefined) return oauthError(context, 'invalid_client', 'client not found', 61);
  if (client.clientSecret !== field('client_secret')) return oauthError(context, 'invalid_client', 'Incorrect credentials. Please Retry', 64);
  if (!client.grants.includes(grant)) return oauthError(context, 'invalid_grant', 'these are not the grants you are looking for', 60);
  if (grant !== 'refresh_token') return oauthError(context, 'unsupported_grant_type', 'The simulator supports the refresh_token grant only.');
  const refreshToken = field('refresh_token');
  if (refreshToken === '') return oauthError(context, 'invalid_request', 'refresh_token was not supplied', 106);
  if (!tokens.hasRefreshToken(refreshToken)) return oauthError(context, 'invalid_grant', 'bad or expired refresh token', 108);
  if (!client.companyEnabled) return oauthError(context, 'invalid_client', 'company is not enabled for this client', 53);
  const issued = tokens.refresh(refreshToken);
  if (issued === undefined) return oauthError(context, 'invalid_grant', 'bad or expired refresh token', 108);
  return jsonResponse(200, {
    expires_in: String(issued.expiresInSeconds),
    scope: 'ATTEND EXTRCT IMAGE LIST PAYBAT USER INVPO',
    token_type: 'Bearer',
    access_token: issued.accessToken,
    refresh_token: issued.refreshToken,
    refresh_expires_in: Math.floor(context.now() / 1000) + 182 * 24 * 3600,
    geolocation: context.baseUrl,
  });
}

/** The OAuth2 token endpoint; it needs no Authorization header. */
export const oauthRoutes: Route[] = [{ method: 'POST', paths: ['/oauth2/v0/token'], handler: token, auth: false }];
