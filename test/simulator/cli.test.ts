import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type CliIo, type CliRun } from '../../src/simulator/cli.js';
import { call } from './helpers.js';

const runs: CliRun[] = [];
const directories: string[] = [];

afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.stop()));
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

function testIo(): CliIo & { output: string[]; errors: string[]; signals: EventEmitter } {
  const output: string[] = [];
  const errors: string[] = [];
  return { output, errors, out: (text) => output.push(text), err: (text) => errors.push(text), signals: new EventEmitter() };
}

async function run(argv: string[], io = testIo()): Promise<{ run: CliRun; io: ReturnType<typeof testIo> }> {
  const result = await main(argv, io);
  runs.push(result);
  return { run: result, io };
}

describe('concur-sim CLI', () => {
  it('starts the simulator, prints the URL and the token, and schedules --fault options', async () => {
    const { run: started, io } = await run(['--port', '0', '--fault', 'maintenance:requests=2,retryAfter=5', '--fault', 'no-response:method=POST,processed']);
    expect(started.exitCode).toBe(0);
    const sim = started.simulator;
    if (sim === undefined) throw new Error('no simulator');
    const printed = io.output.join('');
    expect(printed).toContain(`listening on ${sim.url}`);
    expect(printed).toContain('concur-simulator-token');
    expect(printed).toContain('fault-1 maintenance, fault-2 noResponse');
    const response = await call(sim, 'GET', '/api/expense/list/v1.0/');
    expect([response.status, response.headers.get('retry-after')]).toEqual([503, '5']);
    expect(sim.faults.list()[1]?.spec).toMatchObject({ kind: 'noResponse', method: 'POST', processed: true });
  });

  it('loads a --seed file and takes the timing and random seed options', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'concur-sim-'));
    directories.push(directory);
    const seedFile = join(directory, 'seed.json');
    await writeFile(seedFile, JSON.stringify({ lists: [{ id: 'projects', name: 'Projects', items: [{ codes: ['P1'], name: 'Apollo' }] }] }));
    const { run: started } = await run(['--port', '0', '--seed', seedFile, '--job-duration-ms', '0', '--random-seed', '5']);
    const sim = started.simulator;
    expect(sim?.state.lists.all().map((list) => list.name)).toEqual(['Projects']);
    expect(sim?.state.extract.jobDurationMs).toBe(0);
    const response = sim && (await call(sim, 'GET', '/api/expense/list/v1.0/projects/items'));
    expect(response?.text).toContain('<name>Apollo</name>');
  });

  it('stops on SIGINT or SIGTERM and closes the port', async () => {
    const { run: started, io } = await run(['--port', '0']);
    const url = started.simulator?.url ?? '';
    io.signals.emit('SIGTERM');
    await started.stop();
    expect(io.output.join('')).toContain('Concur simulator stopped.');
    expect(io.signals.listenerCount('SIGINT')).toBe(0);
    await expect(fetch(`${url}/_simulator/state`)).rejects.toThrow();
  });

  it('prints usage for --help and exits 2 on bad arguments without starting', async () => {
    const help = await run(['--help']);
    expect(help.run.exitCode).toBe(0);
    expect(help.run.simulator).toBeUndefined();
    expect(help.io.output.join('')).toContain('Usage: concur-sim');
    for (const argv of [['--port', 'abc'], ['--fault', 'meteor'], ['--colour', 'red'], ['--seed', '/nonexistent/seed.json']]) {
      const bad = await run(argv);
      expect(bad.run.exitCode, argv.join(' ')).toBe(2);
      expect(bad.run.simulator).toBeUndefined();
      expect(bad.io.errors.join('')).toMatch(/^concur-sim: /);
    }
  });

  it('exits 1 when the port is taken', async () => {
    const { run: first } = await run(['--port', '0']);
    const second = await run(['--port', String(first.simulator?.port ?? 0)]);
    expect(second.run.exitCode).toBe(1);
    expect(second.io.errors.join('')).toMatch(/could not start/);
  });
});
