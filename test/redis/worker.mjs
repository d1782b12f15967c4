// One worker process of the multi-process Redis tests (workers.test.ts): a ConcurClient of the
// BUILT package, by its own name, sending steadily to the simulator until a deadline, then one
// JSON line with what it saw. Its settings come as JSON in argv[2].
import { ConcurClient, refreshTokenProvider } from 'concur-sdk';
import { redisCoordination, redisTokenStore } from 'concur-sdk/redis';
import { SIMULATOR_OAUTH, SIMULATOR_TOKEN } from 'concur-sdk/simulator';
import { Redis } from 'ioredis';

const settings = JSON.parse(process.argv[2]);
const { name, simUrl, redisPort, key, durationMs, loops, pauseBetweenMs, retry } = settings;

const redis = redisPort === undefined ? undefined : new Redis(redisPort, '127.0.0.1', { retryStrategy: (times) => Math.min(times * 50, 300), maxRetriesPerRequest: 1 });
redis?.on('error', () => undefined); // reconnection errors while the test has stopped Redis

const seen = { name, sends: [], ok: 0, errors: {}, refreshes: 0, pauses: [], retries: [], warnings: 0 };
process.on('warning', (warning) => {
  if (warning.code === 'CONCUR_SDK_REDIS_UNAVAILABLE') seen.warnings += 1;
});

const accessToken = settings.tokens
  ? refreshTokenProvider({
      ...SIMULATOR_OAUTH,
      baseUrl: simUrl,
      refreshMarginMs: settings.refreshMarginMs,
      timeoutMs: settings.tokenTimeoutMs ?? 10_000,
      onRefresh: () => void (seen.refreshes += 1),
      ...(settings.tokens === 'redis' ? { store: redisTokenStore({ redis, key: `${key}:tokens`, lockExpiryMs: settings.lockExpiryMs }) } : {}),
    })
  : SIMULATOR_TOKEN;

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

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Loaded: say so, and start when the test sends the common start time on stdin.
process.stdout.write(`ready ${name}\n`);
const startAt = await new Promise((resolve) => {
  process.stdin.setEncoding('utf8');
  process.stdin.once('data', (line) => resolve(Number(line.trim())));
});
process.stdin.pause();
const deadline = startAt + durationMs;
await sleep(Math.max(0, startAt - Date.now()));

async function loop() {
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
}

await Promise.all(Array.from({ length: loops }, loop));
redis?.disconnect();
// Exit without waiting for the client's idle keep-alive sockets to close.
process.stdout.write(`${JSON.stringify(seen)}\n`, () => process.exit(0));
