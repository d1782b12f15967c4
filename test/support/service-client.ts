import type { ClientOptions } from '../../src/core/options.js';
import { resolveClientOptions } from '../../src/core/resolve-options.js';
import { Requester } from '../../src/core/request.js';
import { BASE_URL, recordingSleep, TOKEN } from './helpers.js';

/**
 * The request primitive a service is built on, configured like a client on the test host with a
 * recording sleep: `new SomeService(requester)` tests a service before it is wired to ConcurClient.
 */
export function testRequester(options: Partial<ClientOptions> = {}): { requester: Requester; delays: number[] } {
  const { sleep, delays } = recordingSleep();
  const requester = new Requester(resolveClientOptions({ baseUrl: BASE_URL, accessToken: TOKEN, sleep, ...options }));
  return { requester, delays };
}
