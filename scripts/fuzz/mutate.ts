import { cdata, characterReference, commentOrInstruction, deepNesting, doctype, entityBomb, hostileAttribute, hostileElement, invalidUtf8 } from './hostile.js';
import type { Random } from './random.js';

/** A document being mutated: its text, or raw bytes once a byte-level mutation has run. */
export type Body = string | Buffer;

type Mutation = (body: string, rng: Random, token: string) => Body;

// The lookahead after the name keeps this linear: without it, a name running into megabytes of
// word characters with no `>` after them backtracks quadratically (53 s for one 336 KB body).
const TAG = /<\/?([A-Za-z_][\w:.-]*)(?=[\s/>])[^<>]*>/g;

/** Start offsets of every tag, to splice between elements rather than inside a name. */
function tagOffsets(body: string): number[] {
  const offsets: number[] = [];
  for (const match of body.matchAll(TAG)) offsets.push(match.index);
  return offsets;
}

/** A place to insert: after a `>` (so inside an element's content), or anywhere. */
function spot(body: string, rng: Random): number {
  const offsets = tagOffsets(body);
  if (offsets.length === 0 || rng.chance(0.1)) return rng.int(0, body.length);
  const at = rng.pick(offsets);
  const end = body.indexOf('>', at);
  return end < 0 ? at : end + 1;
}

const insertAt = (body: string, at: number, text: string): string => body.slice(0, at) + text + body.slice(at);
const insert = (text: (rng: Random) => string): Mutation => (body, rng) => insertAt(body, spot(body, rng), text(rng));

/** The root element's name, for DOCTYPE declarations. */
function rootName(body: string): string {
  return /<([A-Za-z_][\w:.-]*)/.exec(body.replace(/<\?[\s\S]*?\?>/g, ''))?.[1] ?? 'root';
}

/** The prolog goes after the XML declaration, the reference into some element's text. */
function withProlog(body: string, rng: Random, make: (rng: Random, root: string) => { prolog: string; reference: string }): string {
  const { prolog, reference } = make(rng, rootName(body));
  const declarationEnd = body.startsWith('<?xml') ? body.indexOf('?>') + 2 : 0;
  const withReference = reference === '' ? body : insertAt(body, Math.max(spot(body, rng), declarationEnd), reference);
  return insertAt(withReference, declarationEnd, prolog);
}

/** Renames one element (start and end tag) to `name`. */
function renameElement(body: string, rng: Random, name: (old: string) => string): string {
  const names = [...new Set([...body.matchAll(TAG)].map((match) => match[1] as string))];
  if (names.length === 0) return body;
  const old = rng.pick(names);
  const escaped = old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const replacement = name(old);
  return body.replace(new RegExp(`<(/?)${escaped}(?=[\\s/>])`, 'g'), (_m, slash: string) => `<${slash}${replacement}`);
}

/** Copies of one element next to it: a duplicate, or thousands. */
function duplicate(body: string, rng: Random): string {
  const starts = [...body.matchAll(/<([A-Za-z_][\w:.-]*)(?:\s[^<>]*)?>/g)];
  if (starts.length === 0) return body;
  const start = rng.pick(starts);
  const close = `</${start[1] as string}>`;
  const end = body.indexOf(close, start.index);
  if (end < 0) return body;
  const element = body.slice(start.index, end + close.length);
  const copies = rng.choose([
    [70, () => 1],
    [20, () => rng.int(2, 50)],
    [10, () => rng.int(1000, 50_000)],
  ]);
  const after = end + close.length;
  // At most about 8 MB of copies, whatever the element's size.
  const bounded = Math.max(1, Math.min(copies, Math.floor(8_000_000 / element.length)));
  return body.slice(0, after) + element.repeat(bounded) + body.slice(after);
}

