import http from 'node:http';
import axios from 'axios';
import { Parser } from 'xml2js';
import { ConcurClient } from '../src/index.js';
import { ITEMS_PATH, LIST_ID } from './lib/fixtures.js';
import { runAsWorker, workerInput } from './lib/procs.js';
import { nowNs } from './lib/stats.js';

/**
 * Section 1, per-request overhead. The same GET of a list's items through each client, in rounds
 * that alternate between the clients after a warm-up, first one request at a time, then with
 * `concurrency` requests in flight. Every request's latency is kept (µs).
 */

export interface LatencyInput {
  url: string;
  clients: ClientName[];
  /** Items in the server's answer, to check the SDK parsed them all. */
  itemsPerResponse: number;
  warmup: number;
  rounds: number;
  sequentialPerRound: number;
  concurrentPerRound: number;
  concurrency: number;
}

/**
 * `sdk`: typed getItems (XML parsed); `sdk-text`: the SDK's request() read as text; `axios`:
 * default instance; `axios-xml2js`: the same GET, then the body parsed with xml2js, as the old
 * official SDK did (the same work as `sdk`); `http`: node:http with a keep-alive agent.
 */
export type ClientName = 'sdk' | 'sdk-text' | 'axios' | 'axios-xml2js' | 'http';

export interface ModeResult {
  /** Every request's latency, µs. */
  samples: number[];
  /** Time the rounds took, summed, ms. */
  wallMs: number;
  requests: number;
}

export interface LatencyResult {
  sequential: Record<string, ModeResult>;
  concurrent: Record<string, ModeResult>;
}

const AUTHORIZATION = 'Bearer token';

function makeClients(input: LatencyInput): Record<ClientName, () => Promise<unknown>> {
  const concur = new ConcurClient({ baseUrl: input.url, accessToken: 'token' });
  // What an integrator writes: a default instance, with the headers the request needs.
  const bare = axios.create({ baseURL: input.url });
  const agent = new http.Agent({ keepAlive: true });
  const xml2js = new Parser();
  const { hostname, port } = new URL(input.url);
  return {
    sdk: () => concur.listItems.getItems(LIST_ID),
    'sdk-text': () => concur.request({ method: 'GET', path: ITEMS_PATH, responseType: 'text' }),
    axios: () => bare.get<string>(ITEMS_PATH, { headers: { Authorization: AUTHORIZATION, Accept: 'application/xml' } }),
    'axios-xml2js': async () => {
      const response = await bare.get<string>(ITEMS_PATH, { headers: { Authorization: AUTHORIZATION, Accept: 'application/xml' } });
      return new Promise((resolve, reject) => {
        xml2js.parseString(response.data, (error, parsed) => (error ? reject(error) : resolve(parsed)));
      });
    },
    http: () =>
      new Promise<string>((resolve, reject) => {
        const request = http.get({ agent, hostname, port, path: ITEMS_PATH, headers: { Authorization: AUTHORIZATION, Accept: 'application/xml' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (response.statusCode === 200) resolve(Buffer.concat(chunks).toString('utf8'));
            else reject(new Error(`HTTP ${String(response.statusCode)}`));
          });
          response.on('error', reject);
        });
        request.on('error', reject);
      }),
  };
}

async function sequential(send: () => Promise<unknown>, count: number, into: ModeResult): Promise<void> {
  const start = nowNs();
  for (let i = 0; i < count; i += 1) {
    const t0 = nowNs();
    await send();
    into.samples.push((nowNs() - t0) / 1_000);
  }
  into.wallMs += (nowNs() - start) / 1e6;
  into.requests += count;
}

async function concurrent(send: () => Promise<unknown>, count: number, concurrency: number, into: ModeResult): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const t0 = nowNs();
      await send();
      into.samples.push((nowNs() - t0) / 1_000);
    }
  };
  const start = nowNs();
  await Promise.all(Array.from({ length: concurrency }, lane));
  into.wallMs += (nowNs() - start) / 1e6;
  into.requests += count;
}

async function main(): Promise<LatencyResult> {
  const input = workerInput<LatencyInput>();
  const all = makeClients(input);
  const names = input.clients;

  // Check that every client gets the whole answer before timing anything.
  const items = (await all.sdk()) as unknown[];
  if (items.length !== input.itemsPerResponse) throw new Error(`SDK read ${items.length} items, expected ${input.itemsPerResponse}`);
  const text = (await all.http()) as string;
  const viaAxios = ((await all.axios()) as { data: unknown }).data;
  if (viaAxios !== text) throw new Error('axios and node:http read different bodies');

  const empty = (): ModeResult => ({ samples: [], wallMs: 0, requests: 0 });
  const warm = Object.fromEntries(names.map((name) => [name, empty()]));
  for (const name of names) {
    await sequential(all[name], input.warmup, warm[name] as ModeResult);
    await concurrent(all[name], input.warmup, input.concurrency, warm[name] as ModeResult);
  }

  const result: LatencyResult = {
    sequential: Object.fromEntries(names.map((name) => [name, empty()])),
    concurrent: Object.fromEntries(names.map((name) => [name, empty()])),
  };
  // Rounds alternate between the clients (sdk, axios, http, sdk, ...) so that drift on a shared
  // machine falls on all of them alike.
  for (let round = 0; round < input.rounds; round += 1) {
    for (const name of names) await sequential(all[name], input.sequentialPerRound, result.sequential[name] as ModeResult);
  }
  for (let round = 0; round < input.rounds; round += 1) {
    for (const name of names) await concurrent(all[name], input.concurrentPerRound, input.concurrency, result.concurrent[name] as ModeResult);
  }
  return result;
}

runAsWorker(main);
