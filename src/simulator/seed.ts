import { readFile } from 'node:fs/promises';
import type { AddAttendeeOptions } from './state/attendees.js';
import type { AddExtractDefinitionOptions } from './state/extract.js';
import type { SimulatorState } from './state/index.js';
import type { AddListItemOptions } from './state/lists.js';
import type { AddPaymentBatchOptions } from './state/payment-batches.js';

/** A list in a seed, with its items (parents before children). */
export interface SeedList {
  /** The list's name. */
  name: string;
  /**
   * Id in URLs.
   * @default a generated opaque id
   */
  id?: string;
  /**
   * Number of levels.
   * @default 1
   */
  levels?: number;
  /**
   * Vendor list.
   * @default false
   */
  isVendor?: boolean;
  /**
   * Items, each `{ "codes": ["US", "SEA"], "name": "Seattle" }`.
   * @default []
   */
  items?: AddListItemOptions[];
}

/** An access token in a seed. */
export interface SeedToken {
  /** The token value. */
  token: string;
  /**
   * Owner's login id.
   * @default the first seeded user
   */
  loginId?: string;
  /**
   * Expiry as an ISO date or ms since the epoch.
   * @default never
   */
  expiresAt?: string | number;
}

/** An OAuth2 client in a seed. */
export interface SeedOAuthClient {
  /** `client_id` of the token request. */
  clientId: string;
  /** `client_secret` of the token request. */
  clientSecret: string;
}

/** A refresh token in a seed. */
export interface SeedRefreshToken {
  /** The refresh token value. */
  token: string;
  /**
   * Owner of the access tokens it produces.
   * @default the first seeded user
   */
  loginId?: string;
}

/** An attendee type in a seed. */
export interface SeedAttendeeType {
  /** The code, e.g. `BUSGUEST`. */
  type: string;
  /** Display name, e.g. `Business Guest`. */
  name: string;
}

/** A purchase order policy in a seed. */
export interface SeedPurchaseOrderPolicy {
  /** `PolicyExternalId`. */
  externalId: string;
  /**
   * False makes orders with this policy fail with 4001.
   * @default true
   */
  supportsPurchaseOrders?: boolean;
}

/** A purchase order vendor in a seed. */
export interface SeedVendor {
  /** `VendorCode`. */
  code: string;
  /** `VendorAddressCode`. */
  addressCode: string;
}

/**
 * The simulator's initial data, as an object (`startSimulator({ seed })`) or a JSON file
 * (`concur-sim --seed FILE`). Every part is optional; users use the profile's element names
 * (`LoginId`, `EmpId`, `FirstName` …) plus an optional `Password`.
 *
 * @example
 * ```json
 * {
 *   "randomSeed": 7,
 *   "users": [{ "LoginId": "ada@example.com", "EmpId": "E1", "FirstName": "Ada", "Password": "s3cret" }],
 *   "lists": [{ "name": "Cities", "levels": 2, "items": [{ "codes": ["US"], "name": "United States" }, { "codes": ["US", "SEA"], "name": "Seattle" }] }],
 *   "extractDefinitions": [{ "name": "Standard Accounting Extract" }],
 *   "paymentBatches": [{ "name": "Open batch", "reports": [{ "reportId": "R1", "employeeId": "E1", "amount": 12.5 }] }, { "name": "Empty batch" }],
 *   "tokens": [{ "token": "expired-token", "expiresAt": "2020-01-01T00:00:00Z" }]
 * }
 * ```
 */
export interface SimulatorSeed {
  /**
   * Seed of the random generator (ids, random faults), when the options give none.
   * @default 1
   */
  randomSeed?: number;
  /** Access tokens besides `SIMULATOR_TOKEN`. */
  tokens?: SeedToken[];
  /** OAuth2 clients for `POST /oauth2/v0/token`. */
  oauthClients?: SeedOAuthClient[];
  /** Refresh tokens for the refresh grant. */
  refreshTokens?: SeedRefreshToken[];
  /** Lists and their items. */
  lists?: SeedList[];
  /** Attendee types, e.g. `{ "type": "BUSGUEST", "name": "Business Guest" }`. */
  attendeeTypes?: SeedAttendeeType[];
  /** Shared attendees. */
  attendees?: AddAttendeeOptions[];
  /** Users by profile element name, with an optional `Password`. */
  users?: Array<Record<string, string>>;
  /** Fields of the Employee form by element name (`Id`, `Label`, `Required` …). */
  formFields?: Array<Record<string, string>>;
  /** Extract definitions. */
  extractDefinitions?: AddExtractDefinitionOptions[];
  /** Payment batches. */
  paymentBatches?: AddPaymentBatchOptions[];
  /** Purchase order policies; with none, any policy is accepted. */
  purchaseOrderPolicies?: SeedPurchaseOrderPolicy[];
  /** Vendors for purchase orders; with none, any vendor is accepted. */
  vendors?: SeedVendor[];
}

