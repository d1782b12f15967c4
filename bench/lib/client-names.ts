/** The clients of the per-request section (bench/lib/latency-clients.ts builds them), and which process measures each. */

/**
 * List items GET (`/api/expense/list/v1.0/{listId}/items`, XML):
 * - `sdk`: typed `listItems.getItems` (XML parsed), no hook, no tracer provider registered;
 * - `sdk-no-obs`: the same SDK bundled with src/core/observe.ts replaced by a stub that never
 *   observes (bench/lib/observe-off.ts): the request path without observability, all else equal;
 * - `sdk-before`: the SDK as it was before observability (commit in bench/README.md), bundled
 *   from git at bench time;
 * - `sdk-hooks`: the SDK with onRequest, onResponse and onRetry hooks and an OpenTelemetry
 *   tracer provider registered (its own process, since the provider is global);
 * - `sdk-text`: the SDK's `request()` read as text; `axios`: a default instance;
 *   `axios-xml2js`: the same GET, then the body parsed with xml2js; `http`: node:http.
 *
 * User v1.0 GET (`/api/user/v1.0/User/`, same data as XML or JSON):
 * - `sdk-user`: typed `users.get()` (asks for XML);
 * - `concur-platform`: the old official SDK's `user.get()` (request + Q, asks for JSON).
 */
export type ClientName =
  | 'sdk'
  | 'sdk-no-obs'
  | 'sdk-before'
  | 'sdk-hooks'
  | 'sdk-text'
  | 'axios'
  | 'axios-xml2js'
  | 'http'
  | 'sdk-user'
  | 'concur-platform';

/** Every client, in the order of the default rotation. */
export const ALL_CLIENTS: readonly ClientName[] = [
  'sdk',
  'axios',
  'http',
  'sdk-text',
  'axios-xml2js',
  'sdk-no-obs',
  'sdk-before',
  'sdk-hooks',
  'sdk-user',
  'concur-platform',
];

/** The worker process a client is measured in: a registered tracer provider would reach every client of its process. */
export function processOf(name: ClientName): 'plain' | 'traced' {
  return name === 'sdk-hooks' ? 'traced' : 'plain';
}
