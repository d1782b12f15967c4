import { brotliCompressSync, constants, createBrotliCompress, createGzip, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import type { Random } from './random.js';

/** A body as sent, with the Content-Encoding header that goes with it (undefined for none). */
export interface EncodedBody {
  body: Buffer;
  contentEncoding: string | undefined;
  label: string;
}

const COMPRESSORS: Readonly<Record<string, (data: Buffer) => Buffer>> = {
  gzip: (data) => gzipSync(data, { level: 1 }),
  'x-gzip': (data) => gzipSync(data, { level: 1 }),
  deflate: (data) => deflateSync(data, { level: 1 }),
  'deflate-raw': (data) => deflateRawSync(data, { level: 1 }),
  br: (data) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
};

/** Bytes a decompression bomb expands to: far past any limit of the SDK. */
const BOMB_BYTES = 256 * 1024 * 1024;
const BOMB_KINDS = ['gzip:0', 'gzip:60', 'br:0', 'br:60'] as const;
const bombs = new Map<string, Buffer>();

/** Compresses `bytes` of one byte value as a stream, 16 MB at a time. */
async function compressStream(encoding: 'gzip' | 'br', fill: number, bytes: number): Promise<Buffer> {
  const stream = encoding === 'gzip' ? createGzip({ level: 9 }) : createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } });
  const step = Buffer.alloc(16 * 1024 * 1024, fill);
  const parts: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => stream.once('end', resolve).once('error', reject));
  for (let written = 0; written < bytes; written += step.length) {
    if (!stream.write(step)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return Buffer.concat(parts);
}

/**
 * Builds the decompression bombs once, before a run: 256 MB (or `bytes`) of zeros or of `<`
 * signs, gzip and brotli, compressed as streams so that building them never holds 256 MB.
 */
export async function prepareBombs(bytes = BOMB_BYTES): Promise<void> {
  for (const kind of BOMB_KINDS) {
    if (bombs.has(kind)) continue;
    const [encoding, fill] = kind.split(':') as ['gzip' | 'br', string];
    bombs.set(kind, await compressStream(encoding, Number(fill), bytes));
  }
}

function bomb(encoding: 'gzip' | 'br', fill: number): Buffer {
  const built = bombs.get(`${encoding}:${fill}`);
  if (built === undefined) throw new Error('call prepareBombs() before generating cases');
  return built;
}

/**
 * How the body travels: mostly as is; sometimes compressed (validly, corruptly, or as a bomb),
 * declared compressed while it is not, or with an encoding nobody knows.
 */
export function encodeBody(body: Buffer, rng: Random): EncodedBody {
  const kind = rng.weighted([
    [86, 'none'],
    [6, 'valid'],
    [3, 'corrupt'],
    [1, 'bomb'],
    [2, 'declared-only'],
    [2, 'unknown'],
  ] as const);
  if (kind === 'none') return { body, contentEncoding: undefined, label: 'identity' };
  if (kind === 'bomb') {
    const encoding = rng.pick(['gzip', 'br'] as const);
    return { body: bomb(encoding, rng.pick([0, 60])), contentEncoding: encoding, label: `${encoding}-bomb` };
  }
  if (kind === 'unknown') {
    return { body, contentEncoding: rng.pick(['x-custom', 'compress', 'gzip, gzip', 'identity', 'GZIP', 'br, gzip', '']), label: 'unknown-encoding' };
  }
  const name = rng.pick(Object.keys(COMPRESSORS));
  const header = name === 'deflate-raw' ? 'deflate' : name;
  if (kind === 'declared-only') return { body, contentEncoding: header, label: `${name}-declared-only` };
  const compressed = (COMPRESSORS[name] as (data: Buffer) => Buffer)(body);
  if (kind === 'valid') return { body: compressed, contentEncoding: header, label: name };
  const broken = Buffer.from(compressed);
  if (rng.chance(0.5) && broken.length > 4) return { body: broken.subarray(0, rng.int(1, broken.length - 1)), contentEncoding: header, label: `${name}-truncated` };
  for (let n = rng.int(1, 6); n > 0 && broken.length > 0; n -= 1) broken[rng.int(0, broken.length - 1)] = rng.int(0, 255);
  return { body: broken, contentEncoding: header, label: `${name}-corrupt` };
}
