import { errorBody, fixtureBodies, foreignBody } from './corpus.js';
import { validDocument, type DocumentKind } from './documents.js';
import { encodeBody } from './encoding.js';
import { mutate, type Body } from './mutate.js';
import { Random } from './random.js';
import { TARGETS, type Target } from './targets.js';
import { framing, nonsenseStatusLine, statusLine, type Reply, type Special } from './wire.js';

/** One fuzz case: which SDK call to make, and what the server answers to it. */
export interface FuzzCase {
  seed: number;
  index: number;
  target: Target;
  /** Send with the client whose retry policy is on (waits injected), so a case may be answered several times. */
  retry: boolean;
  reply: Reply;
  /** What was done to the answer, for the report. */
  labels: string[];
}

const CONTENT_TYPES = [
  'application/xml',
  'application/xml; charset=utf-8',
  'text/xml',
  'application/json',
  'text/plain',
  'text/html',
  'application/octet-stream',
  'application/xml; charset=utf-16',
  'xml/json',
  'application/problem+json',
  '',
];

function status(rng: Random): number | 'nonsense' {
  return rng.choose<number | 'nonsense'>([
    [62, () => rng.weighted([[85, 200], [5, 201], [3, 202], [2, 203], [2, 206], [2, 204], [1, 299]])],
    [26, () => rng.pick([400, 401, 403, 404, 405, 409, 410, 413, 418, 429, 500, 502, 503, 504, 507, rng.int(400, 599)])],
    [5, () => rng.pick([100, 101, 102, 103, 199, 300, 301, 302, 303, 304, 307, 308, 399])],
    [3, () => rng.int(100, 599)],
    [4, () => 'nonsense'],
  ]);
}

/** A body for a 2xx: the target's own document, mutated or not, or something else entirely. */
function successBody(kind: DocumentKind, rng: Random, token: string, labels: string[]): { body: Body; contentType: string } {
  const valid = validDocument(kind, rng);
  const fixtures = fixtureBodies().get(kind) ?? [];
  const source: Body = fixtures.length > 0 && rng.chance(0.25) ? rng.pick(fixtures) : valid.body.toString('utf8');
  const shape = rng.weighted([
    [40, 'valid'],
    [38, 'mutated'],
    [5, 'other-document'],
    [5, 'error-document'],
    [12, 'foreign'],
  ] as const);
  labels.push(`body:${shape}`);
  if (kind === 'file' && (shape === 'valid' || shape === 'mutated')) return { body: valid.body, contentType: valid.contentType };
  switch (shape) {
    case 'valid':
      return { body: source, contentType: valid.contentType };
    case 'mutated': {
      const { body, applied } = mutate(source, rng, token);
      labels.push(...applied.map((name) => `mutation:${name}`));
      return { body, contentType: valid.contentType };
    }
    case 'other-document': {
      const other = rng.pick(TARGETS).document;
      return validDocument(other, rng);
    }
    case 'error-document':
      return errorBody(rng, token);
    case 'foreign':
      return foreignBody(rng, valid.tree);
  }
}

/** A body for any other status: Concur's error document mostly, mutated or not, or anything. */
function failureBody(kind: DocumentKind, rng: Random, token: string, labels: string[]): { body: Body; contentType: string } {
  const shape = rng.weighted([
    [60, 'error-document'],
    [20, 'mutated-error'],
    [10, 'foreign'],
    [10, 'valid-document'],
  ] as const);
  labels.push(`body:${shape}`);
  if (shape === 'error-document') return errorBody(rng, token);
  if (shape === 'mutated-error') {
    const error = errorBody(rng, token);
    const { body, applied } = mutate(error.body, rng, token);
    labels.push(...applied.map((name) => `mutation:${name}`));
    return { body, contentType: error.contentType };
  }
  return shape === 'foreign' ? foreignBody(rng, undefined) : validDocument(kind, rng);
}

