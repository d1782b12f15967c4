import type { ModeResult } from '../latency.js';
import type { ClientName } from '../lib/client-names.js';
import { fmt, markdownTable, median, percentile, ratio } from '../lib/stats.js';
import type { SectionContext, Target } from './context.js';
import type { BundleInfo } from './latency.js';

/** A client's results in one mode, with the median of each round kept apart. */
export interface Measured extends ModeResult {
  roundMedians: number[];
}

interface Results {
  clients: readonly ClientName[];
  seq: ReadonlyMap<ClientName, Measured>;
  conc: ReadonlyMap<ClientName, Measured>;
  bundles: BundleInfo;
}

/** Ratios within this of 1 count as "within noise" in the observability rows. */
const NOISE = 1.05;

const LIST_CLIENTS: readonly ClientName[] = ['sdk', 'axios', 'http', 'sdk-text', 'axios-xml2js', 'sdk-no-obs', 'sdk-before', 'sdk-hooks'];

function labels(bundles: BundleInfo): Record<ClientName, string> {
  const before = 'commit' in bundles.sdkBefore ? bundles.sdkBefore.commit : 'unavailable';
  return {
    sdk: 'SDK `listItems.getItems()` (typed, XML parsed; no hook, no tracer)',
    axios: 'axios, default instance (baseline)',
    http: 'node:http, keep-alive agent',
    'sdk-text': 'SDK `request()`, body as text (no XML parse)',
    'axios-xml2js': 'axios, then the body parsed with xml2js (the same work as the typed SDK call)',
    'sdk-no-obs': 'SDK typed call, observability compiled out (bench stub for src/core/observe.ts)',
    'sdk-before': `SDK typed call as before observability (src at ${before})`,
    'sdk-hooks': 'SDK typed call with onRequest + onResponse + onRetry hooks and an OpenTelemetry tracer (own process)',
    'sdk-user': 'SDK `users.get()` (asks for XML, typed `UserProfile`)',
    'concur-platform': 'concur-platform 0.3.9 `user.get()` (request + Q, asks for JSON; the peer)',
  };
}

function mid(results: ReadonlyMap<ClientName, Measured>, name: ClientName): number {
  return median(results.get(name)?.samples ?? []);
}

/** `a / b` on medians, and the range of the same ratio round by round. */
function compare(results: ReadonlyMap<ClientName, Measured>, a: ClientName, b: ClientName): { value: number; rounds: string } {
  const left = results.get(a)?.roundMedians ?? [];
  const right = results.get(b)?.roundMedians ?? [];
  const perRound = left.map((value, index) => value / (right[index] ?? Number.NaN)).filter(Number.isFinite);
  const rounds = perRound.length === 0 ? 'n/a' : `${ratio(Math.min(...perRound))}–${ratio(Math.max(...perRound))}`;
  return { value: mid(results, a) / mid(results, b), rounds };
}

function clientTable(results: ReadonlyMap<ClientName, Measured>, names: readonly ClientName[], baseline: ClientName, label: Record<ClientName, string>, header: string): string {
  const base = mid(results, baseline);
  const rows = names.map((name) => {
    const result = results.get(name) as Measured;
    const value = median(result.samples);
    return [label[name], fmt(value), fmt(percentile(result.samples, 99)), fmt(result.requests / (result.wallMs / 1_000)), fmt(result.samples.length), ratio(value / base)];
  });
  return markdownTable([['Client', 'median µs', 'p99 µs', 'requests/s', 'samples', header], ...rows]);
}

