import type { Random } from '../random.js';

/** How a job ends once its time is up. */
export type ExtractJobOutcome = 'Completed' | 'Failed';

/** A job's status at a given moment; `Completed` is written as {@link ExtractStore.completedStatus}. */
export type ExtractJobStatus = 'Queued' | 'Running' | ExtractJobOutcome;

/** An extract definition (Extract v1.0, reference §5). */
export interface SimExtractDefinition {
  /** The definition's id as it appears in URLs. */
  readonly id: string;
  /** Display name. */
  name: string;
  /** The CSV file its jobs produce; a small sample when not set. */
  csv: string | undefined;
  /** How its jobs end. */
  jobOutcome: ExtractJobOutcome;
}

/** An extract job. Its status follows from the clock: see {@link ExtractStore.statusOf}. */
export interface SimExtractJob {
  /** The job's id as it appears in URLs. */
  readonly id: string;
  /** The definition it belongs to. */
  readonly definitionId: string;
  /** When it was started (ms since the epoch). */
  readonly startedAt: number;
  /** Time from start to its final status; the first half is `Queued`, the second `Running`. */
  durationMs: number;
  /** Its final status. */
  outcome: ExtractJobOutcome;
}

/** Options of {@link ExtractStore.addDefinition}. */
export interface AddExtractDefinitionOptions {
  /** Display name. */
  name: string;
  /**
   * The id as it appears in URLs.
   * @default a generated opaque id
   */
  id?: string;
  /**
   * The CSV file its jobs produce.
   * @default a small sample file
   */
  csv?: string;
  /**
   * How its jobs end.
   * @default 'Completed'
   */
  jobOutcome?: ExtractJobOutcome;
}

/** Concur lists the last 100 jobs of a definition (reference §5). */
const LISTED_JOBS = 100;

/** Extract definitions and their jobs. */
export class ExtractStore {
  readonly #now: () => number;
  readonly #random: Random;
  readonly #definitions = new Map<string, SimExtractDefinition>();
  readonly #jobs = new Map<string, SimExtractJob[]>();
  /**
   * Time a new job takes from `Queued` to its final status, in ms: `Queued` for the first half,
   * `Running` for the second. 0 finishes jobs at once. Changing it affects new jobs only.
   * @default 3_000
   */
  jobDurationMs: number;
  /**
   * The word sent for a finished job. Concur's sources disagree (`Completed`, `Complete`, `2`);
   * set it to check that a client accepts each.
   * @default 'Completed'
   */
  completedStatus = 'Completed';

  /** @internal */
  constructor(now: () => number, random: Random, jobDurationMs: number) {
    this.#now = now;
    this.#random = random;
    this.jobDurationMs = jobDurationMs;
  }

  /**
   * Adds a definition.
   *
   * @example
   * ```ts
   * const definition = sim.state.extract.addDefinition({ name: 'GL export', csv: 'a,b\n1,2\n' });
   * ```
   */
  addDefinition(options: AddExtractDefinitionOptions): SimExtractDefinition {
    const definition: SimExtractDefinition = {
      id: options.id ?? this.#random.opaqueId(),
      name: options.name,
      csv: options.csv,
      jobOutcome: options.jobOutcome ?? 'Completed',
    };
    this.#definitions.set(definition.id, definition);
    this.#jobs.set(definition.id, []);
    return definition;
  }

  /** The definition with this id. */
  definition(id: string): SimExtractDefinition | undefined {
    return this.#definitions.get(id);
  }

  /** Every definition. */
  definitions(): SimExtractDefinition[] {
    return [...this.#definitions.values()];
  }

  /** The jobs of a definition, newest first (all of them; Concur lists the last 100). */
  jobs(definitionId: string): SimExtractJob[] {
    return [...(this.#jobs.get(definitionId) ?? [])].reverse();
  }

  /** One job of a definition. */
  job(definitionId: string, jobId: string): SimExtractJob | undefined {
    return this.#jobs.get(definitionId)?.find((job) => job.id === jobId);
  }

  /** The job's status now: `Queued`, then `Running`, then its outcome once its time is up. */
  statusOf(job: SimExtractJob): ExtractJobStatus {
    const elapsed = this.#now() - job.startedAt;
    if (elapsed >= job.durationMs) return job.outcome;
    return elapsed < job.durationMs / 2 ? 'Queued' : 'Running';
  }

  /** When the job reached its final status, or undefined while it runs. */
  stoppedAt(job: SimExtractJob): number | undefined {
    return this.#now() - job.startedAt >= job.durationMs ? job.startedAt + job.durationMs : undefined;
  }

  /** Ends a job now with this outcome (for tests that do not move the clock). */
  finishJob(job: SimExtractJob, outcome: ExtractJobOutcome = job.outcome): void {
    job.outcome = outcome;
    job.durationMs = Math.min(job.durationMs, this.#now() - job.startedAt);
  }

  /**
   * Starts a job, or returns undefined when one of the definition is still queued or running
   * (Concur answers 409 then). @internal
   */
  startJob(definition: SimExtractDefinition): SimExtractJob | undefined {
    const jobs = this.#jobs.get(definition.id) ?? [];
    const busy = jobs.some((job) => this.statusOf(job) === 'Queued' || this.statusOf(job) === 'Running');
    if (busy) return undefined;
    const job: SimExtractJob = { id: this.#random.opaqueId(), definitionId: definition.id, startedAt: this.#now(), durationMs: this.jobDurationMs, outcome: definition.jobOutcome };
    jobs.push(job);
    this.#jobs.set(definition.id, jobs);
    return job;
  }

  /** The jobs a job list returns: the last 100, newest first. @internal */
  listed(definitionId: string): SimExtractJob[] {
    return this.jobs(definitionId).slice(0, LISTED_JOBS);
  }

  /** The file of a finished job. @internal */
  fileOf(job: SimExtractJob): string {
    const definition = this.#definitions.get(job.definitionId);
    if (definition?.csv !== undefined) return definition.csv;
    const stamp = new Date(job.startedAt).toISOString().slice(0, 10);
    return [
      'Employee ID,Report ID,Report Name,Amount,Currency,Extract Date',
      `E0001,R-1001,Client visit,125.50,USD,${stamp}`,
      `E0002,R-1002,"Conference, Berlin",980.00,EUR,${stamp}`,
      '',
    ].join('\r\n');
  }
}
