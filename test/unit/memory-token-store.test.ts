import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryTokenStore, type StoredTokens } from '../../src/index.js';

// memoryTokenStore on its own: what it keeps, and the refresh lock that lets one refresh run at a
// time among the providers of one process (a lock whose holder never releases it frees itself).

const NOW = Date.parse('2026-11-25T12:00:00Z');
const TOKENS: StoredTokens = { accessToken: 'access-1-abcdef', refreshToken: 'refresh-1-abcdef', expiresAt: NOW + 3_600_000, refreshedAt: NOW };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('memoryTokenStore keeps the tokens', () => {
  it('reads undefined until tokens are written, then what was written last', async () => {
    const store = memoryTokenStore();
    expect(await store.read()).toBeUndefined();
    await store.write(TOKENS);
    await store.write({ ...TOKENS, accessToken: 'access-2-abcdef', refreshedAt: NOW + 1 });
    expect(await store.read()).toEqual({ ...TOKENS, accessToken: 'access-2-abcdef', refreshedAt: NOW + 1 });
  });

  it('keeps copies: changing what was written or read changes nothing stored', async () => {
    const store = memoryTokenStore();
    const written = { ...TOKENS };
    await store.write(written);
    written.accessToken = 'changed';
    const read = await store.read();
    if (read !== undefined) read.refreshToken = 'changed';
    expect(await store.read()).toEqual(TOKENS);
  });
});

describe('the refresh lock of memoryTokenStore', () => {
  it('has one holder at a time: tryLock gives undefined until the holder releases it', async () => {
    const store = memoryTokenStore();
    const first = await store.tryLock();
    expect(first).toBeDefined();
    expect(await store.tryLock()).toBeUndefined();
    await first?.release();
    const second = await store.tryLock();
    expect(second).toBeDefined();
    expect(await store.tryLock()).toBeUndefined();
  });

  it('frees itself two minutes after it was taken when its holder never releases it', async () => {
    const store = memoryTokenStore();
    expect(await store.tryLock()).toBeDefined();
    vi.setSystemTime(NOW + 119_999);
    expect(await store.tryLock()).toBeUndefined();
    vi.setSystemTime(NOW + 120_000);
    expect(await store.tryLock()).toBeDefined();
    // Taken again at NOW + 120_000: held for another two minutes from then.
    vi.setSystemTime(NOW + 239_999);
    expect(await store.tryLock()).toBeUndefined();
  });

  it('frees itself after lockExpiryMs when one is given', async () => {
    const store = memoryTokenStore({ lockExpiryMs: 1_000 });
    expect(await store.tryLock()).toBeDefined();
    vi.setSystemTime(NOW + 999);
    expect(await store.tryLock()).toBeUndefined();
    vi.setSystemTime(NOW + 1_000);
    expect(await store.tryLock()).toBeDefined();
  });

  it('a late release by a holder whose lock expired leaves the new holder’s lock in place', async () => {
    const store = memoryTokenStore({ lockExpiryMs: 1_000 });
    const late = await store.tryLock();
    vi.setSystemTime(NOW + 1_000);
    const current = await store.tryLock();
    expect(current).toBeDefined();
    await late?.release();
    expect(await store.tryLock()).toBeUndefined();
    await current?.release();
    expect(await store.tryLock()).toBeDefined();
  });

  it('release never rejects, even when called twice or after the lock expired and was freed', async () => {
    const store = memoryTokenStore({ lockExpiryMs: 1_000 });
    const lock = await store.tryLock();
    await expect(lock?.release()).resolves.toBeUndefined();
    await expect(lock?.release()).resolves.toBeUndefined();
    expect(await store.tryLock()).toBeDefined();
  });
});