/** Extra headers: what Concur sends, echoes of the token, and headers no parser expects. */
function extraHeaders(rng: Random, token: string): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  if (rng.chance(0.5)) headers.push(['concur-correlationid', rng.pick(['9e3c2a10-1b2c-4d5e-8f90-123456789abc', token, 'x'.repeat(500)])]);
  if (rng.chance(0.15)) headers.push(['Retry-After', rng.pick(['0', '5', '120', '-1', '99999999999', 'abc 5', 'Wed, 21 Oct 2015 07:28:00 GMT', '1.5', ''])]);
  if (rng.chance(0.1)) headers.push(['Location', rng.pick(['https://www.concursolutions.com/api/expense/extract/v1.0/D$1/job/J$2', 'javascript:x', `/${token}`, ''])]);
  if (rng.chance(0.05)) headers.push([rng.pick(['X-Echo', 'Set-Cookie', 'Authorization', 'WWW-Authenticate']), `Bearer ${token}`]);
  if (rng.chance(0.02)) headers.push(['X-Big', 'b'.repeat(rng.int(1000, 40_000))]);
  if (rng.chance(0.02)) for (let n = rng.int(100, 3000); n > 0; n -= 1) headers.push([`X-H${n}`, String(n)]);
  if (rng.chance(0.02)) headers.push(rng.pick<[string, string]>([['Bad Name', 'x'], ['X-Fold', 'a\r\n  folded'], ['X-Nul', 'a\u0000b'], ['', 'empty'], ['Content-Type', 'text/plain']]));
  return headers;
}

function special(rng: Random): Special | undefined {
  if (!rng.chance(0.012)) return undefined;
  return rng.weighted<Special>([
    [25, 'silent'],
    [25, 'reset'],
    [20, 'garbage'],
    [20, 'interim-then-response'],
    [10, 'headers-then-stall'],
  ]);
}

/**
 * Case `index` of run `seed`: a target, and the server's answer to it, drawn from the case's own
 * stream, so the same (seed, index) always gives the same case. `token` is the client's access
 * token, which some answers echo.
 */
export function generateCase(seed: number, index: number, token: string): FuzzCase {
  const rng = Random.forCase(seed, index);
  const target = rng.pick(TARGETS);
  const labels: string[] = [];
  const drawn = status(rng);
  const nonsense = drawn === 'nonsense' ? nonsenseStatusLine(rng) : undefined;
  const code = nonsense === undefined ? (drawn as number) : nonsense.status;
  labels.push(`status:${nonsense === undefined ? code : 'nonsense'}`);
  const success = code !== undefined && code >= 200 && code <= 299;
  const chosen = success ? successBody(target.document, rng, token, labels) : failureBody(target.document, rng, token, labels);
  const raw = typeof chosen.body === 'string' ? Buffer.from(chosen.body, 'utf8') : chosen.body;
  const contentType = rng.chance(0.85) ? chosen.contentType : rng.pick(CONTENT_TYPES);
  const encoded = encodeBody(raw, rng);
  if (encoded.label !== 'identity') labels.push(`encoding:${encoded.label}`);
  const headers: Array<[string, string]> = [];
  if (contentType !== '' || rng.chance(0.5)) headers.push(['Content-Type', contentType]);
  if (encoded.contentEncoding !== undefined) headers.push(['Content-Encoding', encoded.contentEncoding]);
  headers.push(...extraHeaders(rng, token));
  const frame = framing(rng);
  if (frame !== 'length') labels.push(`framing:${frame}`);
  // Bodies of 1xx, 204 and 304 are never read by an HTTP client: the connection closes after them.
  const bodiless = code === undefined || code < 200 || code === 204 || code === 304;
  const reply: Reply = {
    statusLine: nonsense?.line ?? statusLine(code as number, rng, token),
    status: code,
    headers,
    body: encoded.body,
    framing: frame,
    keepAlive: !bodiless && rng.chance(0.95),
  };
  const odd = special(rng);
  if (odd !== undefined) {
    reply.special = odd;
    labels.push(`special:${odd}`);
  }
  if (rng.chance(0.004)) {
    reply.pace = { pieces: rng.int(2, 5), gapShare: rng.pick([0.05, 0.2, 0.4, 0.6]) };
    labels.push('slow');
  }
  return { seed, index, target, retry: rng.chance(0.15), reply, labels };
}
