import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_OAUTH } from '../../src/simulator/index.js';
import { main, type CliRun } from '../../src/simulator/cli.js';
import { buildXml } from '../../src/xml/builder.js';
import { elements } from '../../src/xml/nodes.js';
import { CITIES_ID, NS, call, root, simulator, text } from './helpers.js';

// `linkOrigin` makes the simulator write its API links the way Concur's published examples do, on
// www.concursolutions.com, while it keeps serving on its loopback URL.

const WWW = 'https://www.concursolutions.com';
const LISTS = '/api/expense/list/v1.0';
const EXTRACT = '/api/expense/extract/v1.0';
const V11 = '/api/expense/paymentbatch/v1.1';
const DEFINITION_ID = 'nYoPK$Expense$Extract01';
const OPEN_ID = 'pBaTch$Open$0001';

describe('linkOrigin', () => {
  it('writes every API link on the link origin and keeps answering on its own URL', async () => {
    const sim = await simulator({ linkOrigin: WWW, jobDurationMs: 0 });
    expect(sim.linkOrigin).toBe(WWW);
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const [list] = elements(root((await call(sim, 'GET', `${LISTS}/`)).text, 'lists'), 'list');
    expect(list).toMatchObject({ id: `${WWW}${LISTS}/${CITIES_ID}`, 'items-link': `${WWW}${LISTS}/${CITIES_ID}/items`, 'batch-link': `${WWW}${LISTS}/${CITIES_ID}/batch` });
    const [item] = elements(root((await call(sim, 'GET', `${LISTS}/${encodeURIComponent(CITIES_ID)}/items`)).text, 'list-items'), 'list-item');
    expect(item?.['items-link']).toMatch(new RegExp(`^${WWW}${LISTS}/`));

    const [definition] = elements(root((await call(sim, 'GET', `${EXTRACT}/`)).text, 'definitions'), 'definition');
    expect(definition).toMatchObject({ id: `${WWW}${EXTRACT}/${DEFINITION_ID}`, 'job-link': `${WWW}${EXTRACT}/${DEFINITION_ID}/job` });
    const body = buildXml('definition', { id: `${WWW}${EXTRACT}/${DEFINITION_ID}` }, { namespace: NS.extract });
    const started = await call(sim, 'POST', `${EXTRACT}/${encodeURIComponent(DEFINITION_ID)}/job`, { body });
    expect(started.status).toBe(201);
    const job = root(started.text, 'job');
    const jobUrl = text(job, 'id') ?? '';
    expect(jobUrl).toMatch(new RegExp(`^${WWW.replace(/\./g, '\\.')}${EXTRACT}/nYoPK\\$Expense\\$Extract01/job/[^/]+$`));
    expect(started.headers.get('location')).toBe(jobUrl);
    expect(text(job, 'status-link')).toBe(`${jobUrl}/status`);
    const done = root((await call(sim, 'GET', new URL(jobUrl).pathname)).text, 'job');
    expect(text(done, 'file-link')).toBe(`${jobUrl}/file`);

    const [batch] = elements(root((await call(sim, 'GET', `${V11}/batchlist/`)).text, 'BatchList'), 'BatchSummary');
    expect(batch?.['Batch-URL']).toBe(`${WWW}${V11}/batch/${OPEN_ID}`);
    const closed = root((await call(sim, 'POST', `${V11}/batch/${encodeURIComponent(OPEN_ID)}/close`, { body: '' })).text, 'BatchStatus');
    const fileUrl = text(closed, 'File-Url') ?? '';
    expect(fileUrl).toMatch(new RegExp(`^${WWW.replace(/\./g, '\\.')}${V11}/batch/[^/]+/file$`));
    expect((await call(sim, 'GET', new URL(fileUrl).pathname)).status).toBe(200);
  });

  it('keeps image URLs and the OAuth2 geolocation on its own URL: they are not links a client follows by path', async () => {
    const sim = await simulator({ linkOrigin: WWW });
    await call(sim, 'POST', '/api/image/v1.0/receipt', { body: Buffer.from([0x89, 0x50, 0x4e, 0x47]), headers: { 'Content-Type': 'image/png' } });
    const [image] = sim.state.images.all();
    const url = text(root((await call(sim, 'GET', `/api/image/v1.0/receipt/${encodeURIComponent(image?.id ?? '')}`)).text, 'Image'), 'Url') ?? '';
    expect(url.startsWith(`${sim.url}/files/images/`)).toBe(true);
    expect((await fetch(url)).status).toBe(200);
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: SIMULATOR_OAUTH.clientId, client_secret: SIMULATOR_OAUTH.clientSecret, refresh_token: SIMULATOR_OAUTH.refreshToken });
    const token = await fetch(`${sim.url}/oauth2/v0/token`, { method: 'POST', body: form });
    expect(((await token.json()) as { geolocation?: string }).geolocation).toBe(sim.url);
  });

  it('writes its own URL by default, and File-Url with the published space when asked', async () => {
    const plain = await simulator();
    expect(plain.linkOrigin).toBe(plain.url);
    const spaced = await simulator({ linkOrigin: 'http://www.concursolutions.com/', spaceInFileUrl: true });
    expect(spaced.linkOrigin).toBe('http://www.concursolutions.com');
    const closed = root((await call(spaced, 'POST', `${V11}/batch/${encodeURIComponent(OPEN_ID)}/close`, { body: '' })).text, 'BatchStatus');
    expect(text(closed, 'File-Url')).toMatch(/^http:\/\/ www\.concursolutions\.com\/api\/expense\/paymentbatch\/v1\.1\/batch\/[^/]+\/file$/);
    const [batch] = elements(root((await call(spaced, 'GET', `${V11}/batchlist/`)).text, 'BatchList'), 'BatchSummary');
    expect(batch?.['Batch-URL']).toBe(`http://www.concursolutions.com${V11}/batch/${OPEN_ID}`);
  });

  it.each(['www.concursolutions.com', 'ftp://www.concursolutions.com', 'https://www.concursolutions.com/api', 'https://u:p@www.concursolutions.com', 'https://www.concursolutions.com?x=1', 'https://www.concursolutions.com#x', ''])(
    'refuses %j with a TypeError',
    async (linkOrigin) => {
      await expect(simulator({ linkOrigin })).rejects.toThrow(TypeError);
    },
  );
});

