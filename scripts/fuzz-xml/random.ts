import { Random } from '../../src/simulator/random.js';

/** A seeded generator: the simulator's mulberry32, as a function. */
export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  const random = new Random(seed);
  return () => random.next();
}

/** The generator for case `index` of run `seed`: any single case can be replayed alone. */
export function rngFor(seed: number, index: number): Rng {
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

export function int(rng: Rng, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}
