import { describe, expect, it } from 'vitest';
import { runBatch, type BatchSpec } from '../../src/batch/run.js';
import { ConcurValidationError, type BatchProgress, type ItemProblem } from '../../src/index.js';
import { caught } from '../support/helpers.js';

// Invalid items in a batch run: not sent, reported with every problem, or the whole call refused
// with `invalidItems: 'reject'`. The service double counts every item it receives.

interface Row {
  code: unknown;
  name?: unknown;
}

/** A row is invalid when its code is not a string of letters, and when its name is given and is not a string. */
function problemsOf(row: Row): ItemProblem[] {
  const problems: ItemProblem[] = [];
  if (typeof row.code !== 'string') problems.push({ field: 'code', message: `code must be a string (got ${typeof row.code})` });
  else if (!/^[A-Z]+\d*$/.test(row.code)) problems.push({ field: 'code', message: `code must be capital letters (got "${row.code}")` });
  if (row.name !== undefined && typeof row.name !== 'string') problems.push({ field: 'name', message: `name must be a string (got ${typeof row.name})` });
  return problems;
}

function spec(): BatchSpec<Row> & { received: Row[]; requests: number[] } {
  const double = {
    label: 'rows',
    noun: 'Row',
    max: 1000,
    received: [] as Row[],
    requests: [] as number[],
    keyOf: (row: Row) => String(row.code),
    problemsOf,
    send: async (chunk: Row[]) => {
      double.received.push(...chunk);
      double.requests.push(chunk.length);
      await new Promise((resolve) => setImmediate(resolve));
      return { report: { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] }, attempts: 1 };
    },
  };
  return double;
}

const row = (i: number): Row => ({ code: `R${i}`, name: `Row ${i}` });

/** 5,000 rows, 7 of them invalid, three of those with two problems each. */
function fiveThousand(): { rows: Row[]; bad: Map<number, ItemProblem[]> } {
  const rows = Array.from({ length: 5_000 }, (_, i) => row(i));
  const bad = new Map<number, ItemProblem[]>([
    [0, [{ field: 'code', message: 'code must be a string (got number)' }]],
    [999, [{ field: 'code', message: 'code must be capital letters (got "r999")' }]],
    [1_000, [{ field: 'code', message: 'code must be a string (got undefined)' }, { field: 'name', message: 'name must be a string (got number)' }]],
    [2_500, [{ field: 'name', message: 'name must be a string (got object)' }]],
    [2_501, [{ field: 'code', message: 'code must be capital letters (got "A-B")' }, { field: 'name', message: 'name must be a string (got boolean)' }]],
    [4_000, [{ field: 'code', message: 'code must be a string (got object)' }]],
    [4_999, [{ field: 'code', message: 'code must be a string (got boolean)' }, { field: 'name', message: 'name must be a string (got number)' }]],
  ]);
  rows[0] = { code: 42 };
  rows[999] = { code: 'r999' };
  rows[1_000] = { code: undefined, name: 7 };
  rows[2_500] = { code: 'R2500', name: null };
  rows[2_501] = { code: 'A-B', name: true };
  rows[4_000] = { code: null };
  rows[4_999] = { code: false, name: 1 };
  return { rows, bad };
}

async function* streamOf<T>(items: T[], pulled = { count: 0 }): AsyncGenerator<T> {
  for (const item of items) {
    pulled.count += 1;
    yield item;
  }
}

