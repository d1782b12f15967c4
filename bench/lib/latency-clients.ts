import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import axios from 'axios';
import { Parser } from 'xml2js';
import { ConcurClient } from '../../src/index.js';
import { ITEMS_PATH, LIST_ID } from './fixtures.js';
import type { ClientName } from './client-names.js';
import { registerTracer } from './otel.js';

/**
 * The clients of the per-request section, each a function that sends one request and settles
 * with what it read. Every client is built only in the process that measures it.
 */

/** What each client's check call must return before anything is timed. */
export interface Expected {
  itemsPerResponse: number;
  /** The user profile both user clients must read. */
  profile: Record<string, string>;
}

type Send = () => Promise<unknown>;

/** The one part of an SDK bundle (sdk-before, sdk-no-obs) the bench calls. */
interface ListItemsSdk {
  ConcurClient: new (options: { baseUrl: string; accessToken: string }) => { listItems: { getItems(listId: string): Promise<unknown[]> } };
}

/** The one part of concur-platform 0.3.9 the bench calls; it settles with the parsed JSON. */
interface ConcurPlatform {
  user: { get(options: { oauthToken: string }): PromiseLike<Record<string, unknown>> };
}

const AUTHORIZATION = 'Bearer token';
const HEADERS = { Authorization: AUTHORIZATION, Accept: 'application/xml' };
const HERE = dirname(fileURLToPath(import.meta.url));

function fail(what: string): never {
  throw new Error(`Check before timing failed: ${what}`);
}

async function bundledSdk(name: string, url: string, expected: Expected): Promise<Send> {
  const sdk = (await import(pathToFileURL(join(HERE, `${name}.mjs`)).href)) as ListItemsSdk;
  const concur = new sdk.ConcurClient({ baseUrl: url, accessToken: 'token' });
  const send: Send = async () => concur.listItems.getItems(LIST_ID);
  const items = (await send()) as unknown[];
  if (items.length !== expected.itemsPerResponse) fail(`${name} read ${items.length} items`);
  return send;
}

async function hooked(url: string, expected: Expected): Promise<Send> {
  const exporter = await registerTracer();
  const seen = { requests: 0, responses: 0, retries: 0, durationMs: 0 };
  const concur = new ConcurClient({
    baseUrl: url,
    accessToken: 'token',
    onRequest: () => {
      seen.requests += 1;
    },
    onResponse: (event) => {
      seen.responses += 1;
      seen.durationMs += event.durationMs;
      // Finished spans pile up in the in-memory exporter: drop them now and then.
      if (seen.responses % 1_000 === 0) exporter.reset();
    },
    onRetry: () => {
      seen.retries += 1;
    },
  });
  const send: Send = async () => concur.listItems.getItems(LIST_ID);
  const items = (await send()) as unknown[];
  if (items.length !== expected.itemsPerResponse) fail(`sdk-hooks read ${items.length} items`);
  const spans = exporter.getFinishedSpans().map((span) => span.name);
  if (seen.requests !== 1 || seen.responses !== 1) fail(`sdk-hooks hooks ran ${seen.requests} / ${seen.responses} times for one call`);
  if (spans.length < 2) fail(`sdk-hooks recorded ${spans.length} span(s) (${spans.join(', ')}): is the tracer provider registered?`);
  return send;
}

async function concurPlatform(url: string, expected: Expected): Promise<Send> {
  // concur-platform reads its base URL once, when it is loaded.
  process.env.CONCUR_BASE_URI = url;
  const peer = createRequire(import.meta.url)('concur-platform') as ConcurPlatform;
  const send: Send = async () => peer.user.get({ oauthToken: 'token' });
  const profile = (await send()) as Record<string, unknown>;
  for (const [key, value] of Object.entries(expected.profile)) {
    if (profile[key] !== value) fail(`concur-platform read ${key} = ${String(profile[key])}, expected ${value}`);
  }
  return send;
}

/** Builds the clients named, checks each one's answer, and returns them. */
export async function makeClients(url: string, names: readonly ClientName[], expected: Expected): Promise<Partial<Record<ClientName, Send>>> {
  const { hostname, port } = new URL(url);
  const clients: Partial<Record<ClientName, Send>> = {};
  const needs = (name: ClientName): boolean => names.includes(name);
  const concur = needs('sdk') || needs('sdk-text') || needs('sdk-user') ? new ConcurClient({ baseUrl: url, accessToken: 'token' }) : undefined;
  // What an integrator writes: a default instance, with the headers the request needs.
  const bare = axios.create({ baseURL: url });
  const agent = new http.Agent({ keepAlive: true });
  const xml2js = new Parser();
  const viaHttp: Send = async () =>
    new Promise<string>((resolve, reject) => {
      const request = http.get({ agent, hostname, port, path: ITEMS_PATH, headers: HEADERS }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 200) resolve(Buffer.concat(chunks).toString('utf8'));
          else reject(new Error(`HTTP ${String(response.statusCode)}`));
        });
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  const text = (await viaHttp()) as string;
  if (needs('http')) clients.http = viaHttp;
  if (concur !== undefined && needs('sdk')) {
    clients.sdk = async () => concur.listItems.getItems(LIST_ID);
    const items = await concur.listItems.getItems(LIST_ID);
    if (items.length !== expected.itemsPerResponse) fail(`SDK read ${items.length} items, expected ${expected.itemsPerResponse}`);
  }
  if (concur !== undefined && needs('sdk-text')) {
    clients['sdk-text'] = async () => concur.request({ method: 'GET', path: ITEMS_PATH, responseType: 'text' });
    if ((await concur.request({ method: 'GET', path: ITEMS_PATH, responseType: 'text' })).data !== text) fail('sdk-text and node:http read different bodies');
  }
  if (needs('axios')) {
    clients.axios = async () => bare.get<string>(ITEMS_PATH, { headers: HEADERS });
    if ((await bare.get<string>(ITEMS_PATH, { headers: HEADERS })).data !== text) fail('axios and node:http read different bodies');
  }
  if (needs('axios-xml2js')) {
    clients['axios-xml2js'] = async () => {
      const response = await bare.get<string>(ITEMS_PATH, { headers: HEADERS });
      return new Promise((resolve, reject) => {
        xml2js.parseString(response.data, (error, parsed) => (error ? reject(error) : resolve(parsed)));
      });
    };
  }
  if (needs('sdk-no-obs')) clients['sdk-no-obs'] = await bundledSdk('sdk-no-obs', url, expected);
  if (needs('sdk-before')) clients['sdk-before'] = await bundledSdk('sdk-before', url, expected);
  if (needs('sdk-hooks')) clients['sdk-hooks'] = await hooked(url, expected);
  if (concur !== undefined && needs('sdk-user')) {
    clients['sdk-user'] = async () => concur.users.get();
    const profile = await concur.users.get();
    for (const [key, value] of Object.entries(expected.profile)) {
      if (profile.fields[key] !== value) fail(`SDK users.get() read ${key} = ${String(profile.fields[key])}, expected ${value}`);
    }
  }
  if (needs('concur-platform')) clients['concur-platform'] = await concurPlatform(url, expected);
  return clients;
}
