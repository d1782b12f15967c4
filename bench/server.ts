import http from 'node:http';
import { BLOCK_BYTES, downloadBlock } from './lib/download-data.js';
import { batchResultDocument, listItemsDocument, LIST_NAMESPACE } from './lib/fixtures.js';
import { ROOT } from './lib/procs.js';
import { userProfileJson, userProfileRecord, userProfileXml, USER_PATH } from './lib/user-profile.js';

/**
 * A bare node:http server, run in its own process so its work never shares the event loop with
 * the clients being measured. It answers:
 *
 * - `GET /api/expense/list/v1.0/` with a lists document;
 * - `GET .../{listId}/items` with a fixed items document (`--items=N` items);
 * - `GET /api/user/v1.0/User/` with the captured user profile: as JSON when the request accepts
 *   JSON (concur-platform asks for it), otherwise as XML (the SDK asks for it);
 * - `GET /api/expense/paymentbatch/v1.1/batch/{key}/file` with a generated CSV file of
 *   `--download-bytes=N` bytes, written as fast as the client reads it;
 * - `POST .../{listId}/batch` with a `list-item-batch-result` counting the `<list-item>`
 *   elements of the body as succeeded, or, for a seeded share of batch requests (`--fault-rate`),
 *   a 503 with Concur's error body and no Retry-After.
 *
 * It reports `{ port }` over IPC once listening, and answers a `'stats'` message with its counters.
 */

function flag(name: string, fallback: number): number {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 3));
}

/** mulberry32: a small seeded generator, so the faulted requests are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const faultRate = flag('fault-rate', 0);
const random = seeded(flag('seed', 1));
const itemsBody = Buffer.from(listItemsDocument(flag('items', 10)), 'utf8');
const listsBody = Buffer.from(
  `<?xml version="1.0" encoding="utf-8"?>\n<lists xmlns="${LIST_NAMESPACE}"><list>` +
    '<batch-link>https://concur.example.com/api/expense/list/v1.0/gWqK$pR4x1Lq/batch</batch-link>' +
    '<id>https://concur.example.com/api/expense/list/v1.0/gWqK$pR4x1Lq</id><is-vendor>false</is-vendor>' +
    '<items-link>https://concur.example.com/api/expense/list/v1.0/gWqK$pR4x1Lq/items</items-link>' +
    '<levels>2</levels><name>Office Locations</name></list></lists>',
  'utf8',
);
const unavailableBody = Buffer.from(
  '<?xml version="1.0" encoding="utf-8"?><Error><Message>Service Unavailable</Message><Server-Time>2024-05-01T10:00:00</Server-Time><Id>BENCH</Id></Error>',
  'utf8',
);
const ITEM_TAG = Buffer.from('<list-item>', 'utf8');
const profile = userProfileRecord(ROOT);
const userJson = Buffer.from(userProfileJson(profile), 'utf8');
const userXml = Buffer.from(userProfileXml(profile), 'utf8');
const downloadBytes = flag('download-bytes', 0);
const block = downloadBlock();

const stats = { requests: 0, batches: 0, faults: 0, items: 0, bytesServed: 0 };

function countItems(body: Buffer): number {
  let count = 0;
  for (let at = body.indexOf(ITEM_TAG); at !== -1; at = body.indexOf(ITEM_TAG, at + ITEM_TAG.length)) count += 1;
  return count;
}

function send(res: http.ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
}

/** Writes `total` bytes of the repeated block, waiting for `drain` whenever the socket is full. */
function sendFile(res: http.ServerResponse, total: number): void {
  res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': total });
  let sent = 0;
  const more = (): void => {
    while (sent < total) {
      const piece = total - sent >= BLOCK_BYTES ? block : block.subarray(0, total - sent);
      sent += piece.length;
      stats.bytesServed += piece.length;
      if (!res.write(piece)) {
        res.once('drain', more);
        return;
      }
    }
    res.end();
  };
  more();
}

const server = http.createServer((req, res) => {
  stats.requests += 1;
  const url = req.url ?? '';
  if (req.method === 'GET') {
    req.resume();
    if (url.endsWith('/items')) send(res, 200, itemsBody);
    else if (url === '/api/expense/list/v1.0/') send(res, 200, listsBody);
    else if (url.split('?')[0] === USER_PATH) {
      const json = (req.headers.accept ?? '').includes('json');
      res.writeHead(200, { 'Content-Type': json ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8', 'Content-Length': (json ? userJson : userXml).length });
      res.end(json ? userJson : userXml);
    } else if (/^\/api\/expense\/paymentbatch\/v1\.1\/batch\/[^/]+\/file$/.test(url)) sendFile(res, downloadBytes);
    else send(res, 404, Buffer.from('<Error><Message>Not found</Message></Error>'));
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || !url.includes('/batch')) {
      send(res, 404, Buffer.from('<Error><Message>Not found</Message></Error>'));
      return;
    }
    stats.batches += 1;
    if (faultRate > 0 && random() < faultRate) {
      stats.faults += 1;
      send(res, 503, unavailableBody);
      return;
    }
    const count = countItems(Buffer.concat(chunks));
    stats.items += count;
    send(res, 200, Buffer.from(batchResultDocument(count), 'utf8'));
  });
});
// Rounds of other clients run between a client's rounds: keep idle sockets open meanwhile.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 121_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  process.send?.({ type: 'listening', port });
});
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ type: 'stats', stats });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});
