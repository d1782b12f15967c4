import { readFileSync } from 'node:fs';
import { ExtractService } from '../../src/services/extract.js';
import type { ClientOptions } from '../../src/index.js';
import { testRequester } from '../support/service-client.js';

// Shared setup of the ExtractService tests (extract-jobs.test.ts, extract-wait.test.ts): fixtures,
// ids and paths, the service on a test requester, and a request recorder.

export const fixture = (name: string) => readFileSync(new URL(`../fixtures/extract/${name}`, import.meta.url), 'utf8');
export const NS = 'http://www.concursolutions.com/api/expense/extract/2010/02';
export const HOST = 'https://concur.example.com';
export const DEF = 'gT7$kQ2pZx$wL9mNc4Rb';
export const JOB = 'Hf3$p8KdQw2$zXv0Lm';
export const DEF_PATH = '/api/expense/extract/v1.0/gT7%24kQ2pZx%24wL9mNc4Rb';
export const JOB_PATH = `${DEF_PATH}/job/Hf3%24p8KdQw2%24zXv0Lm`;

export function service(options: Partial<ClientOptions> = {}) {
  const { requester, delays } = testRequester(options);
  return { extract: new ExtractService(requester), delays };
}

export interface Captured {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Records every request the scope answers. */
export function recorder(captured: Captured[]) {
  return function record(this: { req: { method: string; path: string; headers: Record<string, string | string[] | undefined> } }, _uri: string, body: unknown): void {
    captured.push({ method: this.req.method, path: this.req.path, headers: this.req.headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  };
}

export const jobXml = (status: string, extra = '') =>
  `<job xmlns="${NS}"><id>${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}</id><status-link>${HOST}/api/expense/extract/v1.0/${DEF}/job/${JOB}/status</status-link><start-time>2026-11-25T02:00:05Z</start-time><status>${status}</status>${extra}</job>`;
