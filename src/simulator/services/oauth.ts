import type { Route, SimContext, SimRequest, SimResponse } from '../http-types.js';
import { jsonResponse } from '../xml-responses.js';

// OAuth2 token endpoint, refresh grant only (reference §1.3): a new access token and a new
// refresh token each time; the used refresh token stops working. `geolocation` is the host the
// client should call, not a link to follow, so it is the simulator itself, never `linkOrigin`.

function oauthError(status: number, context: SimContext, error: string, description: string, code?: number): SimResponse {
  return jsonResponse(status, { ...(code === undefined ? {} : { code }), error, error_description: description, geolocation: context.baseUrl });
}

function token(request: SimRequest, context: SimContext): SimResponse {
  const form = new URLSearchParams(request.body.toString('utf8'));
  const grant = form.get('grant_type');
  if (grant !== 'refresh_token') return oauthError(400, context, 'unsupported_grant_type', 'The simulator supports the refresh_token grant only.');
  const { tokens } = context.state;
  if (!tokens.checkClient(form.get('client_id') ?? '', form.get('client_secret') ?? '')) {
    return oauthError(401, context, 'invalid_client', 'The client id or client secret is not valid.');
  }
  const refreshToken = form.get('refresh_token');
  if (refreshToken === null || refreshToken === '') return oauthError(400, context, 'invalid_request', 'The refresh_token is missing.', 106);
  const issued = tokens.refresh(refreshToken);
  if (issued === undefined) return oauthError(400, context, 'invalid_grant', 'The refresh token is bad or expired.', 108);
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
