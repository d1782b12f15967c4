import type { ClientName } from './lib/client-names.js';
import { makeClients } from './lib/latency-clients.js';
import { ROOT, serveAsWorker } from './lib/procs.js';
import { nowNs } from './lib/stats.js';
import { userProfileRecord } from './lib/user-profile.js';

/**
 * Section 1, per-request overhead: one worker process per group of clients (see `processOf`),
 * each answering commands from bench/sections/latency.ts: warm a client up, or run one round of
 * one client, one request at a time or `concurrency` in flight. The section alternates the
 * rounds between the clients, and so between the processes; a process waiting for its next
 * command does nothing. Every request's latency is kept (µs).
 */

export interface LatencyInput {
  url: string;
  clients: ClientName[];
  /** Items in the server's list items answer, to check that every client read them all. */
  itemsPerResponse: number;
  warmup: number;
  concurrency: number;
}

export type LatencyCommand = { op: 'warm'; client: ClientName } | { op: 'run'; client: ClientName; mode: 'sequential' | 'concurrent'; count: number };

export interface ModeResult {
  /** Every request's latency, µs, in the order they settled. */
  samples: number[];
  /** Time the rounds took, summed, ms. */
  wallMs: number;
  requests: number;
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

serveAsWorker<LatencyInput, LatencyCommand>(async (input) => {
  // Each client's answer is checked before anything is timed.
  const clients = await makeClients(input.url, input.clients, { itemsPerResponse: input.itemsPerResponse, profile: userProfileRecord(ROOT) });
  return async (command) => {
    const send = clients[command.client];
    if (send === undefined) throw new Error(`Client ${command.client} is not built in this process`);
    const result: ModeResult = { samples: [], wallMs: 0, requests: 0 };
    if (command.op === 'warm') {
      await sequential(send, input.warmup, result);
      await concurrent(send, input.warmup, input.concurrency, result);
      return { requests: result.requests };
    }
    if (command.mode === 'sequential') await sequential(send, command.count, result);
    else await concurrent(send, command.count, input.concurrency, result);
    return result;
  };
});