describe('concur-sim --link-origin and --space-in-file-url', () => {
  const runs: CliRun[] = [];
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.stop()));
  });
  const io = () => {
    const output: string[] = [];
    const errors: string[] = [];
    return { output, errors, out: (text: string) => void output.push(text), err: (text: string) => void errors.push(text), signals: new EventEmitter() };
  };

  it('writes links on the given origin and says so', async () => {
    const printed = io();
    const run = await main(['--port', '0', '--link-origin', 'http://www.concursolutions.com', '--space-in-file-url'], printed);
    runs.push(run);
    const sim = run.simulator;
    if (sim === undefined) throw new Error('no simulator');
    expect(sim.linkOrigin).toBe('http://www.concursolutions.com');
    expect(printed.output.join('')).toContain(`API links are written on http://www.concursolutions.com: follow them by path on ${sim.url}`);
    const closed = root((await call(sim, 'POST', `${V11}/batch/${encodeURIComponent(OPEN_ID)}/close`, { body: '' })).text, 'BatchStatus');
    expect(text(closed, 'File-Url')).toMatch(/^http:\/\/ www\.concursolutions\.com\//);
  });

  it('exits 2 on a --link-origin that is not a bare origin', async () => {
    const printed = io();
    const run = await main(['--port', '0', '--link-origin', 'https://www.concursolutions.com/api'], printed);
    runs.push(run);
    expect(run.exitCode).toBe(2);
    expect(run.simulator).toBeUndefined();
    expect(printed.errors.join('')).toMatch(/^concur-sim: linkOrigin must be a bare http: or https: origin/);
  });
});
