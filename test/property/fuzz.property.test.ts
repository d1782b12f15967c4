import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareBombs } from '../../scripts/fuzz/encoding.js';
import { generateCase } from '../../scripts/fuzz/generate.js';
import { Lane, runCase, type CaseOutcome, type HarnessOptions } from '../../scripts/fuzz/harness.js';
import { leakForms, PollutionWatch } from '../../scripts/fuzz/invariants.js';
import { tokenFor } from '../../scripts/fuzz/run.js';
import { TARGETS } from '../../scripts/fuzz/targets.js';

// Issue "Hardening", fuzzing: the invariant of `npm run fuzz` on a smaller budget. fast-check picks
// (seed, index) pairs; the fuzz generator turns each into an SDK call and the bytes a local
// server answers it with (valid and mutated documents, error bodies, lying framings, compression
// bombs, stalls…), over keep-alive sockets. Whatever the answer, the call settles in time with a
// typed result or a ConcurError, no built-in prototype changes, and no form of the token reaches
// the caller. A failure names the case and the command that replays it in the full harness.

const LANES = 4;
const RUNS = 75;
/** Most cases share one run seed so the token (derived from it) is fixed for the lanes' clients. */
const SEED = 7;
const token = tokenFor(SEED);
const options: HarnessOptions = { timeoutMs: 300, maxResponseBytes: 4 * 1024 * 1024, marginMs: 15_000, token, leakForms: leakForms(token) };
const watch = new PollutionWatch();
let lanes: Lane[] = [];

beforeAll(async () => {
  // 32 MB is past every limit of these clients (4 MB for a 2xx, 64 KB for an error body).
  await prepareBombs(32 * 1024 * 1024);
  lanes = await Promise.all(Array.from({ length: LANES }, () => Lane.open(options)));
});

afterAll(async () => {
  await Promise.all(lanes.map((lane) => lane.close()));
});

function explain(outcome: CaseOutcome): string {
  const { fuzzCase } = outcome;
  const error = outcome.error instanceof Error ? (outcome.error.stack ?? outcome.error.message) : String(outcome.error);
  return [
    `case ${fuzzCase.index} of seed ${fuzzCase.seed}: ${fuzzCase.target.name} → ${outcome.outcome} after ${Math.round(outcome.ms)} ms`,
    `answer: ${fuzzCase.labels.join(', ')}`,
    `ill-typed: ${outcome.illTyped.join('; ') || 'no'}; leaks: ${outcome.leaks.join(', ') || 'none'}; pollution: ${outcome.pollution.join('; ') || 'none'}`,
    outcome.typed ? '' : `error: ${error}`,
    `replay: npm run fuzz -- --seed ${fuzzCase.seed} --case ${fuzzCase.index} --concurrency 1`,
  ].join('\n');
}

function holds(outcome: CaseOutcome): boolean {
  return outcome.typed && !outcome.hang && outcome.illTyped.length === 0 && outcome.leaks.length === 0 && outcome.pollution.length === 0;
}

describe('whatever a server answers, every SDK call settles with a typed result or a ConcurError', () => {
  it('holds for fuzzed answers to every typed read and batch method', { timeout: 120_000 }, async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 2 ** 31 - 1 }), { minLength: LANES, maxLength: LANES }), async (indices) => {
        const results = await Promise.all(indices.map((index, lane) => runCase(lanes[lane] as Lane, generateCase(SEED, index, token), options, watch)));
        for (const outcome of results) {
          outcomes.set(outcome.outcome, (outcomes.get(outcome.outcome) ?? 0) + 1);
          if (!holds(outcome)) throw new Error(explain(outcome));
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The budget reached both sides of the invariant: typed results and typed errors.
    expect(outcomes.get('result') ?? 0).toBeGreaterThan(0);
    expect([...outcomes.keys()].filter((name) => name !== 'result').length).toBeGreaterThan(2);
  });

  it('the harness counts each kind of failure (a check that cannot fail proves nothing)', async () => {
    const lane = lanes[0] as Lane;
    const quick: HarnessOptions = { ...options, timeoutMs: 10, marginMs: 50 };
    const base = generateCase(SEED, 1, token);
    const lists = TARGETS.find((target) => target.name === 'listItems.getLists') as (typeof TARGETS)[number];
    const run = (call: () => Promise<unknown>): Promise<CaseOutcome> => runCase(lane, { ...base, retry: false, target: { ...lists, call } }, quick, watch);

    const thrown = await run(() => Promise.reject(new TypeError('boom')));
    expect([thrown.typed, thrown.outcome]).toEqual([false, 'non-SDK TypeError']);
    const hung = await run(() => new Promise(() => undefined));
    expect([hung.hang, hung.typed]).toEqual([true, false]);
    const polluted = await run(async () => {
      (Object.prototype as Record<string, unknown>)['fuzzPolluted'] = true;
      return [];
    });
    expect(polluted.pollution).toEqual(['({}).fuzzPolluted is inherited', 'Object.prototype.fuzzPolluted was added']);
    expect(Object.hasOwn(Object.prototype, 'fuzzPolluted')).toBe(false);
    const leaked = await run(() => Promise.resolve([{ id: '1', url: `https://x/${encodeURIComponent(token)}`, name: 'n', isVendor: false, levels: 1 }]));
    expect(leaked.leaks).toEqual([encodeURIComponent(token)]);
    const illTyped = await run(() => Promise.resolve([{ id: 5, url: '', name: '', isVendor: false, levels: Number.POSITIVE_INFINITY }]));
    expect(illTyped.illTyped).toEqual(['[0].id: not a string (number)', '[0].levels: not a finite number (Infinity)']);
  });

  it('replays: the same (seed, index) gives the same call and the same bytes', () => {
    for (const index of [0, 1, 4711, 2 ** 31 - 1]) {
      const first = generateCase(SEED, index, token);
      const again = generateCase(SEED, index, token);
      expect(again.target.name).toBe(first.target.name);
      expect(again.reply.statusLine).toBe(first.reply.statusLine);
      expect(again.reply.headers).toEqual(first.reply.headers);
      expect(again.reply.body.equals(first.reply.body)).toBe(true);
      expect(again.labels).toEqual(first.labels);
    }
  });
});
