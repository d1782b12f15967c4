import { readFileSync } from 'node:fs';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConcurClient, ConcurRegions, ConcurValidationError } from '../../src/index.js';
import { caught, recordingSleep, TOKEN, XML } from '../support/helpers.js';

// A client configured on a regional host, as the README recommends, following the links Concur
// documents: all of them on www.concursolutions.com. Each request must go to the configured host
// with the link's path and query, and a refused link must send nothing anywhere.

const US2 = ConcurRegions.US2;
const WWW = 'https://www.concursolutions.com';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/links/${name}`, import.meta.url), 'utf8');

interface Sent {
  host: string;
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

/** Records every request to `origin`, answering each with `answer` (or 599 when none is given). */
function record(origin: string, sent: Sent[], answer: (method: string, path: string) => [number, string, Record<string, string>?] = () => [599, '']): void {
  const scope = nock(origin).persist();
  for (const method of ['GET', 'POST']) {
    scope.intercept(/.*/, method).reply(function reply(_uri, body) {
      const authorization = this.req.headers['authorization'];
      sent.push({ host: origin, method: this.req.method, path: this.req.path, authorization: typeof authorization === 'string' ? authorization : undefined, body: String(body) });
      return answer(this.req.method, this.req.path);
    });
  }
}

function client(baseUrl: string = US2): ConcurClient {
  return new ConcurClient({ baseUrl, accessToken: TOKEN, sleep: recordingSleep().sleep });
}

describe('a client on us2.api.concursolutions.com follows www.concursolutions.com links on us2', () => {
  it('listItems.getList(list.url): the published http://www list id is read on us2', async () => {
    const sent: Sent[] = [];
    record(WWW, sent);
    record('http://www.concursolutions.com', sent);
    record(US2, sent, (_method, path) => (path.endsWith('/v1.0/') ? [200, fixture('lists-published.xml'), XML] : [200, fixture('list-published.xml'), XML]));
    const concur = client();
    const [widgets] = await concur.listItems.getLists();
    expect(widgets?.url).toBe('http://www.concursolutions.com/api/expense/list/v1.0/I8pq1l$rdSmdrEW23deOjPjyr4Wso0Wq$a');
    const list = await concur.listItems.getList(widgets!.url);
    expect(list.name).toBe('Travel Agents');
    expect(sent.map((entry) => `${entry.host} ${entry.method} ${entry.path}`)).toEqual([
      `${US2} GET /api/expense/list/v1.0/`,
      `${US2} GET /api/expense/list/v1.0/I8pq1l%24rdSmdrEW23deOjPjyr4Wso0Wq%24a`,
    ]);
    expect(sent.every((entry) => entry.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('extract.startJob(definition.url) and getJob(job urls): requests on us2, the definition URL in the body as Concur wrote it', async () => {
    const sent: Sent[] = [];
    record(WWW, sent);
    const jobUrl = `${WWW}/api/expense/extract/v1.0/nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd/job/Hf3$p8KdQw2$zXv0Lm`;
    const job = (status: string) =>
      `<job xmlns="http://www.concursolutions.com/api/expense/extract/2010/02"><id>${jobUrl}</id><status-link>${jobUrl}/status</status-link><start-time>2026-11-25T02:00:05</start-time><status>${status}</status></job>`;
    record(US2, sent, (method, path) => {
      if (path.endsWith('/v1.0/')) return [200, fixture('definitions-published.xml'), XML];
      return method === 'POST' ? [201, job('Queued'), { ...XML, Location: jobUrl }] : [200, job('Running'), XML];
    });
    const concur = client();
    const [definition] = await concur.extract.listDefinitions();
    const started = await concur.extract.startJob(definition!.url);
    expect(started).toMatchObject({ id: 'Hf3$p8KdQw2$zXv0Lm', definitionId: 'nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd', url: jobUrl });
    const polled = await concur.extract.getJob(definition!.url, started.url);
    expect(polled.status).toBe('Running');
    await concur.extract.getJobStatus(definition!.url, `${jobUrl}/status`);
    expect(sent.map((entry) => `${entry.host} ${entry.method} ${entry.path}`)).toEqual([
      `${US2} GET /api/expense/extract/v1.0/`,
      `${US2} POST /api/expense/extract/v1.0/nYoPK%24pZmcowMRUqcl5bnDAwwsMydyt%24xd/job`,
      `${US2} GET /api/expense/extract/v1.0/nYoPK%24pZmcowMRUqcl5bnDAwwsMydyt%24xd/job/Hf3%24p8KdQw2%24zXv0Lm`,
      `${US2} GET /api/expense/extract/v1.0/nYoPK%24pZmcowMRUqcl5bnDAwwsMydyt%24xd/job/Hf3%24p8KdQw2%24zXv0Lm/status`,
    ]);
    expect(sent[1]?.body).toContain(`<id>${definition!.url}</id>`);
  });

  it('paymentBatches: close(Batch-URL), then downloadFile(result.fileUrl) with the published "http:// www" File-Url', async () => {
    const sent: Sent[] = [];
    record(WWW, sent);
    record('http://www.concursolutions.com', sent);
    record(US2, sent, (method, path) => {
      if (path.includes('batchlist')) return [200, fixture('batch-list-published.xml'), XML];
      return method === 'POST' ? [200, fixture('batch-closed-published.xml'), XML] : [200, 'Employee ID,Amount\r\n', { 'Content-Type': 'text/csv' }];
    });
    const concur = client();
    const [batch] = await concur.paymentBatches.list();
    const result = await concur.paymentBatches.close(batch!.batchUrl);
    expect(result.fileUrl).toBe('http://www.concursolutions.com/api/expense/paymentbatch/v1.1/batch/n$s4MtBKgvoJxAYcbggR7eD2jRU$sxYjePU/file');
    const file = await concur.paymentBatches.downloadFile(result.fileUrl!);
    expect(file).toMatchObject({ contentType: 'text/csv' });
    expect(file.data.toString()).toBe('Employee ID,Amount\r\n');
    await concur.paymentBatches.close(batch!);
    expect(sent.map((entry) => `${entry.host} ${entry.method} ${entry.path}`)).toEqual([
      `${US2} GET /api/expense/paymentbatch/v1.1/batchlist/`,
      `${US2} POST /api/expense/paymentbatch/v1.1/batch/12345678901234567890/close`,
      `${US2} GET /api/expense/paymentbatch/v1.1/batch/n$s4MtBKgvoJxAYcbggR7eD2jRU$sxYjePU/file`,
      `${US2} POST /api/expense/paymentbatch/v1.1/batch/12345678901234567890/close`,
    ]);
    expect(sent.every((entry) => entry.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('sends the query of a link with its path, and follows regional and implementation hosts too', async () => {
    const sent: Sent[] = [];
    record(US2, sent, () => [200, 'x', { 'Content-Type': 'text/csv' }]);
    const concur = client();
    await concur.paymentBatches.downloadFile(`${WWW}/api/expense/paymentbatch/v1.1/batch/K$1/file?format=csv&name=a%20b`);
    await concur.paymentBatches.downloadFile('https://us.api.concursolutions.com/api/expense/paymentbatch/v1.1/batch/K$2/file');
    await concur.paymentBatches.downloadFile('https://implementation.concursolutions.com/api/expense/paymentbatch/v1.1/batch/K$3/file');
    await concur.paymentBatches.downloadFile('HTTPS://WWW.CONCURSOLUTIONS.COM:443/api/expense/paymentbatch/v1.1/batch/K$4/file');
    expect(sent.map((entry) => entry.path)).toEqual([
      '/api/expense/paymentbatch/v1.1/batch/K$1/file?format=csv&name=a%20b',
      '/api/expense/paymentbatch/v1.1/batch/K$2/file',
      '/api/expense/paymentbatch/v1.1/batch/K$3/file',
      '/api/expense/paymentbatch/v1.1/batch/K$4/file',
    ]);
    expect(new Set(sent.map((entry) => entry.host))).toEqual(new Set([US2]));
  });
});

describe('refused links send nothing', () => {
  const PATH = '/api/expense/paymentbatch/v1.1/batch/K$1/file';
  const HOSTS = [US2, WWW, 'http://www.concursolutions.com', 'https://concursolutions.com.evil.example', 'https://evilconcursolutions.com', 'https://evil.example', 'https://www.concursolutions.com:8443', 'http://us2.api.concursolutions.com:8080'];

  it.each([
    ['another host', `https://evil.example${PATH}`],
    ['a concursolutions.com suffix on another domain', `https://concursolutions.com.evil.example${PATH}`],
    ['a look-alike domain', `https://evilconcursolutions.com${PATH}`],
    ['a trailing dot', `https://www.concursolutions.com.${PATH}`],
    ['credentials', `https://user:pass@www.concursolutions.com${PATH}`],
    ['credentials on the configured host', `https://user:pass@us2.api.concursolutions.com${PATH}`],
    ['credentials hiding another host', `https://www.concursolutions.com@evil.example${PATH}`],
    ['a backslash ending the host', `https://www.concursolutions.com\\@evil.example${PATH}`],
    ['backslashes in the path', `https://www.concursolutions.com/api\\..\\..${PATH}`],
    ['a port on a Concur host', `https://www.concursolutions.com:8443${PATH}`],
    ['http on another port of the https configured host', `http://us2.api.concursolutions.com:8080${PATH}`],
    ['ftp:', `ftp://www.concursolutions.com${PATH}`],
    ['file:', `file:///etc/passwd`],
    ['javascript:', `javascript://www.concursolutions.com/%0aalert(1)`],
    ['a percent-encoded host', `https://www.concursolutions.com%2eevil.example${PATH}`],
    ['a dot-dot segment', `https://www.concursolutions.com/api/../x://`],
    ['a lone surrogate', `https://www.concursolutions.com/api/\uD800/file`],
  ])('%s: %j', async (_label, link) => {
    const sent: Sent[] = [];
    for (const host of HOSTS) record(host, sent);
    const concur = client();
    const errors = [
      await caught(() => concur.paymentBatches.downloadFile(link)),
      await caught(() => concur.paymentBatches.close(link)),
      await caught(() => concur.listItems.getList(link)),
      await caught(() => concur.extract.startJob(link)),
      await caught(() => concur.extract.getJob(link, 'J1')),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConcurValidationError);
      expect(error).toMatchObject({ field: 'link' });
    }
    expect(sent).toEqual([]);
  });

  it('keeps the port rules of a loopback configured host', async () => {
    const sent: Sent[] = [];
    for (const host of ['http://127.0.0.1:8080', 'http://127.0.0.1', 'https://127.0.0.1:8080']) record(host, sent, () => [200, 'x', { 'Content-Type': 'text/csv' }]);
    const concur = client('http://127.0.0.1:8080');
    for (const link of ['http://127.0.0.1/x/file', 'https://127.0.0.1:8080/x/file', 'http://127.0.0.1:8081/x/file', 'http://a:b@127.0.0.1:8080/x/file']) {
      expect(await caught(() => concur.paymentBatches.downloadFile(link)), link).toMatchObject({ name: 'ConcurValidationError', field: 'link' });
    }
    expect(sent).toEqual([]);
    await concur.paymentBatches.downloadFile('http://127.0.0.1:8080/x/file');
    await concur.paymentBatches.downloadFile('https://www.concursolutions.com/y/file');
    expect(sent.map((entry) => `${entry.host} ${entry.path}`)).toEqual(['http://127.0.0.1:8080 /x/file', 'http://127.0.0.1:8080 /y/file']);
  });

  it('refuses http on a non-default port against an https base', async () => {
    const sent: Sent[] = [];
    for (const host of ['https://concur.example.com', 'http://concur.example.com:8080']) record(host, sent);
    const concur = client('https://concur.example.com');
    const error = await caught(() => concur.paymentBatches.downloadFile('http://concur.example.com:8080/x/file'));
    expect(error).toMatchObject({ name: 'ConcurValidationError', field: 'link' });
    expect((error as Error).message).toContain('not the configured host concur.example.com');
    expect(sent).toEqual([]);
  });
});
