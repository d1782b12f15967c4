import type { Random } from '../random.js';

/** A report waiting for payment in a batch. */
export interface SimPaymentReport {
  /** The report's id. */
  reportId: string;
  /** The employee paid. */
  employeeId: string;
  /** Amount due, in the batch's currency. */
  amount: number;
}

/** A payment batch (Payment Batch v1.1 / v1.2, reference §7). */
export interface SimPaymentBatch {
  /** The encrypted id used in URLs (the last segment of `Batch-URL`). */
  readonly id: string;
  /** `BatchID`: a GUID, not to be used in URLs. */
  readonly batchId: string;
  /** `BatchName`. */
  name: string;
  /** `Currency`, ISO 4217. */
  currency: string;
  /** `Type`: `Employee` or `Card Program`. */
  type: string;
  /** `PaymentMethod`, e.g. `Expense Pay by SAP Concur`. */
  paymentMethod: string;
  /** The reports in it; `Count` and `BatchTotal` follow from them. Closing an empty batch fails. */
  reports: SimPaymentReport[];
  /** When it closed or will close (an asynchronous close ends later), ms since the epoch. */
  closedAt: number | undefined;
  /** The latest batch file's key (`JobRunKey` in its `File-Url`). */
  fileKey: string | undefined;
}

/** Options of {@link PaymentBatchStore.add}. */
export interface AddPaymentBatchOptions {
  /** `BatchName`. */
  name: string;
  /**
   * `Currency`.
   * @default 'USD'
   */
  currency?: string;
  /**
   * `Type`.
   * @default 'Employee'
   */
  type?: string;
  /**
   * `PaymentMethod`.
   * @default 'Expense Pay by SAP Concur'
   */
  paymentMethod?: string;
  /**
   * The reports in it; an empty batch cannot be closed (500).
   * @default []
   */
  reports?: SimPaymentReport[];
  /**
   * `OPEN` or `CLOSED`.
   * @default 'OPEN'
   */
  status?: 'OPEN' | 'CLOSED';
  /**
   * Encrypted id for URLs.
   * @default a generated opaque id
   */
  id?: string;
  /**
   * `BatchID` GUID.
   * @default a generated GUID
   */
  batchId?: string;
}

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The payment batches and their files. */
export class PaymentBatchStore {
  readonly #now: () => number;
  readonly #random: Random;
  readonly #batches = new Map<string, SimPaymentBatch>();
  readonly #files = new Map<string, SimPaymentBatch>();
  /**
   * How long an asynchronous (v1.2) close takes before the batch lists as `CLOSED`, in ms.
   * @default 3_000
   */
  closeDurationMs: number;

  /** @internal */
  constructor(now: () => number, random: Random, closeDurationMs: number) {
    this.#now = now;
    this.#random = random;
    this.closeDurationMs = closeDurationMs;
  }

  /**
   * Adds a batch.
   *
   * @example
   * ```ts
   * sim.state.paymentBatches.add({ name: 'Empty batch' }); // closing it answers 500
   * ```
   */
  add(options: AddPaymentBatchOptions): SimPaymentBatch {
    const batch: SimPaymentBatch = {
      id: options.id ?? this.#random.opaqueId(),
      batchId: options.batchId ?? this.#random.guid(),
      name: options.name,
      currency: options.currency ?? 'USD',
      type: options.type ?? 'Employee',
      paymentMethod: options.paymentMethod ?? 'Expense Pay by SAP Concur',
      reports: (options.reports ?? []).map((report) => ({ ...report })),
      closedAt: options.status === 'CLOSED' ? this.#now() : undefined,
      fileKey: undefined,
    };
    this.#batches.set(batch.id, batch);
    return batch;
  }

  /** The batch with this encrypted id. */
  get(id: string): SimPaymentBatch | undefined {
    return this.#batches.get(id);
  }

  /** The batch with this `BatchID` GUID. */
  byBatchId(batchId: string): SimPaymentBatch | undefined {
    return this.all().find((batch) => batch.batchId.toLowerCase() === batchId.toLowerCase());
  }

  /** Every batch. */
  all(): SimPaymentBatch[] {
    return [...this.#batches.values()];
  }

  /** `OPEN`, or `CLOSED` once its close has completed. */
  statusOf(batch: SimPaymentBatch): 'OPEN' | 'CLOSED' {
    return batch.closedAt !== undefined && this.#now() >= batch.closedAt ? 'CLOSED' : 'OPEN';
  }

  /** `BatchTotal`: the sum of its reports. */
  totalOf(batch: SimPaymentBatch): number {
    return Math.round(batch.reports.reduce((sum, report) => sum + report.amount, 0) * 100) / 100;
  }

  /** Closes now and writes a new batch file; returns the file's key. @internal */
  closeNow(batch: SimPaymentBatch): string {
    if (this.statusOf(batch) === 'OPEN') batch.closedAt = this.#now();
    const key = this.#random.opaqueId();
    batch.fileKey = key;
    this.#files.set(key, batch);
    return key;
  }

  /** Starts an asynchronous close; returns its `JobQueueKey`. @internal */
  closeLater(batch: SimPaymentBatch): string {
    batch.closedAt ??= this.#now() + this.closeDurationMs;
    return this.#random.opaqueId(16);
  }

  /** The batch a file key belongs to. */
  fileBatch(key: string): SimPaymentBatch | undefined {
    return this.#files.get(key);
  }

  /** The CSV of a batch file. @internal */
  fileOf(batch: SimPaymentBatch): string {
    const rows = batch.reports.map((report) => [batch.name, batch.batchId, report.reportId, report.employeeId, report.amount.toFixed(2), batch.currency].map(csvField).join(','));
    return ['Batch Name,Batch ID,Report ID,Employee ID,Amount,Currency', ...rows, ''].join('\r\n');
  }
}
