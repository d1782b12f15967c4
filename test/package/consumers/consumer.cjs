// Loads the built package with require(), by its own name through the exports map, and runs a retry.
const sdk = require('concur-sdk');
const { ConcurClient, ServiceUnavailableError, ForbiddenError, ConcurAuthError, BadRequestError, isConcurError, refreshTokenProvider } = sdk;
const { parseOtaResponse, OtaApplicationError } = require('concur-sdk/ota');
const { startSimulator, SIMULATOR_OAUTH, SIMULATOR_TOKEN } = require('concur-sdk/simulator');
const { startServer } = require('./shared-server.cjs');
const { checkRedisEntry } = require('./redis-entry.cjs');

(async () => {
  const server = await startServer([503, 200, 503, 503]);
  const delays = [];
  const client = new ConcurClient({
    baseUrl: server.url,
    accessToken: 'token',
    retry: { retries: 1 },
    sleep: async (ms) => void delays.push(ms),
  });
  const response = await client.request({ method: 'GET', path: '/api/expense/list/v1.0/' });
  let failure;
  try {
    await client.request({ method: 'GET', path: '/api/expense/list/v1.0/' });
  } catch (error) {
    failure = { name: error.name, instance: error instanceof ServiceUnavailableError, guard: isConcurError(error), attempts: error.attempts };
  }
  server.close();
  const sim = await startSimulator();
  const lists = await new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN }).listItems.getLists();
  let auth;
  try {
    const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, refreshToken: 'not-a-current-refresh-token', baseUrl: sim.url });
    await new ConcurClient({ baseUrl: sim.url, accessToken }).listItems.getLists();
  } catch (error) {
    auth = {
      name: error.name,
      oauthCode: error.oauthCode,
      credential: error.credential,
      authInstanceof: error instanceof ConcurAuthError,
      statusInstanceof: error instanceof BadRequestError,
      forbidden: error instanceof ForbiddenError,
    };
  }
  await sim.close();
  let ota;
  try {
    parseOtaResponse('<OTA_HotelAvailRS><Errors><Error Type="13" Code="322" ShortText="No availability">H1</Error></Errors></OTA_HotelAvailRS>');
  } catch (error) {
    ota = { instance: error instanceof OtaApplicationError, code: error.code };
  }
  const rootHasOta = Object.keys(sdk).some((name) => /ota/i.test(name));
  const redis = await checkRedisEntry(require('concur-sdk/redis'), sdk.ConcurValidationError);
  console.log(JSON.stringify({ format: 'cjs', attempts: response.attempts, data: response.data, delays, failure, auth, simulatorLists: lists.map((list) => list.name), ota, rootHasOta, redis }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
