import type { XmlElement } from '../../xml/nodes.js';
import { SimHttpError, type Route, type SimContext, type SimRequest, type SimResponse } from '../http-types.js';
import type { AttendeeStore, SimAttendee } from '../state/attendees.js';
import { checkBatchSize, field, itemsOf, readXmlBody } from '../xml-input.js';
import { NAMESPACES, xmlResponse } from '../xml-responses.js';
import { ItemProblem, batchResultResponse, tallyItems } from './batch-result.js';

// Attendee v1.0 (reference §2): batch create / update of shared attendees, and the types.
const OPTIONAL_TEXT: ReadonlyArray<readonly [wire: string, key: 'firstName' | 'company' | 'title', max: number]> = [
  ['first-name', 'firstName', 50],
  ['company', 'company', 150],
  ['title', 'title', 32],
];
const DECIMAL = /^-?\d+(\.\d+)?$/;

function tooLong(wire: string, max: number): ItemProblem {
  return new ItemProblem(1217, `The value of ${wire} is longer than ${max} characters.`);
}

/** Checks the fields of a full attendee (create, or update in full) against codes 1202-1218. */
function readFull(node: XmlElement, store: AttendeeStore): Omit<SimAttendee, 'externalId' | 'inactive' | 'version'> & { inactive?: boolean } {
  const type = field(node, 'type');
  if (type === undefined || type === '') throw new ItemProblem(1202, 'Missing attendee type.');
  if (type.length > 8) throw new ItemProblem(1205, 'The attendee type is longer than 8 characters.');
  if (store.type(type) === undefined) throw new ItemProblem(1218, `Invalid attendee type ${type}.`);
  const lastName = field(node, 'last-name');
  if (lastName === undefined || lastName === '') throw new ItemProblem(1209, 'Missing required field: last-name.');
  if (lastName.length > 132) throw tooLong('last-name', 132);
  const optional: Partial<Record<'firstName' | 'company' | 'title', string>> = {};
  for (const [wire, key, max] of OPTIONAL_TEXT) {
    const value = field(node, wire);
    if (value !== undefined && value.length > max) throw tooLong(wire, max);
    if (value !== undefined) optional[key] = value;
  }
  const totalAmountYtd = field(node, 'total-amount-ytd');
  const currencyCode = field(node, 'currency-code');
  if (totalAmountYtd !== undefined && !DECIMAL.test(totalAmountYtd)) throw new ItemProblem(1211, `Invalid money value ${totalAmountYtd} for total-amount-ytd.`);
  if (totalAmountYtd !== undefined && (currencyCode === undefined || currencyCode === '')) throw new ItemProblem(1203, 'Missing currency code.');
  if (currencyCode !== undefined && !/^[A-Z]{3}$/.test(currencyCode)) throw new ItemProblem(1208, `Invalid currency code ${currencyCode}.`);
  const custom: Record<string, string> = {};
  for (let index = 1; index <= 20; index += 1) {
    const value = field(node, `custom${index}`);
    if (value !== undefined && value.length > 100) throw tooLong(`custom${index}`, 100);
    if (value !== undefined) custom[`custom${index}`] = value;
  }
  const inactive = readInactive(node);
  return {
    type,
    lastName,
    firstName: optional.firstName,
    company: optional.company,
    title: optional.title,
    totalAmountYtd,
    currencyCode,
    custom,
    ...(inactive === undefined ? {} : { inactive }),
  };
}

function readInactive(node: XmlElement): boolean | undefined {
  const value = field(node, 'inactive');
  if (value === undefined) return undefined;
  if (!/^(true|false)$/i.test(value)) throw new ItemProblem(1206, `Invalid inactive value ${value}; use true or false.`);
  return value.toLowerCase() === 'true';
}

function applyItem(node: XmlElement, store: AttendeeStore, type: 'create' | 'update'): void {
  const externalId = field(node, 'external-id');
  if (externalId === undefined || externalId === '') throw new ItemProblem(1201, 'Missing external id.');
  if (externalId.length > 48) throw new ItemProblem(1204, 'The external id is longer than 48 characters.');
  const existing = store.get(externalId);
  if (type === 'create') {
    if (existing !== undefined) throw new ItemProblem(1301, `Unexpected error creating the attendee: external id ${externalId} is in use.`);
    store.add({ externalId, ...stripUndefined(readFull(node, store)) });
    return;
  }
  if (existing === undefined) throw new ItemProblem(1305, `Update of a non-existing attendee: ${externalId}.`);
  // The inactivation form carries only external-id and inactive (reference §2).
  const names = Object.keys(node).filter((name) => !name.startsWith('@_'));
  if (names.every((name) => name === 'external-id' || name === 'inactive') && names.includes('inactive')) {
    existing.inactive = readInactive(node) ?? existing.inactive;
  } else {
    const { inactive, ...fields } = readFull(node, store);
    Object.assign(existing, fields);
    if (inactive !== undefined) existing.inactive = inactive;
  }
  existing.version += 1;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function postBatch(request: SimRequest, context: SimContext): SimResponse {
  const type = request.query.get('type')?.toLowerCase();
  if (type !== 'create' && type !== 'update') {
    throw new SimHttpError(400, 'The batch type parameter is missing or invalid; use type=create or type=update.');
  }
  const root = readXmlBody(request, 'attendee-batch', { namespace: NAMESPACES.attendee }, 'No attendee-batch element was found (code 1101).');
  const nodes = itemsOf(root, 'attendee');
  checkBatchSize(nodes.length, 'attendees');
  const tally = tallyItems(nodes, (node) => applyItem(node, context.state.attendees, type), (node) => ({ 'external-id': field(node, 'external-id') ?? '' }));
  return batchResultResponse('attendee-batch-result', NAMESPACES.attendee, tally);
}

/** The Attendee v1.0 endpoints; the plural path of the page's URI header is accepted too. */
export const attendeeRoutes: Route[] = [
  { method: 'POST', paths: ['/api/expense/attendee/v1.0/batch', '/api/expense/attendees/v1.0/batch'], handler: postBatch },
  {
    method: 'GET',
    paths: ['/api/expense/attendee/v1.0/type', '/api/expense/attendees/v1.0/type'],
    handler: (_request, context) => xmlResponse('attendee-types', { 'attendee-type': context.state.attendees.types().map(({ type, name }) => ({ type, name })) }, NAMESPACES.attendee),
  },
];