const ARRAY_KEYS = [
  'tokens',
  'oauthClients',
  'refreshTokens',
  'lists',
  'attendeeTypes',
  'attendees',
  'users',
  'formFields',
  'extractDefinitions',
  'paymentBatches',
  'purchaseOrderPolicies',
  'vendors',
] as const;

/**
 * Checks the shape of seed data read from JSON: an object with known keys whose parts are arrays
 * of objects. The stores check each entry as it is applied.
 *
 * @throws TypeError naming the first problem.
 * @example
 * ```ts
 * const seed = checkSeed(JSON.parse(await readFile('seed.json', 'utf8')));
 * ```
 */
export function checkSeed(value: unknown): SimulatorSeed {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('A seed must be a JSON object.');
  for (const [key, part] of Object.entries(value)) {
    if (key === 'randomSeed') {
      if (typeof part !== 'number' || !Number.isFinite(part)) throw new TypeError('seed.randomSeed must be a number.');
      continue;
    }
    if (key === '$schema' || key === 'description') continue;
    if (!(ARRAY_KEYS as readonly string[]).includes(key)) throw new TypeError(`Unknown seed key "${key}"; the keys are randomSeed, ${ARRAY_KEYS.join(', ')}.`);
    if (!Array.isArray(part) || part.some((entry) => typeof entry !== 'object' || entry === null || Array.isArray(entry))) {
      throw new TypeError(`seed.${key} must be an array of objects.`);
    }
  }
  return value as SimulatorSeed;
}

/**
 * Reads and checks a seed JSON file.
 *
 * @example
 * ```ts
 * const sim = await startSimulator({ seed: await loadSeedFile('test/concur-seed.json') });
 * ```
 */
export async function loadSeedFile(path: string): Promise<SimulatorSeed> {
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TypeError(`The seed file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return checkSeed(parsed);
}

/** Adds a seed's data to the state (on top of what is there). @internal */
export function applySeed(state: SimulatorState, seed: SimulatorSeed): void {
  for (const { Password, ...fields } of seed.users ?? []) {
    const user = state.users.add(fields, Password);
    state.tokens.defaultLoginId ??= user.loginId;
  }
  if (seed.formFields !== undefined) state.users.setFormFields(seed.formFields);
  for (const { token, loginId, expiresAt } of seed.tokens ?? []) {
    const expiry = expiresAt === undefined ? undefined : typeof expiresAt === 'number' ? expiresAt : Date.parse(expiresAt);
    if (expiry !== undefined && Number.isNaN(expiry)) throw new TypeError(`The expiry of seeded token ${token} is not a date: ${String(expiresAt)}.`);
    state.tokens.add(token, { ...(loginId === undefined ? {} : { loginId }), ...(expiry === undefined ? {} : { expiresAt: expiry }) });
  }
  for (const { clientId, clientSecret } of seed.oauthClients ?? []) state.tokens.addClient(clientId, clientSecret);
  for (const { token, loginId } of seed.refreshTokens ?? []) state.tokens.addRefreshToken(token, loginId);
  for (const { items, ...options } of seed.lists ?? []) {
    const list = state.lists.create(options);
    for (const item of items ?? []) list.addItem(item);
  }
  for (const { type, name } of seed.attendeeTypes ?? []) state.attendees.addType(type, name);
  for (const attendee of seed.attendees ?? []) state.attendees.add(attendee);
  for (const definition of seed.extractDefinitions ?? []) state.extract.addDefinition(definition);
  for (const batch of seed.paymentBatches ?? []) state.paymentBatches.add(batch);
  for (const { externalId, supportsPurchaseOrders } of seed.purchaseOrderPolicies ?? []) state.purchaseOrders.addPolicy(externalId, supportsPurchaseOrders ?? true);
  for (const { code, addressCode } of seed.vendors ?? []) state.purchaseOrders.addVendor(code, addressCode);
}
