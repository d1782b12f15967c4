// The `concur-sdk/redis` entry point: tokens, pauses and a request budget shared through Redis by
// every process calling one Concur company. ioredis is an optional peer dependency: the app
// creates the client and passes it in.

export { redisTokenStore, type RedisTokenStoreOptions } from './token-store.js';
export { redisCoordination, type RedisCoordinationOptions } from './coordination.js';
export type { Coordination, PauseEvent, RateLimit, RequestBudget } from '../coordination/types.js';
export type { StoredTokens, TokenStore, TokenStoreLock } from '../auth/token-store.js';
