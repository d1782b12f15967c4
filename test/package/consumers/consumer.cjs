// Loads the built package with require(), by its own name through the exports map, and runs a retry.
const { ConcurClient, ServiceUnavailableError, isConcurError } = require('concur-sdk');
const { startServer } = require('./shared-server.cjs');

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
  console.log(JSON.stringify({ format: 'cjs', attempts: response.attempts, data: response.data, delays, failure }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
