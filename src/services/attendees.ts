import type { CallOptions } from '../core/options.js';
import { runBatch, type BatchSpec } from '../batch/run.js';
import type { BatchInput, BatchOptions, BatchResult, ItemProblem } from '../batch/types.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { callSettings } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import { childText, elements } from '../xml/nodes.js';
import { decimalText, ProblemList, type Fields } from './fields.js';
import { ConcurService, defineEndpoints, readCountedBatchResult, rootOf, type EndpointSpec } from './service.js';

// Attendee v1.0 (reference §2). The page's URI header says `/api/expense/attendees/v1.0/`
// (plural), but every example and the types endpoint use the singular form, which the reference
// recommends; the plural is UNCONFIRMED.
const NAMESPACE = 'http://www.concursolutions.com/api/expense/attendee/2010/05';
const BATCH_PATH = '/api/expense/attendee/v1.0/batch';
const CUSTOM_FIELDS = 20;

const ENDPOINTS = defineEndpoints({
  create: { method: 'POST', path: BATCH_PATH, query: { type: 'create' }, root: 'attendee-batch', namespace: NAMESPACE },
  update: { method: 'POST', path: BATCH_PATH, query: { type: 'update' }, root: 'attendee-batch', namespace: NAMESPACE },
  listTypes: { method: 'GET', path: '/api/expense/attendee/v1.0/type' },
});

/** The attendee form's custom fields, `custom1` to `custom20`; Concur's numbering need not be contiguous. */
export type AttendeeCustomFields = {
  /**
   * Custom field N of the attendee form (≤ 100 characters); required when the form requires it.
   * For a list field, send the item code.
   */
  [N in 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 as `custom${N}`]?: string;
};

/** The standard fields of a shared attendee. */
export interface AttendeeFields {
  /** The attendee's id in your system (≤ 48 characters): the key Concur matches updates and errors on. */
  externalId: string;
  /** Attendee type code (≤ 8 characters), e.g. `BUSGUEST`; see {@link AttendeesService.listTypes}. */
  type: string;
  /** Last name, ≤ 132 characters. */
  lastName: string;
  /** First name, ≤ 50 characters. */
  firstName?: string;
  /** Company name, ≤ 150 characters. */
  company?: string;
  /** Job title, ≤ 32 characters. */
  title?: string;
  /** Year-to-date spend to start from, a decimal such as `125.50`; needs `currencyCode`. */
  totalAmountYtd?: number | string;
  /**
   * ISO 4217 code of three capital letters, e.g. `USD`. Required with `totalAmountYtd`; Concur
   * documents an error for a missing currency code (1203) and all its examples send one, so
   * sending it always is the safe choice.
   */
  currencyCode?: string;
}

/** A shared attendee to create, or to update in full. */
export type AttendeeInput = AttendeeFields & AttendeeCustomFields;

/** The short form of an update that only changes whether an attendee is active. */
export interface AttendeeInactivation {
  /** The attendee's external id. */
  externalId: string;
  /** `true` inactivates the attendee (existing reports keep it); `false` makes it active again. */
  inactive: boolean;
}

/** An item of {@link AttendeesService.update}: a full attendee, or an (in)activation. */
export type AttendeeUpdate = AttendeeInput | AttendeeInactivation;

/** An attendee type configured in Concur. */
export interface AttendeeType {
  /** The type code to send as `type`, e.g. `BUSGUEST`. */
  type: string;
  /** The type's display name. */
  name: string;
}

const TEXT_FIELDS: ReadonlyArray<readonly [field: keyof AttendeeFields, wire: string, max: number, required: boolean]> = [
  ['externalId', 'external-id', 48, true],
  ['type', 'type', 8, true],
  ['lastName', 'last-name', 132, true],
  ['firstName', 'first-name', 50, false],
  ['company', 'company', 150, false],
  ['title', 'title', 32, false],
];

const CURRENCY = /^[A-Z]{3}$/;

/** A batch write of {@link AttendeesService}, for {@link AttendeesService.validate}. */
export type AttendeeOperation = 'create' | 'update';

/** The short form `{ externalId, inactive }` of an update (type and last name left out). */
function isInactivation(fields: Fields): boolean {
  return fields['inactive'] !== undefined && fields['type'] === undefined && fields['lastName'] === undefined;
}

/**
 * Every problem of an attendee, in the client-side form of Concur's attendee errors 1201–1217
 * (reference §2): empty when it can be sent. Updates also take the inactivation short form.
 */
function attendeeProblems(item: unknown, allowInactivation: boolean): ItemProblem[] {
  const problems = new ProblemList();
  const fields = problems.object(item, 'item', 'must be an object such as { externalId, type, lastName }');
  if (fields === undefined) return problems.list;
  problems.flag(fields, 'inactive');
  if (allowInactivation && isInactivation(fields)) {
    problems.text(fields, 'externalId', { max: 48, required: true });
    return problems.list;
  }
  for (const [field, , max, required] of TEXT_FIELDS) problems.text(fields, field, { max, required });
  problems.decimal(fields, 'totalAmountYtd', '125.50');
  if (fields['totalAmountYtd'] !== undefined && fields['currencyCode'] === undefined) problems.add('currencyCode', 'is required with totalAmountYtd');
  problems.matches(fields, 'currencyCode', CURRENCY, 'an ISO 4217 code of three capital letters such as USD');
  for (let n = 1; n <= CUSTOM_FIELDS; n += 1) problems.text(fields, `custom${n}`, { max: 100 });
  return problems.list;
}