export function latencyReport({ config, log, targets, sections }: SectionContext, { clients, seq, conc, bundles }: Results): void {
  const c = config.latency;
  const label = labels(bundles);
  const has = (...names: ClientName[]): boolean => names.every((name) => clients.includes(name));
  const modes = [
    ['one at a time', seq],
    [`${c.concurrency} in flight`, conc],
  ] as const;
  const push = (what: string, value: number, limit: number | undefined, extra = ''): void => {
    const target: Target = { what, measured: `${ratio(value)}${extra}`, met: limit === undefined ? undefined : value <= limit };
    targets.push(target);
  };
  for (const [mode, results] of modes) {
    if (has('sdk', 'axios')) push(`SDK typed call / bare axios median latency, ${mode} ≤ 1.10`, mid(results, 'sdk') / mid(results, 'axios'), 1.1);
    if (has('sdk', 'axios-xml2js')) push(`SDK typed call / axios + xml2js parse, ${mode} ≤ 0.80 (the same work)`, mid(results, 'sdk') / mid(results, 'axios-xml2js'), 0.8);
    if (has('sdk-text', 'axios')) push(`SDK request() as text / bare axios, ${mode} ≤ 1.10 (transport alone; the bench's own check)`, mid(results, 'sdk-text') / mid(results, 'axios'), 1.1);
    if (has('sdk-user', 'concur-platform')) {
      push(`SDK users.get() / concur-platform user.get() (the old official SDK), ${mode} ≤ 1.0`, mid(results, 'sdk-user') / mid(results, 'concur-platform'), 1);
    }
  }
  const observability: string[][] = [];
  const pairs: Array<[ClientName, ClientName, string, number | undefined]> = [
    ['sdk', 'sdk-before', 'no hook, no tracer: SDK now / SDK before observability', NOISE],
    ['sdk', 'sdk-no-obs', 'no hook, no tracer: SDK / the same SDK with observability compiled out', NOISE],
    ['sdk-hooks', 'sdk', 'every hook and an OpenTelemetry tracer / no hook, no tracer (the overhead)', undefined],
  ];
  for (const [a, b, what, limit] of pairs) {
    if (!has(a, b)) continue;
    const row = [what];
    for (const [mode, results] of modes) {
      const { value, rounds } = compare(results, a, b);
      row.push(ratio(value), rounds);
      push(`Observability, ${what}, ${mode}${limit === undefined ? ' (reported, no target)' : ` ≤ ${fmt(limit, 2)} (within noise)`}`, value, limit, ` (rounds ${rounds})`);
    }
    observability.push(row);
  }

  const listNames = LIST_CLIENTS.filter((name) => clients.includes(name));
  const userNames = (['sdk-user', 'concur-platform'] as const).filter((name) => clients.includes(name));
  const parts = [
    '## 1. Per-request overhead',
    '',
    `Each client sends the same GET to a bare node:http server in its own process: ${c.warmup} warm-up requests each (one at a time, then ${c.concurrency} in flight), ` +
      `then ${c.rounds} rounds alternating between the clients (${clients.join(', ')}, ${clients[0] ?? ''}, …). ` +
      'The clients live in one worker process, except `sdk-hooks`, whose tracer provider is global to its process and so has a process of its own; ' +
      'the rounds alternate between the processes too, and a process waiting for its turn does nothing. The latency of every request is a sample.',
  ];
  if (listNames.length > 0) {
    parts.push(
      '',
      `### List items: \`GET /api/expense/list/v1.0/{listId}/items\` (${c.itemsPerResponse} items, XML), one request at a time (${c.rounds} × ${c.sequentialPerRound} per client)`,
      '',
      clientTable(seq, listNames, 'axios', label, 'median vs axios'),
      '',
      `### List items, ${c.concurrency} requests in flight (${c.rounds} × ${c.concurrentPerRound} per client)`,
      '',
      clientTable(conc, listNames, 'axios', label, 'median vs axios'),
    );
  }
  if (userNames.length === 2) {
    parts.push(
      '',
      '### Against the old official SDK: `GET /api/user/v1.0/User/` (the same profile as XML for the SDK, as JSON for concur-platform)',
      '',
      `One request at a time (${c.rounds} × ${c.sequentialPerRound} per client):`,
      '',
      clientTable(seq, userNames, 'concur-platform', label, 'median vs concur-platform'),
      '',
      `${c.concurrency} requests in flight (${c.rounds} × ${c.concurrentPerRound} per client):`,
      '',
      clientTable(conc, userNames, 'concur-platform', label, 'median vs concur-platform'),
    );
  }
  if (observability.length > 0) {
    parts.push(
      '',
      '### What observability costs (ratios of the list items medians above; the range is the same ratio round by round)',
      '',
      markdownTable([['Comparison', 'one at a time', 'rounds', `${c.concurrency} in flight`, 'rounds'], ...observability]),
    );
  }
  const text = parts.join('\n');
  sections.push(text);
  log(text);
}
