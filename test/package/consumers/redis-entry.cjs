// Exercises the `concur-sdk/redis` entry as loaded by a consumer (either build): its exports, a
// refused option, and the fallback to in-process state with an ioredis client whose server is
// not there (port 1 on loopback refuses at once). Used by consumer.cjs and consumer.mjs.
const Redis = require('ioredis');

async function checkRedisEntry(entry, ConcurValidationError) {
  const away = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  away.on('error', () => undefined);
  let refused = false;
  try {
    entry.redisCoordination({ redis: {}, key: 'consumer' });
  } catch (error) {
    refused = error instanceof ConcurValidationError;
  }
  const coordination = entry.redisCoordination({ redis: away, key: 'consumer' });
  const store = entry.redisTokenStore({ redis: away, key: 'consumer:tokens' });
  const result = {
    exports: Object.keys(entry).filter((name) => name !== 'default' && name !== '__esModule').sort(),
    refused,
    pausedUntil: await coordination.pausedUntil(),
    budget: await coordination.budget({ requests: 1, perMs: 1_000 }).take(),
    stored: (await store.read()) ?? null,
    locked: (await store.tryLock()) !== undefined,
  };
  away.disconnect();
  return result;
}

module.exports = { checkRedisEntry };