function toWire(item: AttendeeUpdate): Record<string, string | undefined> {
  const record = item as unknown as Record<string, string | undefined>;
  const wire: Record<string, string | undefined> = {};
  for (const [field, name] of TEXT_FIELDS) wire[name] = record[field];
  const { totalAmountYtd, currencyCode } = item as AttendeeInput;
  wire['total-amount-ytd'] = totalAmountYtd === undefined ? undefined : decimalText(totalAmountYtd);
  wire['currency-code'] = currencyCode;
  for (let n = 1; n <= CUSTOM_FIELDS; n += 1) wire[`custom${n}`] = record[`custom${n}`];
  const { inactive } = item as Partial<AttendeeInactivation>;
  wire['inactive'] = inactive === undefined ? undefined : String(inactive);
  return wire;
}

/**
 * Attendee v1.0: create, update and inactivate attendees of the Shared (company-wide) attendee
 * list in batches of up to 1000, and read the attendee types (reference §2). Reached as
 * `concur.attendees`. There is no delete: inactivate instead. Attendees cannot be added to
 * private lists. Concur deprecated this API in 2018.
 *
 * @example
 * ```ts
 * const result = await concur.attendees.create([
 *   { externalId: 'ATT-1001', type: 'BUSGUEST', lastName: 'Okafor', firstName: 'Ada', currencyCode: 'USD' },
 * ]);
 * console.log(result.succeeded, result.failed, result.unknown);
 * ```
 */
export class AttendeesService extends ConcurService {
  /**
   * Adds attendees to the Shared list, any number of them, in batches of up to 1000.
   *
   * @example
   * ```ts
   * const result = await concur.attendees.create(attendees, { onProgress: (p) => console.log(p.completed) });
   * for (const item of result.items) if (item.status !== 'succeeded') console.warn(item.input.externalId, item.message);
   * ```
   */
  async create(items: BatchInput<AttendeeInput>, options?: BatchOptions<AttendeeInput>): Promise<BatchResult<AttendeeInput>> {
    return this.#batch(ENDPOINTS.create, items, false, options);
  }

  /**
   * Updates existing shared attendees, matched by `externalId` (Concur error 1305 when none
   * exists). An item `{ externalId, inactive: true }` inactivates an attendee, `inactive: false`
   * activates it again.
   *
   * @example
   * ```ts
   * await concur.attendees.update([
   *   { externalId: 'ATT-1001', type: 'BUSGUEST', lastName: 'Okafor', company: 'Northwind', currencyCode: 'USD' },
   *   { externalId: 'ATT-0999', inactive: true },
   * ]);
   * ```
   */
  async update(items: BatchInput<AttendeeUpdate>, options?: BatchOptions<AttendeeUpdate>): Promise<BatchResult<AttendeeUpdate>> {
    return this.#batch(ENDPOINTS.update, items, true, options);
  }

  /**
   * The attendee types configured in the company, whose codes go into `type`.
   *
   * @example
   * ```ts
   * const types = await concur.attendees.listTypes();
   * console.log(types.map((t) => `${t.type}: ${t.name}`));
   * ```
   */
  async listTypes(options?: CallOptions): Promise<AttendeeType[]> {
    const settings = callSettings(options);
    const response = await this.call(ENDPOINTS.listTypes, settings);
    const root = rootOf(response, 'attendee-types', 'GET', ENDPOINTS.listTypes.path);
    return elements(root, 'attendee-type').map((node) => ({ type: childText(node, 'type') ?? '', name: childText(node, 'name') ?? '' }));
  }

  /**
   * Every problem that would keep an attendee from being sent, empty when it is valid: the checks
   * `create` and `update` run on each item, for cleaning a file before sending it. Each problem
   * names the field as you wrote it (`lastName`) and says what is wrong with the value. Only
   * `update` takes the short form `{ externalId, inactive }`.
   *
   * @param operation The write the item is meant for: `'create'` (the default) or `'update'`.
   * @example
   * ```ts
   * const problems = concur.attendees.validate({ externalId: 'ATT-1', type: 'BUSGUEST', lastName: 42 });
   * // [{ field: 'lastName', message: 'lastName must be a string (got number 42)' }]
   * ```
   */
  validate(item: unknown, operation: AttendeeOperation = 'create'): ItemProblem[] {
    if (operation !== 'create' && operation !== 'update') {
      throw new ConcurValidationError(`operation must be 'create' or 'update' (got ${describeValue(operation)}).`, { field: 'operation' });
    }
    return attendeeProblems(item, operation === 'update');
  }

  async #batch<T extends AttendeeUpdate>(endpoint: EndpointSpec, items: BatchInput<T>, allowInactivation: boolean, options: BatchOptions<T> | undefined): Promise<BatchResult<T>> {
    const spec: BatchSpec<T> = {
      label: 'attendees',
      noun: 'Attendee',
      max: 1000,
      keyOf: (item) => item.externalId,
      problemsOf: (item) => attendeeProblems(item, allowInactivation),
      send: async (chunk, settings) => {
        const body = this.xmlBody(endpoint, { attendee: chunk.map(toWire) });
        const response = await this.call(endpoint, { body, ...settings });
        const root = rootOf(response, 'attendee-batch-result', endpoint.method, endpoint.path);
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          correlationId: response.correlationId,
          // v1.0 errors carry no index: they name the attendee by external-id (first 10 only).
          report: readCountedBatchResult(root, 'external-id'),
        };
      },
    };
    return runBatch(items, spec, options);
  }
}
