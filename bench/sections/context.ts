import type { CodecInput } from '../codec.js';
import type { LatencyInput } from '../latency.js';

/**
 * What the orchestrator (bench/main.ts) hands each section's reporting function: the section's
 * configuration, which sections run profiled, the console log, and the two lists a section adds
 * to (the targets table and the report's sections, in order).
 */

export type Section = 'latency' | 'codec' | 'bulk' | 'faults';

export interface BenchConfig {
  latency: Omit<LatencyInput, 'url'>;
  codec: CodecInput;
  bulk: { sizes: number[]; chunkSize: number; reps: number };
  faults: { items: number; faultRate: number; seed: number; retryDelayMs: number; reps: number };
}

export interface Target {
  what: string;
  measured: string;
  met: boolean;
}

export interface SectionContext {
  config: BenchConfig;
  /** Sections whose workers run under `node --cpu-prof`. */
  profiled: readonly Section[];
  log: (line: string) => void;
  targets: Target[];
  sections: string[];
}