/** The secret in a form a server could echo it: raw, escaped, percent-encoded, in CDATA. */
function echoed(rng: Random, token: string): string {
  return rng.pick([
    token,
    token.replace(/&/g, '&amp;'),
    encodeURIComponent(token),
    `<![CDATA[${token}]]>`,
    token.replace(/[^A-Za-z0-9]/g, (c) => `&#${c.charCodeAt(0)};`),
    token.replace(/[^A-Za-z0-9]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
  ]);
}

/**
 * The secret in a form the SDK does not promise to redact, since redaction runs on the text before
 * it is parsed: split by an XML comment or a CDATA boundary, or with a letter JSON-escaped; the
 * parser joins it back. Replaces the echoed token when the body has one, or is inserted.
 */
export const UNDOCUMENTED_ECHO = 'token-echo-split';

function splitEcho(body: string, rng: Random, token: string): string {
  const [first, second] = [token.slice(0, token.length >> 1), token.slice(token.length >> 1)];
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const form = body.trimStart().startsWith('{')
    ? `\\u${token.charCodeAt(0).toString(16).padStart(4, '0')}${token.slice(1)}`
    : rng.pick([`${escape(first)}<!---->${escape(second)}`, `<![CDATA[${first}]]>${escape(second)}`]);
  return body.includes(token) ? body.replace(token, () => form) : insertAt(body, spot(body, rng), form);
}

const MUTATIONS: ReadonlyArray<readonly [weight: number, name: string, mutation: Mutation]> = [
  [10, 'truncate', (body, rng) => body.slice(0, rng.int(0, body.length))],
  [8, 'insert-hostile-element', insert(hostileElement)],
  [5, 'hostile-attribute', (body, rng) => body.replace(/<([A-Za-z_][\w:.-]*)/, (m) => m + hostileAttribute(rng))],
  [6, 'rename-to-hostile', (body, rng) => renameElement(body, rng, () => rng.pick(['__proto__', 'constructor', 'prototype', 'x:__proto__']))],
  [5, 'remove-tag', (body, rng) => {
    const offsets = tagOffsets(body);
    if (offsets.length === 0) return body;
    const at = rng.pick(offsets);
    return body.slice(0, at) + body.slice(body.indexOf('>', at) + 1);
  }],
  [6, 'duplicate-element', duplicate],
  [4, 'huge-text', (body, rng) => insertAt(body, spot(body, rng), rng.pick(['x', 'ab ', '&amp;', 'é']).repeat(rng.int(100_000, 2_000_000)))],
  [4, 'deep-nesting', insert(deepNesting)],
  [4, 'entity-bomb', (body, rng) => withProlog(body, rng, entityBomb)],
  [5, 'doctype', (body, rng) => withProlog(body, rng, doctype)],
  [5, 'character-reference', insert(characterReference)],
  [4, 'cdata', insert(cdata)],
  [4, 'comment-or-pi', insert(commentOrInstruction)],
  [4, 'case-change', (body, rng) => renameElement(body, rng, (old) => (rng.chance(0.5) ? old.toUpperCase() : old.toLowerCase()))],
  [3, 'namespace-prefix', (body, rng) => renameElement(body, rng, (old) => `${rng.pick(['soap', 'x', 'SOAP-ENV', '', 'a:b'])}:${old}`)],
  [3, 'whitespace', (body, rng) => insertAt(body, rng.int(0, body.length), rng.pick([' ', '\n', '\r\n', '\t', '\u00a0', '\u2028']))],
  [3, 'control-character', (body, rng) => insertAt(body, rng.int(0, body.length), String.fromCharCode(rng.int(0, 31)))],
  [2, 'leading-garbage', (body, rng) => rng.pick(['\n\n', 'garbage', '\ufeff\ufeff', '<?xml version="1.0"?>']) + body],
  [2, 'trailing-garbage', (body, rng) => body + rng.pick(['<extra/>', 'trailing', '</lists>', '<', '\u0000'])],
  [3, 'token-echo', (body, rng, token) => insertAt(body, spot(body, rng), echoed(rng, token))],
  [1, UNDOCUMENTED_ECHO, splitEcho],
  [3, 'token-in-attribute', (body, _rng, token) => body.replace(/<([A-Za-z_][\w:.-]*)/, (m) => `${m} echo="${token.replace(/&/g, '&amp;')}"`)],
  [3, 'byte-flip', (body, rng) => {
    const bytes = Buffer.from(body, 'utf8');
    for (let n = rng.int(1, 8); n > 0 && bytes.length > 0; n -= 1) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
    return bytes;
  }],
  [3, 'invalid-utf8', (body, rng) => {
    const bytes = Buffer.from(body, 'utf8');
    const at = rng.int(0, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), invalidUtf8(rng), bytes.subarray(at)]);
  }],
  [3, 'utf16', (body, rng) => {
    const bom = rng.chance(0.8);
    if (rng.chance(0.5)) return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(body, 'utf16le')]);
    const be = Buffer.from(body, 'utf16le').swap16();
    return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), be]);
  }],
  [2, 'utf8-bom', (body) => `\ufeff${body}`],
  [2, 'latin1-declared', (body) => Buffer.from(body.replace('encoding="utf-8"', 'encoding="ISO-8859-1"'), 'latin1')],
];

/** The names of the mutations, for the report. */
export const MUTATION_NAMES = MUTATIONS.map(([, name]) => name);

/**
 * Applies one to four mutations to a document. Once a byte-level mutation has run, text-level
 * ones see the bytes decoded as UTF-8 (which is what the SDK would see too) and re-encode.
 */
export function mutate(body: Body, rng: Random, token: string): { body: Body; applied: string[] } {
  const applied: string[] = [];
  let current = body;
  const rounds = rng.weighted([
    [60, 1],
    [25, 2],
    [10, 3],
    [5, 4],
  ]);
  for (let round = 0; round < rounds; round += 1) {
    const [, name, mutation] = rng.weighted(MUTATIONS.map((entry) => [entry[0], entry] as const));
    const text = typeof current === 'string' ? current : current.toString('utf8');
    // A document past 1 MB only gets cheap mutations, so one case never builds hundreds of MB.
    if (text.length > 1_000_000 && ['duplicate-element', 'huge-text', 'deep-nesting'].includes(name)) continue;
    current = mutation(text, rng, token);
    applied.push(name);
  }
  return { body: current, applied };
}
