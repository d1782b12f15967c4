import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LatencyCommand, LatencyInput, ModeResult } from '../latency.js';
import { processOf, type ClientName } from '../lib/client-names.js';
import { startServer, startWorker, type WorkerHandle } from '../lib/procs.js';
import { median } from '../lib/stats.js';
import type { SectionContext } from './context.js';
import { latencyReport, type Measured } from './latency-report.js';

// --- 1. per-request overhead ---

/** What bench/run.mjs wrote about the extra SDK bundles (`sdk-before`, `sdk-no-obs`). */
export interface BundleInfo {
  sdkBefore: { commit: string; subject: string } | { error: string };
}

const HERE = dirname(fileURLToPath(import.meta.url));

function bundleInfo(): BundleInfo {
  const file = join(HERE, 'bundles.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BundleInfo) : { sdkBefore: { error: 'bench/run.mjs wrote no bundles.json' } };
}

/** Appends one round to a client's results, keeping the round's median apart. */
function add(into: Measured, round: ModeResult): void {
  into.samples.push(...round.samples);
  into.wallMs += round.wallMs;
  into.requests += round.requests;
  into.roundMedians.push(median(round.samples));
}

export async function latencySection(context: SectionContext): Promise<void> {
  const { config, profiled, log } = context;
  const c = config.latency;
  const bundles = bundleInfo();
  const skipped: string[] = [];
  const clients = c.clients.filter((name) => {
    if (name === 'sdk-before' && 'error' in bundles.sdkBefore) {
      skipped.push(`sdk-before (${bundles.sdkBefore.error})`);
      return false;
    }
    return true;
  });
  log(`\n== 1. Per-request overhead (${c.rounds} alternating rounds per client${skipped.length > 0 ? `; left out: ${skipped.join(', ')}` : ''})`);
  const server = await startServer([`--items=${c.itemsPerResponse}`]);
  const workers = new Map<'plain' | 'traced', WorkerHandle>();
  const empty = (): Measured => ({ samples: [], wallMs: 0, requests: 0, roundMedians: [] });
  const seq = new Map<ClientName, Measured>(clients.map((name) => [name, empty()]));
  const conc = new Map<ClientName, Measured>(clients.map((name) => [name, empty()]));
  try {
    for (const group of ['plain', 'traced'] as const) {
      const names = clients.filter((name) => processOf(name) === group);
      if (names.length === 0) continue;
      const input: LatencyInput = { url: server.url, clients: names, itemsPerResponse: c.itemsPerResponse, warmup: c.warmup, concurrency: c.concurrency };
      workers.set(group, await startWorker('latency', input, { profile: profiled.includes('latency') }));
    }
    const ask = async <T>(name: ClientName, command: LatencyCommand): Promise<T> => (workers.get(processOf(name)) as WorkerHandle).ask<T>(command);
    for (const name of clients) await ask(name, { op: 'warm', client: name });
    // Rounds alternate between the clients (and so between their processes), so drift on a shared
    // machine falls on all of them alike.
    for (let round = 0; round < c.rounds; round += 1) {
      for (const name of clients) add(seq.get(name) as Measured, await ask<ModeResult>(name, { op: 'run', client: name, mode: 'sequential', count: c.sequentialPerRound }));
    }
    for (let round = 0; round < c.rounds; round += 1) {
      for (const name of clients) add(conc.get(name) as Measured, await ask<ModeResult>(name, { op: 'run', client: name, mode: 'concurrent', count: c.concurrentPerRound }));
    }
  } finally {
    for (const worker of workers.values()) await worker.stop();
    await server.stop();
  }
  latencyReport(context, { clients, seq, conc, bundles });
}
