import type { CodecInput } from '../codec.js';
import type { ClientName } from '../lib/client-names.js';

/**
 * What the orchestrator (bench/main.ts) hands each section's reporting function: the section's
 * configuration, which sections run profiled, the console log, and the two lists a section adds
 * to (the targets table and the report's sections, in order).
 */

export type Section = 'latency' | 'codec' | 'bulk' | 'faults' | 'download';

export interface BenchConfig {
  latency: {
    clients: ClientName[];
    /** Items in the list items answer. */
    itemsPerResponse: number;
    warmup: number;
    rounds: number;
    sequentialPerRound: number;
    concurrentPerRound: number;
    concurrency: number;
  };
  codec: CodecInput;
  bulk: { sizes: number[]; chunkSize: number; reps: number; baselineReps: number };
  faults: { items: number; faultRate: number; seed: number; retryDelayMs: number; reps: number };
  download: { bytes: number; reps: number };
}

export interface Target {
  what: string;
  measured: string;
  /** Undefined for a figure the issue asks to report without a target. */
  met: boolean | undefined;
}

export interface SectionContext {
  config: BenchConfig;
  /** Sections whose workers run under `node --cpu-prof`. */
  profiled: readonly Section[];
  /** Sections whose one-run-per-process workers print V8's GC trace (`--trace-gc`). */
  gcTraced: readonly Section[];
  log: (line: string) => void;
  targets: Target[];
  sections: string[];
}
