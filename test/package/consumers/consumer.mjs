// Loads the built package with import, by its own name through the exports map, and runs a retry.
// It also loads the CommonJS build, a second copy of every class, to check instanceof across copies.
import { createRequire } from 'node:module';
import * as root from 'concur-sdk';
import { ConcurClient, ServiceUnavailableError, ConcurApiError, ConcurAuthError, UnauthorizedError, isConcurAuthError, isConcurError } from 'concur-sdk';
import { parseOtaResponse, OtaApplicationError } from 'concur-sdk/ota';
import { startSimulator, SIMULATOR_OAUTH, SIMULATOR_TOKEN } from 'concur-sdk/simulator';
import * as redisEntry from 'concur-sdk/redis';
import { startServer } from './shared-server.cjs';
import { checkRedisEntry } from './redis-entry.cjs';

const require = createRequire(import.meta.url);
const cjs = require('concur-sdk');

const server = await startServer([503, 200, 503]);
const delays = [];
const client = new ConcurClient({ baseUrl: server.url, accessToken: 'token', retry: { retries: 1 }, sleep: async (ms) => void delays.push(ms) });
const response = await client.request({ method: 'GET', path: '/api/expense/list/v1.0/' });

const cjsClient = new cjs.ConcurClient({ baseUrl: server.url, accessToken: 'token', retry: false });
let crossCopy;
try {
  await cjsClient.request({ method: 'GET', path: '/api/expense/list/v1.0/' });
} catch (error) {
  crossCopy = {
    sameClass: error.constructor === ServiceUnavailableError,
    esmInstanceof: error instanceof ServiceUnavailableError,
    esmBaseInstanceof: error instanceof ConcurApiError,
    esmGuard: isConcurError(error),
    cjsInstanceof: error instanceof cjs.ServiceUnavailableError,
  };
}
server.close();
const sim = await startSimulator();
const lists = await new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN }).listItems.getLists();
// A refresh the simulator refuses (wrong client secret, code 64), made by the CommonJS build.
let auth;
try {
  const accessToken = cjs.refreshTokenProvider({ ...SIMULATOR_OAUTH, clientSecret: 'not-the-client-secret', baseUrl: sim.url });
  await new cjs.ConcurClient({ baseUrl: sim.url, accessToken }).listItems.getLists();
} catch (error) {
  auth = {
    name: error.name,
    oauthCode: error.oauthCode,
    credential: error.credential,
    esmAuthInstanceof: error instanceof ConcurAuthError,
    esmStatusInstanceof: error instanceof UnauthorizedError,
    esmGuard: isConcurAuthError(error),
    cjsAuthInstanceof: error instanceof cjs.ConcurAuthError,
    cjsStatusInstanceof: error instanceof cjs.UnauthorizedError,
  };
}
await sim.close();
let ota;
try {
  parseOtaResponse('<OTA_HotelAvailRS><Errors><Error Type="13" Code="322" ShortText="No availability">H1</Error></Errors></OTA_HotelAvailRS>');
} catch (error) {
  ota = { instance: error instanceof OtaApplicationError, code: error.code };
}
const rootHasOta = Object.keys(root).some((name) => /ota/i.test(name));
const redis = await checkRedisEntry(redisEntry, root.ConcurValidationError);
console.log(JSON.stringify({ format: 'esm', attempts: response.attempts, data: response.data, delays, crossCopy, auth, simulatorLists: lists.map((list) => list.name), ota, rootHasOta, redis }));
