import nock from 'nock';
import { ConcurClient, type ClientOptions } from '../../src/index.js';

export const BASE_URL = 'https://concur.example.com';
export const TOKEN = 'secret-token-7f3a9c';

/** A sleep that returns at once and records every wait it was asked for. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms: number) => {
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

/** A client on the test host with a recording sleep; options override the defaults. */
export function testClient(options: Partial<ClientOptions> = {}): { client: ConcurClient; delays: number[] } {
  const { sleep, delays } = recordingSleep();
  const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: TOKEN, sleep, ...options });
  return { client, delays };
}

/** nock scope on the test host. */
export function concur(): nock.Scope {
  return nock(BASE_URL);
}

export const XML = { 'Content-Type': 'application/xml; charset=utf-8' };

/** Concur's bare error body. */
export function errorXml(message: string, id = 'E-1234', serverTime = '2026-11-25T10:00:00'): string {
  return `<?xml version="1.0" encoding="utf-8"?><Error><Message>${message}</Message><Server-Time>${serverTime}</Server-Time><Id>${id}</Id></Error>`;
}

/** Runs `fn` and returns what it threw, failing the test when it does not throw. */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/** What a promise settled with: its value, or what it rejected with. */
export const settle = async (promise: Promise<unknown>): Promise<unknown> => promise.catch((caught: unknown) => caught);