describe('runBatch with invalid items', () => {
  it('a 5,000-item input with 7 invalid items sends 4,993 and reports all 7 with every problem', async () => {
    const { rows, bad } = fiveThousand();
    const double = spec();
    const result = await runBatch(rows, double);

    expect(double.received).toHaveLength(4_993);
    expect(double.received.some((received) => problemsOf(received).length > 0)).toBe(false);
    expect(double.requests).toEqual([1_000, 1_000, 1_000, 1_000, 993]);
    expect(result).toMatchObject({ succeeded: 4_993, failed: 7, unknown: 0, invalid: 7 });
    expect(result.items).toHaveLength(5_000);
    expect(result.items.every((item, index) => item.index === index && item.input === rows[index])).toBe(true);
    const invalid = result.items.filter((item) => item.code === 'INVALID_INPUT');
    expect(invalid.map((item) => [item.index, item.problems])).toEqual([...bad]);
    for (const item of invalid) {
      expect(item).toMatchObject({ status: 'failed', attempts: 0 });
      expect(item.message).toBe(`Row at index ${item.index}: ${item.problems?.map((problem) => problem.message).join('; ')}.`);
    }
    // Chunks are made of valid items only; each spans the input from its offset to the next one's.
    expect(result.chunks.map(({ index, offset, size, invalid: count, attempts, status }) => ({ index, offset, size, invalid: count, attempts, status }))).toEqual([
      { index: 0, offset: 0, size: 1_000, invalid: 3, attempts: 1, status: 'answered' },
      { index: 1, offset: 1_003, size: 1_000, invalid: undefined, attempts: 1, status: 'answered' },
      { index: 2, offset: 2_003, size: 1_000, invalid: 2, attempts: 1, status: 'answered' },
      { index: 3, offset: 3_005, size: 1_000, invalid: 1, attempts: 1, status: 'answered' },
      { index: 4, offset: 4_006, size: 993, invalid: 1, attempts: 1, status: 'answered' },
    ]);
  });

  it("with invalidItems: 'reject', an array with 7 invalid items sends nothing and the error lists every problem", async () => {
    const { rows, bad } = fiveThousand();
    const double = spec();
    const error = await caught(() => runBatch(rows, double, { invalidItems: 'reject' }));

    expect(double.received).toEqual([]);
    expect(error).toBeInstanceOf(ConcurValidationError);
    const expected = [...bad].flatMap(([index, problems]) => problems.map((problem) => ({ index, ...problem })));
    expect(error).toMatchObject({ field: 'items[0].code', problems: expected });
    expect((error as Error).message).toBe(
      [
        "7 of 5000 rows are invalid, so nothing was sent (invalidItems: 'reject'). Fix them, or leave invalidItems out to send the valid ones and get the invalid ones back as failed.",
        'Row at index 0: code must be a string (got number).',
        'Row at index 999: code must be capital letters (got "r999").',
        'Row at index 1000: code must be a string (got undefined); name must be a string (got number).',
        'Row at index 2500: name must be a string (got object).',
        'Row at index 2501: code must be capital letters (got "A-B"); name must be a string (got boolean).',
        'Row at index 4000: code must be a string (got object).',
        'Row at index 4999: code must be a string (got boolean); name must be a string (got number).',
      ].join('\n'),
    );
  });

  it("keeps the rejection's message bounded: the first 20 problems, then how many more", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? { code: i, name: i } : row(i)));
    const error = (await caught(() => runBatch(rows, spec(), { invalidItems: 'reject' }))) as ConcurValidationError;
    expect(error.problems).toHaveLength(30);
    const lines = error.message.split('\n');
    expect(lines[0]).toMatch(/^15 of 30 rows are invalid/);
    expect(lines.slice(1, -1)).toHaveLength(10);
    expect(lines.at(-2)).toBe('Row at index 18: code must be a string (got number); name must be a string (got number).');
    expect(lines.at(-1)).toBe('…and 10 more problems (every one is in error.problems).');
  });

  it('reads a stream lazily, sends its valid items and reports its invalid ones through onProgress, with keepItems: false', async () => {
    const { rows, bad } = fiveThousand();
    const pulled = { count: 0 };
    const readAhead: number[] = [];
    const double = spec();
    const send = double.send.bind(double);
    double.send = async (chunk, signal) => {
      readAhead.push(pulled.count);
      return send(chunk, signal);
    };
    const progress: Array<BatchProgress<Row>> = [];
    const result = await runBatch(streamOf(rows, pulled), double, { keepItems: false, onProgress: (p) => void progress.push(p) });

    expect(double.received).toHaveLength(4_993);
    expect(result).toMatchObject({ succeeded: 4_993, failed: 7, invalid: 7, items: [] });
    const reported = progress.flatMap((p) => p.items.filter((item) => item.code === 'INVALID_INPUT').map((item) => [item.index, item.problems]));
    expect(reported).toEqual([...bad]);
    // Each progress call lists its stretch of the input in order, invalid items included.
    expect(progress.map((p) => [p.items[0]?.index, p.items.at(-1)?.index, p.items.length])).toEqual([
      [0, 1_002, 1_003],
      [1_003, 2_002, 1_000],
      [2_003, 3_004, 1_002],
      [3_005, 4_005, 1_001],
      [4_006, 4_999, 994],
    ]);
    expect(progress.map((p) => [p.completed, p.invalid])).toEqual([
      [1_003, 3],
      [2_003, 3],
      [3_005, 5],
      [4_006, 6],
      [5_000, 7],
    ]);
    // Each chunk went out as soon as it was full: nothing was read from the stream beyond it.
    expect(readAhead).toEqual([1_003, 2_003, 3_005, 4_006, 5_000]);
  });

  it("with invalidItems: 'reject', a stream stops at the first chunk holding an invalid item: the chunks before it were sent, nothing after", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    rows[23] = { code: 'bad' };
    rows[27] = { code: 1 };
    rows[45] = { code: 2 };
    const double = spec();
    const progress: number[] = [];
    const error = await caught(() => runBatch(streamOf(rows), double, { chunkSize: 10, invalidItems: 'reject', onProgress: (p) => void progress.push(p.completed) }));

    expect(double.requests).toEqual([10, 10]);
    expect(double.received.map((received) => received.code)).toEqual(rows.slice(0, 20).map((received) => received.code));
    expect(progress).toEqual([10, 20]);
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({
      field: 'items[23].code',
      problems: [
        { index: 23, field: 'code', message: 'code must be capital letters (got "bad")' },
        { index: 27, field: 'code', message: 'code must be a string (got number)' },
      ],
    });
    expect((error as Error).message).toMatch(/^2 rows read from index 20 on are invalid, so the call stopped \(invalidItems: 'reject'\) and nothing from index 20 on was sent\. The input is streamed: the 20 items before were read, checked and sent first/);
  });

  it('reports a last stretch of only invalid items in a chunk that is not sent', async () => {
    const rows = [row(0), row(1), { code: 1 }, { code: 2 }];
    const double = spec();
    const progress: Array<BatchProgress<Row>> = [];
    const result = await runBatch(rows, double, { chunkSize: 2, onProgress: (p) => void progress.push(p) });

    expect(double.requests).toEqual([2]);
    expect(result.chunks).toEqual([
      { index: 0, offset: 0, size: 2, attempts: 1, status: 'answered', recordsSucceeded: 2, recordsFailed: 0 },
      { index: 1, offset: 2, size: 0, invalid: 2, attempts: 0, status: 'not-sent' },
    ]);
    expect(progress.map((p) => [p.chunk.status, p.items.map((item) => item.index)])).toEqual([
      ['answered', [0, 1]],
      ['not-sent', [2, 3]],
    ]);
  });

  it('sends nothing when every item is invalid, and reports each', async () => {
    const double = spec();
    const result = await runBatch([{ code: 1 }, { code: 'x' }], double);
    expect(double.requests).toEqual([]);
    expect(result).toMatchObject({ succeeded: 0, failed: 2, invalid: 2, chunks: [{ index: 0, offset: 0, size: 0, invalid: 2, attempts: 0, status: 'not-sent' }] });
  });

  it('with chunk: false, sends the valid items as one batch and reports the invalid ones', async () => {
    const double = spec();
    const result = await runBatch([row(0), { code: 1 }, row(2)], double, { chunk: false });
    expect(double.requests).toEqual([2]);
    expect(result.items.map((item) => [item.index, item.status, item.code])).toEqual([
      [0, 'succeeded', undefined],
      [1, 'failed', 'INVALID_INPUT'],
      [2, 'succeeded', undefined],
    ]);
  });

  it('turns a check that throws on a hostile item into a problem of that item', async () => {
    const hostile = {
      get code(): string {
        throw new TypeError('Cannot read the code');
      },
    };
    const double = spec();
    const result = await runBatch([row(0), hostile as Row], double);
    expect(double.requests).toEqual([1]);
    expect(result.items[1]?.problems).toEqual([{ field: 'item', message: 'item could not be read (Cannot read the code)' }]);
  });

  it('checks holes of a sparse array as undefined items', async () => {
    const rows: Row[] = [row(0)];
    rows[2] = row(2);
    const double = spec();
    const result = await runBatch(rows, double);
    expect(double.requests).toEqual([2]);
    expect(result.items[1]).toMatchObject({ index: 1, input: undefined, code: 'INVALID_INPUT' });
  });
});
