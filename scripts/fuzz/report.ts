import type { Failure, FuzzReport } from './run.js';

const MB = 1024 * 1024;
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / MB).toFixed(1)} MB`;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

const sorted = (map: Map<string, number>): Array<[string, number]> => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/** The figures that must be 0, by name. */
export function mustBeZero(report: FuzzReport): Array<[name: string, failures: Failure[]]> {
  return [
    ['Non-SDK errors', report.nonSdkErrors],
    ['Hangs', report.hangs],
    ['Prototype pollutions', report.pollutions],
    ['Token leaks', report.leaks],
    ['Ill-typed results', report.illTyped],
    // The parsed data is redacted too when the parser could have joined a split token, and an id
    // read from a broken link in an answer no longer blames the caller: both must be 0.
    ['Token leaks through a split echo', report.undocumentedLeaks],
    ['ConcurValidationError from an answer', report.answerValidationErrors],
  ];
}

/** True when every figure that must be 0 is 0. */
export function passed(report: FuzzReport): boolean {
  return mustBeZero(report).every(([, failures]) => failures.length === 0);
}

/** The command that replays one case alone. */
export function replayCommand(report: FuzzReport, index: number): string {
  return `npm run fuzz -- --seed ${report.options.seed} --case ${index} --concurrency 1`;
}

function figures(report: FuzzReport): string {
  const [slowest] = report.slowest;
  const alone = [...report.slowest].sort((a, b) => (b.aloneMs ?? 0) - (a.aloneMs ?? 0))[0];
  const { options } = report;
  const rows: string[][] = [
    ['Bodies tried', int(report.bodiesTried), ''],
    ['Requests answered', `${int(report.requestsAnswered)} over ${int(report.connectionsOpened)} connections (kept alive between calls)`, ''],
    ...mustBeZero(report).map(([name, failures]) => [name, int(failures.length), failures.length === 0 ? 'yes: 0' : '**NO**']),
    [
      'Slowest call',
      slowest === undefined || alone === undefined
        ? '-'
        : `${int(slowest.ms)} ms with ${options.concurrency} calls in flight (case ${slowest.index}, ${slowest.target}: ${int(slowest.aloneMs ?? 0)} ms alone); slowest alone of the ${report.slowest.length} slowest: ${int(alone.aloneMs ?? 0)} ms (case ${alone.index}, ${alone.target})`,
      `a hang past: sends × ${int(options.timeoutMs)} ms (a download: + its slow body + 30,000 ms) + ${int(options.marginMs)} ms`,
    ],
    ['Peak memory', `RSS ${mb(report.peakRssBytes)} sampled, ${mb(report.maxRssBytes)} max RSS; heap used ${mb(report.peakHeapUsedBytes)}`, ''],
    ['Time taken', `${(report.durationMs / 60_000).toFixed(1)} min (${int(report.bodiesTried / (report.durationMs / 1000))} bodies/s)`, ''],
  ];
  return table(['Figure', 'Value', 'Must be 0'], rows);
}

function failures(report: FuzzReport, limit: number): string {
  const parts: string[] = [];
  const listed: Array<[string, Failure[]]> = mustBeZero(report);
  for (const [name, list] of listed) {
    if (list.length === 0) continue;
    parts.push(`### ${name} (${list.length}; first ${Math.min(limit, list.length)})`, '');
    for (const failure of list.slice(0, limit)) {
      parts.push(`- case ${failure.index}, ${failure.target} → ${failure.outcome}: ${failure.detail}`);
      parts.push(`  answer: ${failure.labels.join(', ')}`);
      parts.push(`  replay: \`${replayCommand(report, failure.index)}\``);
    }
    parts.push('');
  }
  return parts.join('\n');
}

/** The report as Markdown: figures, outcomes by class, coverage, and the cases that failed. */
export function formatReport(report: FuzzReport, failureLimit = 10): string {
  const { options } = report;
  const outcomes = sorted(report.outcomes).map(([name, n]) => [name, int(n), `${((100 * n) / report.bodiesTried).toFixed(2)} %`]);
  const chunks = sorted(report.chunkErrors).map(([name, n]) => [name, int(n)]);
  const targets = sorted(report.byTarget).map(([name, n]) => `${name} ${int(n)}`);
  const labels = sorted(report.labels).map(([name, n]) => `${name} ${int(n)}`);
  return [
    `Seed ${options.seed}, cases ${options.first} to ${options.first + options.count - 1}, ${options.concurrency} calls in flight, client \`timeoutMs: ${options.timeoutMs}\`, \`maxResponseBytes: ${options.maxResponseBytes}\`; token \`${report.token}\`.`,
    '',
    '## Figures',
    '',
    figures(report),
    '',
    `The slowest calls, with ${options.concurrency} calls in flight sharing one event loop, then each replayed alone once the run was over:`,
    '',
    table(
      ['Call', 'ms in the run', 'Outcome in the run', 'ms alone', 'Outcome alone', 'Answer'],
      report.slowest.map((call) => [
        `case ${call.index}, ${call.target}`,
        int(call.ms),
        call.outcome,
        int(call.aloneMs ?? 0),
        call.aloneOutcome ?? '-',
        call.labels.join(', '),
      ]),
    ),
    '',
    '## Outcome by class',
    '',
    table(['Outcome', 'Calls', 'Share'], outcomes),
    '',
    'Batch calls resolve with a BatchResult even when their one request fails; the classes of those failed chunks:',
    '',
    chunks.length === 0 ? '(none)' : table(['Chunk error', 'Chunks'], chunks),
    '',
    '## Coverage',
    '',
    `Calls per method: ${targets.join(', ')}.`,
    '',
    `Answers (a case carries several labels): ${labels.join(', ')}.`,
    '',
    failures(report, failureLimit),
  ].join('\n');
}
