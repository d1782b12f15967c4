import type { Random } from './random.js';

/** How the body is delimited on the wire, honestly or not. */
export type Framing =
  | 'length'
  | 'length-short'
  | 'length-long-close'
  | 'length-long-stall'
  | 'length-invalid'
  | 'close-delimited'
  | 'chunked'
  | 'chunked-cut'
  | 'chunked-bad-size'
  | 'chunked-and-length'
  | 'stall-mid-body';

/** Something other than a response. */
export type Special = 'silent' | 'reset' | 'garbage' | 'interim-then-response' | 'headers-then-stall';

/** One answer, exactly as the server will write it. */
export interface Reply {
  /** The status line, e.g. `HTTP/1.1 200 OK`, or nonsense. */
  statusLine: string;
  /** The status the line carries, when it carries a number. */
  status: number | undefined;
  /** Headers as written (framing headers are added from `framing`). */
  headers: Array<[name: string, value: string]>;
  /** The body bytes as sent (after any content encoding). */
  body: Buffer;
  framing: Framing;
  special?: Special;
  /**
   * A slow body: the bytes after the head, sent in `pieces` pieces, each gap `gapShare` of the
   * client's time limit (so some slow bodies finish in time and some do not).
   */
  pace?: { pieces: number; gapShare: number };
  /** Keep the connection for the next request once the answer is written. */
  keepAlive: boolean;
}

/** A status line for `status`, mostly well-formed. */
export function statusLine(status: number, rng: Random, token: string): string {
  const reason = rng.weighted([
    [80, 'OK'],
    [5, ''],
    [3, 'Service Unavailable'],
    [3, `Echo ${token}`],
    [3, 'x'.repeat(2000)],
    [3, 'Ünïcödé'],
    [3, 'Bad\tReason'],
  ]);
  return rng.weighted([
    [90, `HTTP/1.1 ${status} ${reason}`],
    [4, `HTTP/1.0 ${status} ${reason}`],
    [3, `HTTP/1.1 ${status}`],
    [3, `http/1.1 ${status} ${reason}`],
  ]);
}

/** A status line that is not a valid HTTP/1.x status line. */
export function nonsenseStatusLine(rng: Random): { line: string; status: number | undefined } {
  return rng.weighted<{ line: string; status: number | undefined }>([
    [20, { line: 'HTTP/1.1 000 Zero', status: 0 }],
    [10, { line: 'HTTP/1.1 99 Short', status: 99 }],
    [10, { line: 'HTTP/1.1 1000 Long', status: 1000 }],
    [10, { line: 'HTTP/1.1 600 Beyond', status: 600 }],
    [10, { line: 'HTTP/1.1 999 Beyond', status: 999 }],
    [10, { line: 'HTTP/1.1 abc Letters', status: undefined }],
    [10, { line: 'HTTP/2 200 OK', status: 200 }],
    [10, { line: 'ICY 200 OK', status: 200 }],
    [10, { line: '', status: undefined }],
  ]);
}

/**
 * How the body is delimited: honestly most of the time; sometimes a length that lies, a chunked
 * body cut off or malformed, a body that ends only when the connection closes, or one that stalls.
 */
export function framing(rng: Random): Framing {
  return rng.weighted<Framing>([
    [82, 'length'],
    [6, 'chunked'],
    [2, 'close-delimited'],
    [2, 'length-short'],
    [2, 'length-long-close'],
    [1, 'chunked-cut'],
    [1, 'chunked-bad-size'],
    [1, 'chunked-and-length'],
    [1, 'length-invalid'],
    [1, 'length-long-stall'],
    [1, 'stall-mid-body'],
  ]);
}

/** What the writer does once the bytes are out. */
export type AfterWrite = 'keep' | 'end' | 'destroy' | 'stall';

function chunked(body: Buffer, rng: Random): Buffer[] {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const size = Math.min(body.length - at, rng.int(1, Math.max(1, Math.ceil(body.length / rng.int(1, 4)))));
    parts.push(Buffer.from(`${size.toString(16)}\r\n`), body.subarray(at, at + size), Buffer.from('\r\n'));
    at += size;
  }
  return parts;
}

/**
 * The bytes of a reply after its status line and headers, and what to do with the connection
 * afterwards. Pure, so the property test can check a reply's shape without a socket.
 */
export function serialize(reply: Reply, rng: Random): { head: Buffer; rest: Buffer[]; after: AfterWrite } {
  const headers = [...reply.headers];
  const { body } = reply;
  let rest: Buffer[] = [body];
  let after: AfterWrite = reply.keepAlive ? 'keep' : 'end';
  switch (reply.framing) {
    case 'length':
      headers.push(['Content-Length', String(body.length)]);
      break;
    case 'length-short':
      headers.push(['Content-Length', String(Math.max(0, body.length - rng.int(1, 100)))]);
      after = 'end';
      break;
    case 'length-long-close':
      headers.push(['Content-Length', String(body.length + rng.int(1, 1000))]);
      after = 'end';
      break;
    case 'length-long-stall':
      headers.push(['Content-Length', String(body.length + rng.int(1, 1000))]);
      after = 'stall';
      break;
    case 'length-invalid':
      headers.push(['Content-Length', rng.pick(['abc', '-5', '1, 2', '0x10', '99999999999999999999', ''])]);
      after = 'end';
      break;
    case 'close-delimited':
      after = 'end';
      break;
    case 'chunked':
      headers.push(['Transfer-Encoding', 'chunked']);
      rest = [...chunked(body, rng), Buffer.from('0\r\n\r\n')];
      break;
    case 'chunked-cut':
      headers.push(['Transfer-Encoding', 'chunked']);
      rest = chunked(body, rng).slice(0, -1);
      after = rng.chance(0.5) ? 'end' : 'destroy';
      break;
    case 'chunked-bad-size':
      headers.push(['Transfer-Encoding', 'chunked']);
      rest = [Buffer.from(`${rng.pick(['zz', '-1', 'ffffffffffffffff', ''])}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')];
      after = 'end';
      break;
    case 'chunked-and-length':
      headers.push(['Transfer-Encoding', 'chunked'], ['Content-Length', String(body.length)]);
      rest = [...chunked(body, rng), Buffer.from('0\r\n\r\n')];
      after = 'end';
      break;
    case 'stall-mid-body':
      headers.push(['Content-Length', String(body.length + 1)]);
      rest = [body.subarray(0, Math.floor(body.length / 2))];
      after = 'stall';
      break;
  }
  if (after === 'keep' && rng.chance(0.98)) headers.push(['Connection', 'keep-alive']);
  else if (after !== 'keep' && rng.chance(0.9)) headers.push(['Connection', 'close']);
  const head = Buffer.from(`${reply.statusLine}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n`, 'latin1');
  return { head, rest, after };
}
