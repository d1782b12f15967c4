// The CommonJS build of concur-sdk/redis against a real Redis (its port in argv[2]): a shared
// token store, a pause written to Redis and a budget counted there, loaded with require() by the
// package's own name. The ESM build runs the same way in worker.mjs.
const { ConcurClient, refreshTokenProvider } = require('concur-sdk');
const { redisCoordination, redisTokenStore } = require('concur-sdk/redis');
const { SIMULATOR_OAUTH, startSimulator } = require('concur-sdk/simulator');
const Redis = require('ioredis');

(async () => {
  const redis = new Redis(Number(process.argv[2]), '127.0.0.1');
  const key = `concur-test:cjs:${process.pid}`;
  const sim = await startSimulator();
  try {
    const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url, store: redisTokenStore({ redis, key: `${key}:tokens` }) });
    const delays = [];
    const concur = new ConcurClient({
      baseUrl: sim.url,
      accessToken,
      coordination: redisCoordination({ redis, key }),
      rateLimit: { requests: 10, perMs: 1_000 },
      sleep: async (ms) => void delays.push(ms),
    });
    sim.faults.maintenance({ count: 1, retryAfterSeconds: 30, path: '/api/**' });
    const lists = await concur.listItems.getLists();
    const stored = JSON.parse(await redis.get(`${key}:tokens`));
    console.log(
      JSON.stringify({
        lists: lists.map((list) => list.name),
        delays,
        pauseLeftMs: await redis.pttl(`${key}:pause`),
        budgetUsed: Number(await redis.get(`${key}:budget:requests`)),
        storedRefreshTokenIsCurrent: sim.state.tokens.hasRefreshToken(stored.refreshToken),
      }),
    );
  } finally {
    await sim.close();
    redis.disconnect();
  }
  process.exit(0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
