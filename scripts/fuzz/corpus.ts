import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random as SimulatorRandom } from '../../src/simulator/random.js';
import { errorXml } from '../../src/simulator/xml-responses.js';
import type { DocumentKind } from './documents.js';
import type { Random } from './random.js';
import { text } from './values.js';

/** The root element of each document the SDK reads, as the fixtures spell it. */
const KIND_OF_ROOT: Readonly<Record<string, DocumentKind>> = {
  lists: 'lists',
  list: 'list',
  'list-items': 'list-items',
  'list-item-batch-result': 'list-item-batch-result',
  'attendee-types': 'attendee-types',
  'attendee-batch-result': 'attendee-batch-result',
  UserProfile: 'user-profile',
  FormFieldsList: 'form-fields',
  'user-batch-result': 'user-batch-result',
  BatchResult: 'password-batch-result',
  Response: 'purchase-order-result',
  definitions: 'definitions',
  definition: 'definition',
  jobs: 'jobs',
  job: 'job',
  Image: 'image',
  BatchList: 'batch-list',
  BatchStatus: 'batch-status',
};

let fixtures: Map<DocumentKind, string[]> | undefined;

/**
 * The test fixtures of every service (test/fixtures, OTA aside), by document kind: the published
 * samples and the reference's examples, as a second source of valid bodies next to the generated
 * ones. Read once, from the project root (the working directory of `npm run fuzz` and vitest).
 */
export function fixtureBodies(root = process.cwd()): Map<DocumentKind, string[]> {
  if (fixtures !== undefined) return fixtures;
  const found = new Map<DocumentKind, string[]>();
  const dir = join(root, 'test', 'fixtures');
  let services: string[] = [];
  try {
    services = readdirSync(dir).filter((name) => name !== 'ota');
  } catch {
    // No fixtures next to this checkout: generated bodies only.
  }
  for (const service of services) {
    for (const file of readdirSync(join(dir, service)).filter((name) => name.endsWith('.xml'))) {
      const body = readFileSync(join(dir, service, file), 'utf8');
      const root = /<([A-Za-z][\w-]*)[\s>]/.exec(body.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''))?.[1];
      const kind = root === undefined ? undefined : KIND_OF_ROOT[root];
      if (kind !== undefined) found.set(kind, [...(found.get(kind) ?? []), body]);
    }
  }
  fixtures = found;
  return found;
}

const MESSAGES = [
  'Invalid list id',
  'The token has expired.',
  'Token revoked',
  'The list item already exists.',
  'Service is in maintenance mode.',
  'Deadlock victim. Rerun the transaction.',
  'Maximum User Records per Batch Exceeded',
];

/** An error body in one of the shapes Concur (or something in front of it) sends. */
export function errorBody(rng: Random, token: string): { body: string; contentType: string } {
  const message = rng.chance(0.1) ? `${rng.pick(MESSAGES)} ${token}` : rng.chance(0.7) ? rng.pick(MESSAGES) : text(rng);
  const context = { now: () => Date.UTC(2026, 10, 25), random: new SimulatorRandom(rng.int(0, 2 ** 31)) };
  const xml = 'application/xml; charset=utf-8';
  return rng.choose<{ body: string; contentType: string }>([
    [45, () => ({ body: errorXml(message, context), contentType: xml })],
    [8, () => ({ body: `<StatusCode>${rng.int(400, 599)}</StatusCode><Content>${errorXml(message, context).replace(/<\?xml[^>]*\?>/, '')}</Content>`, contentType: xml })],
    [5, () => ({ body: `<Error xmlns="http://www.concursolutions.com/api/error"><Message>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error>`, contentType: 'text/xml' })],
    [8, () => ({ body: JSON.stringify({ Error: { Message: message, 'Server-Time': '2026-11-25T10:00:00', Id: 'ABC' } }), contentType: 'application/json' })],
    [5, () => ({ body: JSON.stringify({ Message: message }), contentType: 'application/json' })],
    [5, () => ({ body: JSON.stringify({ code: rng.int(0, 99), error: 'invalid_grant', error_description: message }), contentType: 'application/json' })],
    [5, () => ({ body: `<!DOCTYPE html><html><body><h1>${rng.int(400, 599)} Error</h1><p>${message}</p></body></html>`, contentType: 'text/html' })],
    [4, () => ({ body: message, contentType: 'text/plain' })],
    [4, () => ({ body: '', contentType: rng.pick(['application/xml', 'text/plain', '']) })],
    [3, () => ({ body: `{"Error": ${'['.repeat(rng.int(1000, 30_000))}`, contentType: 'application/json' })],
    [3, () => ({ body: JSON.stringify({ Error: null, Message: [null, 1, true, { x: null }] }), contentType: 'application/json' })],
    [3, () => ({ body: '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "Error": {"Message": "proto"}}', contentType: 'application/json' })],
    [2, () => ({ body: `<Error><Message>${'m'.repeat(rng.int(60_000, 200_000))}</Message></Error>`, contentType: xml })],
  ]);
}

/** A body that is not XML: JSON in the document's shape or not, text, HTML, bytes. */
export function foreignBody(rng: Random, tree: Record<string, unknown> | undefined): { body: Buffer; contentType: string } {
  const json = (value: unknown): { body: Buffer; contentType: string } => ({ body: Buffer.from(JSON.stringify(value)), contentType: 'application/json' });
  return rng.choose<{ body: Buffer; contentType: string }>([
    [25, () => json(tree ?? { x: 1 })],
    [5, () => json({ Error: null })],
    // JSON escapes can carry what UTF-8 cannot: a lone UTF-16 surrogate, here at the end of each link.
    [5, () => ({ body: Buffer.from(JSON.stringify(tree ?? {}).replace(/(https?:[^"]*)"/g, '$1\\ud800"')), contentType: 'application/json' })],
    [5, () => json([tree, null, 1])],
    [5, () => ({ body: Buffer.from(`{"${Object.keys(tree ?? { x: 1 })[0] ?? 'x'}": ${'['.repeat(rng.int(10_000, 2_000_000))}`), contentType: 'application/json' })],
    [5, () => ({ body: Buffer.from(`{"Error": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`), contentType: 'application/json' })],
    [5, () => json({ ['__proto__']: { polluted: true }, constructor: { prototype: { polluted: true } }, ...(tree ?? {}) })],
    [5, () => ({ body: Buffer.from('{"lists": {"list": [1, "two", null, true, {"name": {"#text": 5}}]}}'), contentType: 'application/json' })],
    [5, () => ({ body: Buffer.from('{ not json'), contentType: 'application/json' })],
    [10, () => ({ body: Buffer.from(text(rng)), contentType: 'text/plain' })],
    [5, () => ({ body: Buffer.from('<!DOCTYPE html><html><body>Maintenance</body></html>'), contentType: 'text/html' })],
    [10, () => ({ body: rng.bytes(rng.int(0, 5000)), contentType: 'application/octet-stream' })],
    [5, () => ({ body: Buffer.alloc(rng.int(100_000, 6_000_000), 0x41), contentType: rng.pick(['application/octet-stream', 'image/png', '']) })],
    [10, () => ({ body: Buffer.alloc(0), contentType: rng.pick(['application/xml', 'application/json', 'text/plain', '']) })],
  ]);
}
