// One worker process of the multi-process Redis tests (workers.test.ts): ConcurClients of the
// BUILT package, by its own name. It loads once and says "ready"; then each line on stdin is one
// run (JSON settings with a common start time): it sends steadily to the simulator until the
// run's deadline and prints one JSON line with what it saw. It exits when stdin ends.
import { createInterface } from 'node:readline';
import { ConcurClient, refreshTokenProvider } from 'concur-sdk';
import { redisCoordination, redisTokenStore } from 'concur-sdk/redis';
import { Redis } from 'ioredis';

let seen;
process.on('warning', (warning) => {
  if (warning.code === 'CONCUR_SDK_REDIS_UNAVAILABLE' && seen !== undefined) seen.warnings += 1;
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(settings) {
  const { name, simUrl, oauth, token, redisPort, key, startAt, durationMs, loops, pauseBetweenMs, retry } = settings;
  seen = { name, sends: [], ok: 0, errors: {}, refreshes: 0, pauses: [], retries: [], warnings: 0 };
  const redis = redisPort === undefined ? undefined : new Redis(redisPort, '127.0.0.1', { retryStrategy: (times) => Math.min(times * 50, 300), maxRetriesPerRequest: 1 });
  redis?.on('error', () => undefined); // reconnection errors while the test has stopped Redis

  const accessToken = settings.tokens
    ? refreshTokenProvider({
        ...oauth,
        baseUrl: simUrl,
        refreshMarginMs: settings.refreshMarginMs,
        timeoutMs: settings.tokenTimeoutMs ?? 10_000,
        onRefresh: () => void (seen.refreshes += 1),
        ...(settings.tokens === 'redis' ? { store: redisTokenStore({ redis, key: `${key}:tokens`, lockExpiryMs: settings.lockExpiryMs }) } : {}),
      })
    : token;
  const concur = new ConcurClient({
    baseUrl: simUrl,
    accessToken,
    appInfo: { name },
    retry,
    onRequest: () => void seen.sends.push(Date.now()),
    onRetry: (event) => void seen.retries.push({ at: Date.now(), delayMs: event.delayMs, reason: event.reason }),
    ...(settings.coordination ? { coordination: redisCoordination({ redis, key, onPause: (event) => void seen.pauses.push({ at: Date.now(), until: event.until.getTime(), source: event.source }) }) } : {}),
    ...(settings.rateLimit ? { rateLimit: settings.rateLimit } : {}),
  });

  const deadline = startAt + durationMs;
  await sleep(Math.max(0, startAt - Date.now()));
  const loop = async () => {
    while (Date.now() < deadline) {
      try {
        await concur.request({ method: 'GET', path: '/api/expense/list/v1.0/', signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
        seen.ok += 1;
      } catch (error) {
        if (Date.now() >= deadline && error.name === 'ConcurAbortError') break;
        const label = error.name === 'ConcurAuthError' ? `ConcurAuthError ${error.oauthCode}` : error.name;
        seen.errors[label] = (seen.errors[label] ?? 0) + 1;
      }
      if (pauseBetweenMs > 0) await sleep(pauseBetweenMs);
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  redis?.disconnect();
  const report = seen;
  seen = undefined;
  return report;
}

process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  const report = await run(JSON.parse(line));
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
// Exit without waiting for the clients' idle keep-alive sockets to close.
process.exit(0);
