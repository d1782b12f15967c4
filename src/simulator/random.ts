/**
 * A small seeded pseudo-random generator (mulberry32), so that every random choice of the
 * simulator (random faults, generated ids, correlation ids) repeats exactly under the same seed.
 * Not for cryptography.
 */
export class Random {
  #state: number;

  /** @internal */
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }

  /** `length` characters from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let index = 0; index < length; index += 1) out += alphabet[this.int(alphabet.length)] ?? '';
    return out;
  }

  /** A version-4-shaped UUID, lower case: the form of `concur-correlationid`. */
  uuid(): string {
    const hex = this.chars(32, '0123456789abcdef');
    const variant = '89ab'[this.int(4)] ?? '8';
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** An upper-case GUID, the form of an error `Id` and of a payment batch's `BatchID`. */
  guid(): string {
    return this.uuid().toUpperCase();
  }

  /**
   * An opaque identifier like Concur's encrypted ids, which hold `$` and other characters that
   * must be encoded in a URL (reference §1.5), e.g. `nYoPK$pZmcowMRUqcl5bnDAwwsMydyt$xd`.
   */
  opaqueId(length = 24): string {
    return this.chars(length, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$');
  }
}

/** Derives independent generators from one seed, so faults do not shift when more ids are drawn. */
export function deriveRandom(seed: number, stream: number): Random {
  return new Random(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35));
}
